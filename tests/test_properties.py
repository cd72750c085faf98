"""Property-based: consistent reports pass every 强制 rule, and changing any single number
that takes part in an identity is caught by a 强制 rule naming that cell."""

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from models.catalogue import LAYOUTS, T3_PARTS, T3_TOTAL_ROW, T4_PARTS, ValueKind
from models.checks import ERROR, check_report
from models.report import Report, Unit

SMALL = st.integers(min_value=0, max_value=60)


@st.composite
def consistent_reports(draw, fmt="2021"):
    layout = LAYOUTS[fmt]
    year = draw(st.integers(2021, 2030)) if fmt == "2021" else draw(st.integers(2019, 2020))
    cells = {}
    for key, cell in layout.cells.items():
        if cell.table == "t2":
            if cell.kind is ValueKind.AMOUNT:
                cells[key] = Decimal(draw(st.integers(0, 10**9))) / 1000
            elif cell.kind is ValueKind.SIGNED:
                cells[key] = draw(st.integers(-50, 50))
            else:
                cells[key] = draw(SMALL)
    for col in T3_PARTS:
        done = 0
        for row in layout.outcome_rows:
            cells[f"t3.{row}.{col}"] = value = draw(SMALL)
            done += value
        open_ = cells[f"t3.r4.{col}"] = draw(SMALL)
        carried = cells[f"t3.r2.{col}"] = draw(st.integers(0, done + open_))
        cells[f"t3.r1.{col}"] = done + open_ - carried       # H-4 holds by construction
    for block in ("fy", "zs", "fyhs"):
        for col in T4_PARTS:
            cells[f"t4.{block}.{col}"] = draw(SMALL)
    report = Report(year=year, unit=Unit("某某县人民政府", "gov", "county"), format=fmt, cells=cells)
    report.fill_totals()
    return report


def errors(report):
    return [f for f in check_report(report) if f.severity == ERROR]


@settings(max_examples=150, deadline=None)
@given(consistent_reports())
def test_consistent_2021_reports_pass_every_hard_rule(report):
    assert errors(report) == []


@settings(max_examples=50, deadline=None)
@given(consistent_reports("2019"))
def test_consistent_2019_reports_pass_every_hard_rule(report):
    assert errors(report) == []


def _in_an_identity(layout, key):
    if key.startswith("t3.") and key.split(".")[1] in ("r1", "r2", T3_TOTAL_ROW, "r4"):
        return True      # H-4
    return any(key == i.total or key in i.addends for i in layout.identities)


@settings(max_examples=300, deadline=None)
@given(consistent_reports(), st.data())
def test_changing_one_number_is_caught_when_it_breaks_an_identity(report, data):
    key = data.draw(st.sampled_from(sorted(report.layout.cells)))
    old = report.cells[key]
    delta = data.draw(st.integers(1, 500))
    if isinstance(old, Decimal):
        new = old + delta
    else:
        new = old + delta if data.draw(st.booleans()) or old - delta < 0 else old - delta
    report.cells[key] = new
    found = errors(report)
    if _in_an_identity(report.layout, key):
        assert any(key in f.cells for f in found), (key, old, new)
    else:
        assert found == []     # 表二 has no identity within one year
