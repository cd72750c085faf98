"""The bounds and text rules of data-file.md applied at every door: typing, the data-file
reader, the store, the Editor, the importers, the Excel reader. A file is refused naming the
field; what a person pastes or an import brings is cleaned and the clerk told."""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest

from models.catalogue import ValueKind
from models.checks import check_report
from models.datafile import DataFileError, parse_report, report_to_data
from models.editing import Editor
from models.errors import StorageError
from models.importer import assemble
from models.importer.document import Document, Paragraph
from models.report import Fees
from models.storage import Store
from models.values import InputError, parse_input
from models.xlsx import export_tables_xlsx, import_tables_xlsx
from tests.factory import good_report


def as_file(report=None, **changes) -> bytes:
    data = report_to_data(report or good_report())
    data.update(changes)
    return json.dumps(data).encode()   # \uXXXX escapes: a lone surrogate as a file carries it


@pytest.mark.parametrize("text, why", [
    ("100000000", "超出上限"), (str(10**30), "超出上限"), ("9" * 5000, "超出上限"), ("-1", "负数")])
def test_a_count_out_of_bounds_is_refused_when_typed(text, why):
    with pytest.raises(InputError, match=why) as error:
        parse_input(ValueKind.COUNT, text)
    assert len(str(error.value)) < 200                     # a 5 000-digit paste is not repeated


def test_counts_and_amounts_at_their_bounds_are_accepted():
    assert parse_input(ValueKind.COUNT, "99999999") == 99_999_999
    assert parse_input(ValueKind.SIGNED, "-99999999") == -99_999_999
    assert parse_input(ValueKind.AMOUNT, "999999999.999999") == Decimal("999999999.999999")
    with pytest.raises(InputError, match="超出上限"):
        parse_input(ValueKind.AMOUNT, "1000000000")


@pytest.mark.parametrize("raw, field", [
    (b'{"schema": "gkreport/1", "schema": "gkreport/1"}', "schema"),
    (as_file(cells={"t3.r1.zrr": 10**30}), "t3.r1.zrr"),
    (as_file().replace(b'"cells": {', b'"cells": {"t3.r1.zrr": ' + b"9" * 5000 + b", ", 1), "t3.r1.zrr"),
    (as_file(cells={"t2.sf.amount": "1000000000"}), "t2.sf.amount"),
    (as_file(fees={"notices": 2**63}), "fees.notices"),
    (as_file(fees={"notices": 1, "collected_yuan": "10000000000"}), "fees.collected_yuan"),
    (as_file(published="2025-1-20"), "published"),
    (as_file(published="２０２５-01-20"), "published"),
    (as_file(unit={"name": "甲" * 230}), "unit.name"),
    (as_file(unit={"name": "甲\x0b乙"}), "unit.name"),
    (as_file(text={"s1": "正文\x0c分页"}), "text.s1"),
    (as_file(text={"s5": "\ud800"}), "text.s5"),
    (as_file(text={"s5": "字" * 100_001}), "text.s5"),
    (as_file(explanations={"S-3": "说明\u202e"}), "explanations.S-3"),
])
def test_a_data_file_out_of_bounds_is_refused_naming_the_field(raw, field):
    with pytest.raises(DataFileError) as error:
        parse_report(raw, "r.json")
    assert field in str(error.value)


def test_the_reader_accepts_regular_files_only(tmp_path):
    import os
    from models.datafile import read_report
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(DataFileError, match="不是普通文件"):
        read_report(fifo)                                    # would hang on open/read otherwise
    with pytest.raises(DataFileError, match="不是普通文件"):
        read_report("/dev/zero")


def test_a_figure_of_thousands_of_digits_in_a_narrative_is_no_crash():
    report = good_report()
    report.text["s1"] = "本年共收到申请" + "9" * 5000 + "件。"
    assert isinstance(check_report(report), list)


def test_the_store_refuses_what_no_door_should_have_let_through(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as store:
        rid = store.save_report(good_report())
        with pytest.raises(StorageError, match="件数超出上限"):
            store.set_fees(rid, Fees(2**63))
        with pytest.raises(StorageError, match="U\\+000B"):
            store.set_text(rid, "s5", "甲\x0b乙")
        with pytest.raises(StorageError, match="上限"):
            store.create_unit("甲" * 230)
        bad = good_report()
        bad.cells["t3.r1.zrr"] = 10**30
        with pytest.raises(StorageError, match="超出上限"):
            store.save_report(bad)


def test_the_editor_refuses_unprintable_text_and_oversized_sections(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as store:
        ed = Editor(store, store.save_report(good_report()))
        with pytest.raises(InputError, match="U\\+0001"):
            ed.set_text("s5", "甲\x01")
        with pytest.raises(InputError, match="上限"):
            ed.set_text("s5", "字" * 100_001)
        with pytest.raises(InputError, match="上限"):
            ed.set_unit(name="甲" * 101)
        with pytest.raises(InputError, match="件数超出上限"):
            ed.set_fees(Fees(2**63))
        assert not ed.can_undo and ed.saved


def test_an_import_is_cleaned_and_the_clerk_told():
    blocks = [Paragraph("某某镇人民政府\x0b2024年政府信息公开工作年度报告"), Paragraph("一、总体情况"),
              Paragraph("本年\u200b度主动公开\x01信息。"), Paragraph("二、主动公开政府信息情况"),
              Paragraph("五、存在的主要问题及改进情况"), Paragraph("问题\x0c整改。"),
              Paragraph("六、其他需要报告的事项"), Paragraph("无。")]
    result = assemble(Document(blocks), "page.html")
    texts = "".join(result.report.text.values()) + result.report.unit.name
    assert all(c not in texts for c in "\x0b\x0c\x01\u200b")
    assert any("无法打印的字符" in note for note in result.notes)


def test_a_huge_figure_from_excel_is_refused_naming_the_cell(tmp_path):
    path = export_tables_xlsx(good_report(), tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = next(ws for ws in book.worksheets if any(c.value == 10 for row in ws.iter_rows() for c in row)
                 and "三" in ws.title)
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, int) and c.value == 10)
    cell.value = 10**30
    book.save(path)
    result = import_tables_xlsx(path)
    assert result.errors and "超出上限" in result.errors[0] and cell.coordinate in result.errors[0]


def test_the_export_survives_a_unit_name_past_words_property_limit():
    # the doors keep names to 100 characters; a longer one (an old database) made python-docx raise
    # in the export thread, which left the progress dialog up forever
    import io
    from models.export.document import build_document
    report = good_report()
    report.unit.name = "甲" * 240
    build_document(report, draft=True).save(io.BytesIO())
