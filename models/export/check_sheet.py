"""审核说明表: the check sheet for the sign-off folder — every finding (强制, 核实 with the
clerk's 说明, 提示), so the reviewer sees what was checked and why a warning stands. What it
says above the list follows the sign-off rule of models/signoff.py."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from models.checks import ERROR, INFO, SEVERITY_LABEL, Finding
from models.export.document import Block, build_from_body, paragraph, title_lines, set_properties, title
from models.export.package import DocxPackage
from models.export.tables import simple_table_xml
from models.report import Report
from models.signoff import check_sheet_statement, draft_notice, sign_off
from models.values import format_date

SUFFIX = "审核说明表"
COLUMNS_MM = (12, 16, 14, 66, 48)
HEADER = ("序号", "规则", "类别", "审核内容", "说明")
NO_EXPLANATION = "（未填写说明）"
MUST_FIX = "（须改正）"
NO_NEED = "（提示，无需说明）"
SIGNOFF = ("填报人：＿＿＿＿＿＿＿　　　　审核人：＿＿＿＿＿＿＿",
           "单位负责人：＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿＿")
_FLUSH_LEFT = {"firstLineChars": 0, "firstLine": 0}
CARRIED_COLOUR = "1F5FBF"    # the wizard's colour for figures carried from last year


def check_sheet_blocks(report: Report, findings: list[Finding], checked_on: date | None = None,
                       carried: Iterable[str] = ()) -> list[Block]:
    """What the check sheet says, in order (blocks as in models.export.document), for the .docx and
    the HTML. `carried`: keys of the figures taken over from last year's report (shown in blue)."""
    state = sign_off(findings)
    counts = "，".join(f"{SEVERITY_LABEL[s]} {sum(f.severity == s for f in findings)} 项" for s in SEVERITY_LABEL)
    blocks: list[Block] = [
        ("title", title_lines(report, SUFFIX)),
        ("text", f"审核日期：{format_date(checked_on or date.today())}。审核结果：{counts}。"),
        ("text", "".join(check_sheet_statement(state)))]
    notice = draft_notice(state)
    if notice:
        blocks.append(("heading2", notice))
    if findings:
        rows = [HEADER] + [(str(i), f.rule, SEVERITY_LABEL[f.severity], f.message, _answer(f))
                           for i, f in enumerate(findings, 1)]
        blocks.append(("grid", rows))
    carried = [k for k in report.layout.cells if k in set(carried)]
    if carried:
        blocks.append(("heading2", "由上年报告结转的数字（蓝色）"))
        blocks.append(("carried", [f"{report.layout.cells[k].name}：{report.number(k)}" for k in carried]))
    blocks.append(("signoff", SIGNOFF))
    return blocks


def _answer(f: Finding) -> str:
    """What the 说明 column says for a finding."""
    if f.severity == ERROR:
        return MUST_FIX
    if f.severity == INFO:
        return NO_NEED
    return f.explanation or NO_EXPLANATION


def build_check_sheet(report: Report, findings: list[Finding], checked_on: date | None = None,
                      carried: Iterable[str] = ()) -> DocxPackage:
    parts: list[str] = []
    for kind, value in check_sheet_blocks(report, findings, checked_on, carried):
        match kind:
            case "title":
                parts.append(paragraph("\n".join(value), "Title"))
            case "heading2":
                parts.append(paragraph(value, "Heading2"))
            case "text":
                parts.append(paragraph(value))
            case "grid":
                parts.append(simple_table_xml(COLUMNS_MM, value))
            case "carried":
                parts += [paragraph(line, colour=CARRIED_COLOUR) for line in value]
            case "signoff":
                parts += [paragraph("")] + [paragraph(line, ind=_FLUSH_LEFT) for line in value]
            case _:
                raise ValueError(f"unknown block {kind!r}")
    document = build_from_body(parts)
    set_properties(document, title(report) + SUFFIX, report.unit.name)
    return document
