"""Every file the app writes is valid OOXML: the report, the 审核说明表 and the Excel workbook of
every real sample, and templates/base.docx, pass openxml-audit (a port of the Open XML SDK's
validator, element order included) with zero errors. The validator itself is shown to reject
the faults Word repairs or drops — a validator that passes everything would prove nothing."""

import random
import re
import zipfile
from datetime import date

import pytest
from openxml_audit import OpenXmlValidator, ValidationSeverity

from models.checks import check_report
from models.export import export_check_sheet, export_report
from models.export.base import BASE_DOCX
from models.export.ooxml import ORDER, props
from models.signoff import sign_off
from models.xlsx import export_tables_xlsx
from tests.factory import SAMPLES, good_report, sample, sample_names

NAMES = sample_names() or ["(good report)"]


@pytest.fixture(scope="module")
def validator():
    return OpenXmlValidator(max_errors=0)     # loading the schemas takes a second: once per module


def errors(validator, path) -> list[str]:
    result = validator.validate(path)
    return [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors if e.severity == ValidationSeverity.ERROR]


def _report(name):
    return sample(name) if SAMPLES.exists() else good_report()


@pytest.mark.parametrize("name", NAMES)
def test_every_export_of_every_sample_is_valid(name, validator, tmp_path):
    report = _report(name)
    draft = not sign_off(check_report(report)).final
    export_report(report, tmp_path / "r.docx", draft=draft, sign_date=date(2025, 1, 20))
    export_check_sheet(report, tmp_path / "c.docx", checked_on=date(2025, 1, 20))
    export_tables_xlsx(report, tmp_path / "t.xlsx")
    for path in ("r.docx", "c.docx", "t.xlsx"):
        assert errors(validator, tmp_path / path) == [], path


def test_the_base_template_and_the_variants_are_valid(validator, tmp_path):
    assert errors(validator, BASE_DOCX) == []
    report = good_report()
    report.published = None
    report.text["s6"] = ""                  # 六 empty: the 落款 keeps with a heading
    report.text["s1"] = "（一）主动公开情况。“谁公开、谁审查”——全年公开…\n1.加强领导。成立专班。"
    export_report(report, tmp_path / "a.docx", draft=True, seal=False)
    export_report(report, tmp_path / "b.docx", signature=False)
    for path in ("a.docx", "b.docx"):
        assert errors(validator, tmp_path / path) == [], path


# --- the validator catches what Word repairs ----------------------------------------------------


def _variant(source, target, part, old, new):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                text = data.decode("utf-8")
                assert re.search(old, text), (part, old)
                data = re.sub(old, new, text, count=1).encode("utf-8")
            zout.writestr(item, data)
    return target


@pytest.mark.parametrize("part, old, new, rejected", [
    # what the export wrote before: <w:ind> before <w:spacing> in styles.xml …
    ("word/styles.xml", r"(<w:spacing [^>]*/>)(<w:ind [^>]*/>)", r"\2\1", "spacing"),
    # … and <w:keepNext/> before <w:pStyle> in document.xml
    ("word/document.xml", r'<w:pPr><w:pStyle w:val="Heading1"/>', '<w:pPr><w:keepNext/><w:pStyle w:val="Heading1"/>',
     "pStyle"),
    ("word/document.xml", r'<w:vAlign w:val="center"/>', '<w:vAlign w:val="center"/><w:gridSpan w:val="2"/>',
     "gridSpan"),
    ("word/document.xml", r'<w:jc w:val="center"/>', '<w:jc w:val="middle"/>', "middle"),
])
def test_the_validator_rejects_what_word_repairs(validator, tmp_path, part, old, new, rejected):
    good = tmp_path / "good.docx"
    export_report(good_report(), good, sign_date=date(2025, 1, 20))
    assert errors(validator, good) == []
    found = errors(validator, _variant(good, tmp_path / "bad.docx", part, old, new))
    assert found and any(rejected in e and part in e for e in found), found


def test_the_validator_rejects_openpyxl_font_order(validator, tmp_path):
    """openpyxl writes <font><name/>…<sz/></font>; the schema's sequence puts sz before name."""
    good = export_tables_xlsx(good_report(), tmp_path / "good.xlsx")
    assert errors(validator, good) == []
    bad = _variant(good, tmp_path / "bad.xlsx", "xl/styles.xml", r"<font>(<sz [^>]*/>)(.*?)(<name [^>]*/>)",
                   r"<font>\3\2\1")
    assert any("styles.xml" in e for e in errors(validator, bad))


# --- the builder -------------------------------------------------------------------------------


def test_properties_come_out_in_schema_order_whatever_the_call_order():
    children = {"jc": {"val": "both"}, "ind": {"firstLine": 640}, "spacing": {"line": 579}, "keepNext": {},
                "pStyle": {"val": "Heading1"}, "snapToGrid": {"val": 0}}
    expected = props("pPr", **children)
    names = list(children)
    for _ in range(5):
        random.shuffle(names)
        assert props("pPr", **{n: children[n] for n in names}) == expected
    found = re.findall(r"<w:(\w+)", expected)[1:]
    assert found == sorted(found, key=ORDER["pPr"].index)
    assert props("pPr", keepNext=None) == ""


def test_an_unknown_property_is_refused():
    with pytest.raises(KeyError):
        props("pPr", keepWithNext={})
    with pytest.raises(ValueError):
        props("pPr", spacing='<w:ind w:firstLine="0"/>')


# --- what the office above writes (models/office/) ------------------------------------------------


@pytest.fixture(scope="module")
def office_files(tmp_path_factory):
    """The 审核意见 of a returned report, the review workbook of a folder (a copied narrative for
    雷同, a broken file for 无法读取) and the side-by-side workbook of an aggregate."""
    import main
    from models.datafile import write_report
    from models.office.opinion import write_opinion
    from models.report import Review, ReviewComment
    from tests.office_data import copy_of, unit_report

    folder = tmp_path_factory.mktemp("office")
    units = folder / "收到的报告"
    units.mkdir()
    reports = [unit_report(n, factor=n) for n in (1, 2)]
    reports[1].cells["t3.r1.zj"] += 1                       # a 强制 finding to remark on
    for n, report in enumerate(reports + [copy_of(reports[0], 3)], 1):
        write_report(report, units / f"{n}.json")
    (units / "坏文件.json").write_text('{"schema": "gkreport/1", "year": ', encoding="utf-8")
    report, findings = reports[1], check_report(reports[1])
    report.review = Review("returned", "县政务公开办 张三", date(2025, 2, 3), [
        ReviewComment(None, "请于2月10日前重新报送，“总计”——以表三为准。"),
        ReviewComment(findings[0].id, "总计与各项之和不符，请改正。"), ReviewComment("S-3|t3.r2.zrr", "已不存在的审核结果。")])
    write_opinion(report, findings, folder / "审核意见.docx")
    assert main.main(["review", str(units), "--out", str(folder / "审核.xlsx")]) == 1      # the broken file
    assert main.main(["aggregate", *(str(units / f"{n}.json") for n in (1, 3)), "--out", str(folder / "汇总.json"),
                      "--xlsx", str(folder / "并列.xlsx")]) == 0
    return folder


@pytest.mark.parametrize("name", ["审核意见.docx", "审核.xlsx", "并列.xlsx"])
def test_what_the_office_writes_is_valid(office_files, validator, name):
    assert errors(validator, office_files / name) == [], name
