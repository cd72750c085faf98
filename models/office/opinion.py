"""审核意见: the .docx that goes back with a returned report — the office's remarks, each beside
the finding it is about — laid out like the 审核说明表 (models/export/check_sheet.py)."""

from __future__ import annotations

from pathlib import Path

from models.atomic import write_atomically
from models.checks import SEVERITY_LABEL, Finding
from models.export.document import build_from_body, paragraph, set_properties, title, title_lines
from models.export.tables import simple_table_xml
from models.report import REVIEW_STATUSES, Report
from models.values import format_date

SUFFIX = "审核意见"
COLUMNS_MM = (12, 70, 74)
HEADER = ("序号", "审核结果", "意见")
GONE = "（该审核结果在报告中已不存在）"


def opinion_rows(report: Report, findings: list[Finding]) -> list[tuple[str, str, str]]:
    by_id = {f.id: f for f in findings}
    rows = []
    for n, comment in enumerate(report.review.comments, 1):
        if comment.finding is None:
            about = "对报告的总体意见"
        elif comment.finding in by_id:
            f = by_id[comment.finding]
            about = f"［{SEVERITY_LABEL[f.severity]}］{f.rule} {f.message}"
        else:
            about = f"{comment.finding}{GONE}"
        rows.append((str(n), about, comment.text))
    return rows


def write_opinion(report: Report, findings: list[Finding], path: str | Path) -> Path:
    """`report.review` as the 审核意见 .docx at `path` (atomically)."""
    review = report.review
    verdict = REVIEW_STATUSES[review.status]
    parts = [paragraph("\n".join(title_lines(report, SUFFIX)), "Title"),
             paragraph(f"审核结论：{verdict}。" + (f"审核人：{review.reviewer}。" if review.reviewer else "")
                       + f"审核日期：{format_date(review.date)}。"),
             paragraph("请按以下意见逐条修改，在本程序中打开退回的数据文件即可在“审核”一步看到每条意见，修改后重新报送。"
                       if review.status == "returned" else "报告已审核通过。")]
    rows = opinion_rows(report, findings)
    if rows:
        parts.append(simple_table_xml(COLUMNS_MM, [HEADER] + rows))
    document = build_from_body(parts)
    set_properties(document, title(report) + SUFFIX, review.reviewer or report.unit.name)
    return write_atomically(path, lambda tmp: document.save(str(tmp)))
