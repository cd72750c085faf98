"""Where a typo most likely sits when a sum does not add up (models/typos.py), and the H-2/H-3/H-4
messages that say by how much the sides differ and name those cells."""

from models.checks import check_report
from models.typos import slips, suspects
from tests.factory import good_report


def test_usual_slips():
    assert {120, 112, 1, 2, 21, 13, 22, 11} <= set(slips(12))      # extra digit, dropped, swapped, off by one
    assert 12 not in slips(12) and 7 not in slips(12)
    assert 10 in slips(1) and 0 in slips(1) and 0 not in slips(90)
    assert slips(12)[120] and slips(12)[21] and slips(12)[112] and not slips(12)[13]    # the commonest first


def test_suspects_are_the_cells_one_slip_from_making_the_sum_hold():
    # 一 10 + 二 1 = 三 (4 + 50) + 四 2 is off by 45: 50 is the 5 that balances it, with an extra 0
    terms = [("new", 10, 1), ("carried", 1, 1), ("a", 4, -1), ("b", 50, -1), ("open", 2, -1)]
    assert suspects(terms, 11 - 56) == ("b",)
    assert suspects(terms, 0) == ()
    # nothing one slip away: no suspect rather than a guess
    assert suspects([("x", 500, 1), ("y", 3, -1)], 497) == ()


def test_h4_says_how_far_apart_the_sides_are_and_where_the_typo_likely_is():
    report = good_report()
    typed = report.cells["t3.r3_1.zrr"]
    report.cells["t3.r3_1.zrr"] = typed * 10                  # an extra 0 in （一）予以公开·自然人
    report.fill_totals()
    (h4,) = [f for f in check_report(report) if f.rule == "H-4" and f.cells[0] == "t3.r1.zrr"]
    assert f"相差 {typed * 9}" in h4.message
    assert h4.suspects == ("t3.r3_1.zrr",) and "最可能输错的是：（一）予以公开·自然人" in h4.message
    assert h4.id == "H-4|t3.r1.zrr,t3.r2.zrr,t3.r3_7.zrr,t3.r4.zrr"    # suspects are not part of the id


def test_h3_on_a_typed_total_names_the_total():
    report = good_report()
    report.cells["t3.r3_7.zrr"] = int(str(report.cells["t3.r3_7.zrr"]) + "0")   # the paper's total mistyped
    (h3,) = [f for f in check_report(report) if f.rule == "H-3" and f.cells[0] == "t3.r3_7.zrr"]
    assert "相差" in h3.message and "t3.r3_7.zrr" in h3.suspects
