"""Reports for tests: the real samples, and small consistent reports built by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.catalogue import LAYOUTS, T3_PARTS, T4_PARTS
from models.datafile import read_report
from models.report import Fees, Report, Unit

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = SHARED / "samples" / "reports"
TEMPLATE = SHARED / "samples" / "templates" / "wps-template-govnianbao.docx"
SPEC = SHARED / "spec"


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"需要 shared/ 目录中的 {path.name}（仓库旁的 ../shared 不存在）")
    return path


def sample(name: str) -> Report:
    report, _ = read_report(need_shared(SAMPLES / f"{name}.json"))
    return report


def sample_names() -> list[str]:
    return sorted(p.stem for p in SAMPLES.glob("*.json"))


# A small report in which every identity holds and no 核实 rule fires.
T3_PARTS_BY_ROW = {
    "r1": (10, 2, 0, 1, 0, 1),
    "r2": (1, 0, 0, 0, 0, 0),
    "r3_1": (4, 1, 0, 0, 0, 0),
    "r3_2": (2, 0, 0, 1, 0, 0),
    "r3_3_4": (1, 0, 0, 0, 0, 0),
    "r3_4_1": (1, 0, 0, 0, 0, 1),
    "r3_5_2": (1, 0, 0, 0, 0, 0),
    "r3_6_1": (1, 0, 0, 0, 0, 0),
    "r4": (1, 1, 0, 0, 0, 0),
}
GOOD_TEXT = {
    "preamble": "本报告根据《中华人民共和国政府信息公开条例》编制。",
    "s1": "（一）主动公开\n本年主动公开政府信息。本年共收到政府信息公开申请14件，上年结转1件，办结13件，结转下年度继续办理2件。\n"
          "（五）监督保障\n开展工作考核和社会评议，未发生责任追究情况。",
    "s5": "存在的主要问题：主动公开的及时性有待提高，政策解读形式较为单一。改进措施：加强培训，规范发布流程，丰富解读形式。",
    "s6": "本年度发出收费通知0件，总金额0元，实际收取0元。",
}


def good_report(year: int = 2024, kind: str = "gov", level: str = "township") -> Report:
    layout = LAYOUTS["2021"]
    cells = {key: 0 for key in layout.cells}
    for row, parts in T3_PARTS_BY_ROW.items():
        for col, value in zip(T3_PARTS, parts):
            cells[f"t3.{row}.{col}"] = value
    cells.update({"t2.gfxwj.made": 3, "t2.gfxwj.repealed": 1, "t2.gfxwj.valid": 20,
                  "t2.xzxk.count": 12, "t2.xzcf.count": 5, "t2.xzqz.count": 1})
    from decimal import Decimal
    cells["t2.sf.amount"] = Decimal("0.092")
    for block, parts in {"fy": (1, 1, 0, 1), "zs": (1, 0, 0, 0), "fyhs": (0, 0, 1, 0)}.items():
        for col, value in zip(T4_PARTS, parts):
            cells[f"t4.{block}.{col}"] = value
    report = Report(year=year, unit=Unit("某某镇人民政府", kind, level), cells=cells, text=dict(GOOD_TEXT),
                    fees=Fees())
    report.fill_totals()
    return report


def next_year(report: Report) -> Report:
    """A following-year report consistent with `report` across years (S-3, S-5 hold)."""
    following = good_report(report.year + 1, report.unit.kind, report.unit.level)
    for col in (*T3_PARTS, "zj"):
        following.cells[f"t3.r2.{col}"] = report.cells[f"t3.r4.{col}"]
    # keep H-4: the new carry-in is balanced by the same number of new applications less
    shift = {c: following.number(f"t3.r2.{c}") - report.number(f"t3.r2.{c}") for c in T3_PARTS}
    for c, delta in shift.items():
        following.cells[f"t3.r1.{c}"] = following.number(f"t3.r1.{c}") - delta
    for row in ("gz", "gfxwj"):
        following.cells[f"t2.{row}.valid"] = (report.number(f"t2.{row}.valid") + following.number(f"t2.{row}.made")
                                             - following.number(f"t2.{row}.repealed"))
    following.text = {k: v.replace(str(report.year), str(following.year)) for k, v in report.text.items()}
    following.text["s5"] = "本年问题：依申请公开答复文书的规范性仍需提升，基层公开目录更新不够及时。下一步将完善答复模板并开展季度检查。"
    following.fill_totals()
    following.text["s1"] = (f"（一）主动公开\n围绕重点领域持续公开，政策解读更加及时。"
                            f"本年新收政府信息公开申请{following.number('t3.r1.zj')}件。\n"
                            "（五）监督保障\n将政务公开纳入工作考核，邀请群众开展社会评议，本年无责任追究情况。")
    return following
