"""What an import gives back."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.report import Report


class NotAReport(ValueError):
    """The file is not a 政府信息公开工作年度报告 the importer can read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Gap:
    """Something of the report that could not be read: a cell (`key`), or, with key None, a
    whole table, a row that matches no label, the year or the unit's name."""
    key: str | None
    where: str      # 「表三 一、本年新收政府信息公开申请数量·科研机构」
    reason: str     # 「单元格内容“？”不是数字」

    def __str__(self) -> str:
        return f"{self.where}：{self.reason}"


@dataclass
class ImportResult:
    report: Report
    gaps: list[Gap] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every cell of the layout was read (and the year and unit were found)."""
        return not self.gaps
