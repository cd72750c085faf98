"""The fuzz test of the reliability work: mutated data files through read → check → export →
store → .xlsx, and through the command line. Never a traceback, never a hang; every refusal is
exit 2 with a message naming what is wrong.

A few seconds of examples by default; `GKNB_FUZZ_EXAMPLES=5000 uv run pytest tests/test_fuzz.py`
for thousands (README, "When things go wrong")."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

import main
from models.checks import check_report
from models.datafile import DataFileError, parse_report, report_to_data
from models.export.document import build_document
from models.storage import Store
from models.xlsx import tables_workbook
from tests.factory import good_report

EXAMPLES = int(os.environ.get("GKNB_FUZZ_EXAMPLES", "0")) or None
BASE = report_to_data(good_report())
BASE["published"] = "2025-01-20"
BASE["fees"] = {"notices": 1, "notice_amount_yuan": "25", "collected_yuan": "25"}
BASE["explanations"] = {"S-3": "因机构调整"}

HOSTILE_TEXT = st.sampled_from(["\x0b", "\x0c", "\x01", "\x00", "\ud800", "\u202e", "\u200b", "\ufeff", "\x85",
                                "甲" * 231, "9" * 5000, "", " ", "1e400", "NaN", "2025-1-20", "２０２５-01-20",
                                "t3.r1.zrr", "S-3", "gkreport/1", "2021", "/", "—"])
HOSTILE = st.one_of(
    st.integers(min_value=-2**70, max_value=2**70), st.sampled_from([10**30, 2**63, -1, 99_999_999, 100_000_000]),
    st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none(),
    st.text(max_size=30), HOSTILE_TEXT, st.builds(lambda a, b: a + b, st.text(max_size=10), HOSTILE_TEXT),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(data, prefix=()):
    """Every place in the data file a value sits, as a path of keys."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))


@st.composite
def mutated_files(draw) -> bytes:
    data = json.loads(json.dumps(BASE))
    for _ in range(draw(st.integers(1, 4))):
        places = [p for p in _paths(data) if p]
        place = draw(st.sampled_from(places))
        parent = data
        for key in place[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["set", "set", "delete", "add"]))
        if action == "set":
            parent[place[-1]] = draw(HOSTILE)
        elif action == "delete":
            del parent[place[-1]]
        else:
            parent[draw(st.one_of(HOSTILE_TEXT, st.text(max_size=8)))] = draw(HOSTILE)
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), allow_nan=False)
    kind = draw(st.sampled_from(["json", "json", "json", "duplicate", "bytes"]))
    if kind == "duplicate":
        text = text.replace('"cells": {', '"cells": {"t3.r1.zrr": 1, ', 1)
    raw = text.encode("utf-8", "surrogatepass")
    if kind == "bytes":   # a damaged file: a few bytes flipped, cut or inserted
        for _ in range(draw(st.integers(1, 3))):
            i = draw(st.integers(0, len(raw)))
            raw = raw[:i] + draw(st.binary(max_size=3)) + raw[i + draw(st.integers(0, 3)):]
    return raw


def _through_everything(report, folder: Path) -> None:
    check_report(report)
    build_document(report, draft=True).save(io.BytesIO())
    tables_workbook(report).save(io.BytesIO())
    with Store.open(folder / "db.sqlite3") as store:
        store.save_report(report)
        assert store.load_report(store.list_reports()[0].id).cells == report.cells


@settings(max_examples=EXAMPLES or 150, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_files())
def test_a_mutated_data_file_is_read_or_refused_naming_the_field(raw):
    try:
        report, _ = parse_report(raw, "r.json")
    except DataFileError as exc:
        message = str(exc)
        assert message.startswith("r.json：") and len(message) < 600
        return
    check_report(report)


@settings(max_examples=EXAMPLES or 12, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_files())
def test_what_is_accepted_goes_through_check_export_store_and_excel(raw):
    try:
        report, _ = parse_report(raw, "r.json")
    except DataFileError:
        return
    with tempfile.TemporaryDirectory() as folder:
        _through_everything(report, Path(folder))


@settings(max_examples=EXAMPLES or 25, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_files())
def test_the_command_line_answers_every_mutated_file(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.json"
        path.write_bytes(raw)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main.main(["check", str(path)])
        assert code in (0, 1, 2)
        if code == 2:
            assert err.getvalue().startswith("错误：r.json：") and "Traceback" not in err.getvalue()
            assert "程序内部错误" not in err.getvalue()
