"""Sentences from the figures: the standard statements of an annual report, written from the
cells so that they cannot contradict the tables. The wizard offers them as 参考文本 the clerk
inserts and edits; the document export uses some directly.

The figures are computed here; the wording lives in templates/text/*.j2. Template layout:
the lines of one paragraph are joined (Chinese has no spaces between words), a blank line
separates paragraphs, and paragraphs come out separated by "\\n" (the data-file convention).
Empty or missing cells count as 0, as in the checks.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from models.catalogue import SECTIONS, T3_COLUMNS, T3_ORG, T3_ORG_GROUP, T4_COLUMNS, T4_PARTS, Layout
from models.paths import shipped
from models.report import Fees, Report

TEMPLATE_DIR = shipped("templates", "text")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=False, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def _render(template: str, **figures) -> str:
    text = _environment().get_template(template).render(**figures)
    paragraphs = ("".join(line.strip() for line in chunk.splitlines()) for chunk in _PARAGRAPH_BREAK.split(text))
    return "\n".join(p for p in paragraphs if p)


def written_amount(value: int | Decimal) -> str:
    """An amount as people write it: as entered up to two decimal places (「12.50」), rounded to
    two places beyond that (「5949.088667」 → 「5949.09」), and to two significant digits below 1
    (「0.0925」 → 「0.093」, 「0.092」 stays). Never a float, never "9.2E-2"."""
    if not isinstance(value, Decimal) or value.as_tuple().exponent >= -2:
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if abs(value) >= 1:
        return format(value.quantize(Decimal("0.01"), ROUND_HALF_UP), "f")
    places = Decimal(1).scaleb(value.adjusted() - 1)          # two significant digits
    return format(value.quantize(places, ROUND_HALF_UP).normalize(), "f")


def _percent(part: int, whole: int) -> str:
    return f"{(Decimal(part) * 100 / whole).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def _named(report: Report) -> dict:
    return {"year": report.year, "unit": report.unit.name}


# --- 前言 ---------------------------------------------------------------------------------


def default_preamble(report: Report) -> str:
    """The paragraph before 一 when the clerk wrote none."""
    parts = [section.heading.split("、", 1)[1] for section in SECTIONS]   # "一、总体情况" -> "总体情况"
    return _render("preamble.j2", **_named(report), format_title=report.layout.title, parts=parts)


# --- 依申请公开 (表三) --------------------------------------------------------------------


def _outcome_groups(layout: Layout) -> dict[str, tuple[str, ...]]:
    """（一）予以公开 …（六）其他处理 by short name, with the 表三 rows summed into each."""
    rows = {row.key: row for row in layout.table("t3").rows}
    groups: dict[str, tuple[str, ...]] = {}
    for key in layout.outcome_rows:
        row = rows[key]
        label = row.path[1] if len(row.path) > 1 else (row.short or row.label)   # the merged group label
        name = re.sub(r"^（.）", "", label)
        groups[name] = groups.get(name, ()) + (key,)
    return groups


def applications_sentence(report: Report, previous: Report | None = None) -> str:
    """依申请公开 in the words rule S-9 reads, with the table's own figures (even where the
    table does not add up); `previous` (last year's report, either layout) adds the change."""
    n = report.number
    received = n("t3.r1.zj")
    applicants = [(T3_COLUMNS[0].label, n("t3.r1.zrr")), (T3_ORG_GROUP, sum(n(f"t3.r1.{c}") for c in T3_ORG))]
    outcomes = [(name, sum(n(f"t3.{row}.zj") for row in rows)) for name, rows in _outcome_groups(report.layout).items()]
    change = percent = None
    if previous is not None:
        before = previous.number("t3.r1.zj")
        change = received - before
        if change and before:     # no percentage against nothing
            percent = _percent(abs(change), before)
    return _render("applications.j2", **_named(report), received=received, carried_in=n("t3.r2.zj"),
                   done=n("t3.r3_7.zj"), carried_out=n("t3.r4.zj"),
                   applicants=[a for a in applicants if a[1]], outcomes=[o for o in outcomes if o[1]],
                   change=change, change_percent=percent)


# --- 主动公开 (表二) ----------------------------------------------------------------------


def disclosure_sentence(report: Report) -> str:
    """主动公开 from 表二, in the columns of the report's own layout."""
    n = report.number

    def columns(row: str, *cols: str) -> dict[str, int]:
        return {c: n(f"t2.{row}.{c}") for c in cols}

    if report.format == "2019":
        made = ("new_made", "new_public", "total_public")
        regulations = columns("gz", *made)
        return _render("disclosure_2019.j2", **_named(report),
                       regulations=regulations if any(regulations.values()) else None,
                       normative=columns("gfxwj", *made),
                       licensing=n("t2.xzxk.decisions"), other_services=n("t2.qtdwgl.decisions"),
                       penalties=n("t2.xzcf.decisions"), enforcement=n("t2.xzqz.decisions"),
                       fee_items=n("t2.sf.prev_items"), fee_items_change=n("t2.sf.delta"),
                       procurement=n("t2.zfcg.items"))
    made = ("made", "repealed", "valid")
    regulations = columns("gz", *made)
    return _render("disclosure.j2", **_named(report),
                   regulations=regulations if any(regulations.values()) else None,
                   normative=columns("gfxwj", *made),
                   licensing=n("t2.xzxk.count"), penalties=n("t2.xzcf.count"), enforcement=n("t2.xzqz.count"),
                   fee_amount=written_amount(n("t2.sf.amount")))


# --- 行政复议、行政诉讼 (表四) --------------------------------------------------------------


def review_sentence(report: Report) -> str:
    n = report.number
    review, *lawsuits = report.layout.table("t4").rows      # 行政复议, 未经复议直接起诉, 复议后起诉
    parts = [c for c in T4_COLUMNS if c.key in T4_PARTS]   # 结果维持 … 尚未审结

    def outcomes(rows) -> list[tuple[str, int]]:
        counted = [(c.label, sum(n(f"t4.{row.key}.{c.key}") for row in rows)) for c in parts]
        return [o for o in counted if o[1]]

    sources = [(row.label, n(f"t4.{row.key}.zj")) for row in lawsuits]
    return _render("review.j2", review_total=n(f"t4.{review.key}.zj"), review_outcomes=outcomes([review]),
                   lawsuit_total=sum(count for _, count in sources),
                   lawsuit_sources=[s for s in sources if s[1]], lawsuit_outcomes=outcomes(lawsuits))


# --- 信息处理费 (六) -----------------------------------------------------------------------


def fee_sentence(fees: Fees) -> str:
    """The 信息处理费 sentence of 六 (rules S-10, S-11); amounts in 元 as written (`written_amount`)."""
    charged = bool(fees.notices or fees.notice_amount_yuan or fees.collected_yuan)
    return _render("fees.j2", charged=charged, notices=fees.notices,
                   notice_amount=written_amount(fees.notice_amount_yuan), collected=written_amount(fees.collected_yuan))


# --- 参考文本 ------------------------------------------------------------------------------


def reference_texts(report: Report, previous: Report | None = None) -> dict[str, str]:
    """参考文本 per narrative key: preamble, s1 (the five sub-headings with the figures), s4, s6."""
    texts = {
        "preamble": default_preamble(report),
        "s1": _render("overview.j2", headings=SECTIONS[0].subheadings,
                      disclosure=disclosure_sentence(report),
                      applications=applications_sentence(report, previous),
                      government=report.unit.kind == "gov"),
        "s4": review_sentence(report),
    }
    if report.fees is not None:
        texts["s6"] = fee_sentence(report.fees)
    return texts
