"""The report data file `gkreport/1` (shared/spec/data-file.md): read with every field checked,
write atomically.

Reading never guesses: a wrong type, a negative count, a float amount, an unknown cell key or
a missing required field is a `DataFileError` whose Chinese message names the field.
"""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

from models.atomic import write_atomically
from models.bounds import (FILE_MAX_BYTES, SECTION_MAX_CHARS, UNIT_NAME_MAX_CHARS, YUAN_LIMIT, amount_problem,
                           count_problem, text_problem)
from models.catalogue import LAYOUTS, TEXT_KEYS, UNIT_KINDS, UNIT_LEVELS, ValueKind
from models.checks import RULES
from models.report import REVIEW_STATUSES, Fees, Report, Review, ReviewComment, Unit
from models.signoff import explanation_key_problem
from models.values import KIND_DESCRIPTION, Value, parse_amount_text, problem

SCHEMA = "gkreport/1"
MAX_BYTES = FILE_MAX_BYTES        # a report is ~20 kB; anything this big is not one
YEAR_RANGE = (2008, 2100)         # the first reports under the 2007 条例 were for 2008
KNOWN_FIELDS = {"schema", "format", "year", "unit", "cells", "text", "fees", "explanations",
                "published", "source", "review"}
REVIEW_FIELDS = {"status", "reviewer", "date", "comments"}
COMMENT_FIELDS = {"finding", "text"}
MAX_COMMENTS = 1000                # a reviewer's remarks on one report; far more than any report has findings
REVIEWER_MAX_CHARS = 100


class DataFileError(ValueError):
    """The file is not a valid report data file; the message says what and where, in Chinese."""


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    """object_pairs_hook: a key given twice in one object is refused (which one counts is not
    the reader's guess to make)."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise _DuplicateKey(f"字段 “{_shown_key(twice)}” 在同一对象中出现了两次")
    return data


def _shown_key(key: str) -> str:
    key = key if text_problem(key) is None else key.encode("unicode_escape").decode("ascii")
    return key if len(key) <= 40 else key[:40] + "…"


class _Float(str):
    """A JSON number written with a fraction or exponent, kept as its text (never a float)."""


def _describe(value: object) -> str:
    if isinstance(value, _Float):
        return f"小数 {value[:20]}"
    if isinstance(value, _HugeNumber):
        return f"位数过多的数字 {value}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"文字 “{_shown_key(value)}”"
    if value is None:
        return "null"
    if isinstance(value, (list, dict)):
        return "列表" if isinstance(value, list) else "对象"
    return str(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: object) -> bool:
    return isinstance(value, str) and not isinstance(value, (_Float, _HugeNumber))


# --- reading -----------------------------------------------------------------------------


def read_report(path: str | os.PathLike) -> tuple[Report, list[str]]:
    """The report in `path` and a list of warnings (ignored unknown fields)."""
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):   # a FIFO would hang, /dev/zero would never end
            raise DataFileError(f"{path} 不是普通文件（可能是设备或管道），不是报告数据文件")
        size = info.st_size
        if size > MAX_BYTES:
            raise DataFileError(f"{path.name}：文件过大（{size // (1024 * 1024)} MB），不是报告数据文件")
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise DataFileError(f"{path.name}：文件过大，不是报告数据文件")
    except FileNotFoundError:
        raise DataFileError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise DataFileError(f"{path} 是文件夹，不是报告数据文件") from None
    except PermissionError:
        raise DataFileError(f"没有权限读取文件：{path}") from None
    except OSError as exc:
        raise DataFileError(f"无法读取文件 {path}：{exc.strerror or exc}") from None
    return parse_report(raw, path.name)


def parse_report(raw: bytes, name: str = "数据文件") -> tuple[Report, list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{name}：不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节处），不是报告数据文件") from None
    try:
        data = json.loads(text, parse_float=_Float, parse_constant=_reject_constant,
                          object_pairs_hook=_no_duplicates, parse_int=_parse_int)
    except _DuplicateKey as exc:
        raise DataFileError(f"{name}：{exc}，不知以哪一个为准") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{name}：JSON 格式错误，第 {exc.lineno} 行第 {exc.colno} 列（{_json_reason(exc.msg)}）") from None
    except RecursionError:
        raise DataFileError(f"{name}：JSON 嵌套过深，不是报告数据文件") from None
    except ValueError as exc:   # NaN / Infinity
        raise DataFileError(f"{name}：{exc}") from None
    return _report_from(data, name)


class _HugeNumber(str):
    """A JSON integer with more digits than any bound allows, kept as text (int() of thousands
    of digits is slow, and Python refuses more than 4 300)."""


def _parse_int(token: str):
    return _HugeNumber(token[:12] + "…") if len(token) > 20 else int(token)


def _reject_constant(token: str):
    raise ValueError(f"JSON 中不允许出现 {token}")


def _json_reason(msg: str) -> str:
    reasons = {
        "Expecting value": "此处缺少值",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Expecting property name enclosed in double quotes": "字段名须用英文双引号括起",
        "Unterminated string starting at": "字符串没有结束的引号",
        "Extra data": "数据结束后还有多余内容",
        "Invalid control character at": "字符串中有非法控制字符",
    }
    return next((zh for en, zh in reasons.items() if msg.startswith(en)), msg)


def _report_from(data: object, name: str) -> tuple[Report, list[str]]:
    if not isinstance(data, dict):
        raise DataFileError(f"{name}：最外层应为 JSON 对象 {{…}}，现为{_describe(data)}")
    warnings = [f"{name}：忽略未知字段 “{_shown_key(k)}”" for k in data if k not in KNOWN_FIELDS]

    schema = _required(data, "schema", name)
    if schema != SCHEMA:
        raise DataFileError(f"{name}：字段 schema 应为 “{SCHEMA}”，现为{_describe(schema)}")
    fmt = _required(data, "format", name)
    if not _is_text(fmt) or fmt not in LAYOUTS:
        raise DataFileError(f"{name}：字段 format 应为 “2021” 或 “2019”，现为{_describe(fmt)}")
    year = _required(data, "year", name)
    if not _is_int(year) or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise DataFileError(f"{name}：字段 year 应为 {YEAR_RANGE[0]}–{YEAR_RANGE[1]} 之间的整数年份，现为{_describe(year)}")

    report = Report(year=year, unit=_unit(_required(data, "unit", name), name), format=fmt)
    report.cells = _cells(_required(data, "cells", name), fmt, name)
    report.text = _text(data.get("text"), name, warnings)
    report.fees = _fees(data.get("fees"), name)
    report.explanations = _explanations(data.get("explanations"), name)
    report.published = _date(data.get("published"), "published", name)
    source = data.get("source")
    if source is not None and not _is_text(source):
        raise DataFileError(f"{name}：字段 source 应为文字，现为{_describe(source)}")
    if source is not None:
        _check_printable(source, "source", name)
        if len(source) > 1000:
            raise DataFileError(f"{name}：字段 source 过长（{len(source):,} 个字）")
    report.source = source
    report.review = _review(data.get("review"), name, warnings)
    return report, warnings


def _required(data: dict, key: str, name: str):
    if key not in data or data[key] is None:
        raise DataFileError(f"{name}：缺少必填字段 {key}")
    return data[key]


def _unit(unit: object, name: str) -> Unit:
    if not isinstance(unit, dict):
        raise DataFileError(f"{name}：字段 unit 应为对象（含 name、kind、level），现为{_describe(unit)}")
    unit_name = unit.get("name")
    if not _is_text(unit_name) or not unit_name.strip():
        raise DataFileError(f"{name}：缺少单位名称 unit.name（应为非空文字）")
    _check_printable(unit_name, "unit.name", name)
    if len(unit_name.strip()) > UNIT_NAME_MAX_CHARS:
        raise DataFileError(f"{name}：unit.name（单位名称）有 {len(unit_name.strip())} 个字，"
                            f"超过 {UNIT_NAME_MAX_CHARS} 个字的上限")
    kind, level = unit.get("kind"), unit.get("level")
    if kind is not None and (not _is_text(kind) or kind not in UNIT_KINDS):
        raise DataFileError(f"{name}：unit.kind 应为 {' / '.join(UNIT_KINDS)} 之一，现为{_describe(kind)}")
    if level is not None and (not _is_text(level) or level not in UNIT_LEVELS):
        raise DataFileError(f"{name}：unit.level 应为 {' / '.join(UNIT_LEVELS)} 之一，现为{_describe(level)}")
    return Unit(unit_name.strip(), kind, level)


def _cells(cells: object, fmt: str, name: str) -> dict[str, Value]:
    if not isinstance(cells, dict):
        raise DataFileError(f"{name}：字段 cells 应为对象（单元格键 → 数值），现为{_describe(cells)}")
    layout = LAYOUTS[fmt]
    out: dict[str, Value] = {}
    for key, value in cells.items():
        cell = layout.cells.get(key)
        if cell is None:
            other = next((n for n, lay in LAYOUTS.items() if n != fmt and key in lay.cells), None)
            hint = f"（这是{other}年版格式的单元格，本文件的 format 为 “{fmt}”）" if other else ""
            raise DataFileError(f"{name}：cells 中有未知的单元格键 “{_shown_key(key)}”{hint}")
        out[key] = _cell_value(value, cell, name)
    return out


def _cell_value(value: object, cell, name: str) -> Value:
    where = f"{name}：单元格 {cell.key}（{cell.name}）"
    if value is None:
        return None
    if cell.kind is ValueKind.AMOUNT:
        if isinstance(value, _Float):
            raise DataFileError(f"{where} 的金额须写成字符串以免失真，如 \"{value}\"，现为不带引号的小数 {value}")
        if _is_text(value):
            amount = parse_amount_text(value)
            if amount is None:
                raise DataFileError(f"{where} 应为{KIND_DESCRIPTION[cell.kind]}，如 \"0.092\"，现为{_describe(value)}")
        elif _is_int(value):
            amount = Decimal(value)
        else:
            raise DataFileError(f"{where} 应为{KIND_DESCRIPTION[cell.kind]}，现为{_describe(value)}")
        why = amount_problem(amount)
        if why:
            raise DataFileError(f"{where} {why}，现为 {_describe(value)}")
        return amount
    if not _is_int(value):
        raise DataFileError(f"{where} 应为{KIND_DESCRIPTION[cell.kind]}，现为{_describe(value)}")
    why = problem(cell.kind, value)
    if why:
        raise DataFileError(f"{where} {why}，现为 {value}")
    return value


def _text(text: object, name: str, warnings: list[str]) -> dict[str, str]:
    if text is None:
        return {}
    if not isinstance(text, dict):
        raise DataFileError(f"{name}：字段 text 应为对象（各部分正文），现为{_describe(text)}")
    out = {}
    for key, body in text.items():
        if key not in TEXT_KEYS:
            warnings.append(f"{name}：忽略未知的正文部分 text.{_shown_key(key)}")
            continue
        if body is None:
            continue
        if not _is_text(body):
            raise DataFileError(f"{name}：text.{key} 应为文字，现为{_describe(body)}")
        if len(body) > SECTION_MAX_CHARS:
            raise DataFileError(f"{name}：text.{key} 有 {len(body):,} 个字，超过每部分 {SECTION_MAX_CHARS:,} 个字的上限")
        _check_printable(body, f"text.{key}", name)
        out[key] = body
    return out


def _yuan(value: object, field: str, name: str) -> Decimal:
    amount = None
    if _is_int(value) and value >= 0:
        amount = Decimal(value)
    elif _is_text(value):
        amount = parse_amount_text(value)
    if amount is not None:
        why = amount_problem(amount, YUAN_LIMIT)
        if why:
            raise DataFileError(f"{name}：fees.{field} {why}，现为{_describe(value)}")
        return amount
    raise DataFileError(f"{name}：fees.{field} 应为不小于 0 的金额字符串（元），如 \"0\"，现为{_describe(value)}")


def _fees(fees: object, name: str) -> Fees | None:
    if fees is None:
        return None
    if not isinstance(fees, dict):
        raise DataFileError(f"{name}：字段 fees 应为对象，现为{_describe(fees)}")
    notices = fees.get("notices", 0)
    if not _is_int(notices) or notices < 0:
        raise DataFileError(f"{name}：fees.notices（收费通知件数）应为不小于 0 的整数，现为{_describe(notices)}")
    why = count_problem(notices)
    if why:
        raise DataFileError(f"{name}：fees.notices（收费通知件数）{why}，现为 {notices}")
    return Fees(notices,
                _yuan(fees.get("notice_amount_yuan", "0"), "notice_amount_yuan", name),
                _yuan(fees.get("collected_yuan", "0"), "collected_yuan", name))


def _explanations(explanations: object, name: str) -> dict[str, str]:
    if explanations is None:
        return {}
    if not isinstance(explanations, dict):
        raise DataFileError(f"{name}：字段 explanations 应为对象（审核结果编号或规则编号 → 说明），"
                            f"现为{_describe(explanations)}")
    for key, body in explanations.items():
        # a finding id ("S-3|t3.r2.zrr"), or a bare rule ID as older files have ("S-3")
        why = explanation_key_problem(key)
        if why:
            raise DataFileError(f"{name}：explanations 中的键 “{_shown_key(key)}” {why}")
        if not _is_text(body):
            raise DataFileError(f"{name}：explanations.{_shown_key(key)} 应为文字，现为{_describe(body)}")
        if len(body) > SECTION_MAX_CHARS:
            raise DataFileError(f"{name}：explanations.{_shown_key(key)} 超过 {SECTION_MAX_CHARS:,} 个字的上限")
        _check_printable(body, f"explanations.{_shown_key(key)}", name)
    return {k: v for k, v in explanations.items() if v.strip()}


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _check_printable(text: str, field: str, name: str) -> None:
    why = text_problem(text)
    if why:
        raise DataFileError(f"{name}：{field} 中{why}，请删除后再读取")


def _date(value: object, field: str, name: str) -> date | None:
    if value is None:
        return None
    try:
        if not _is_text(value) or not _ISO_DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise DataFileError(f"{name}：字段 {field} 应为日期，格式 YYYY-MM-DD（如 2025-01-20），现为{_describe(value)}") from None


def _printable(value: object, field: str, name: str, max_chars: int, required: bool = True) -> str:
    """A text field of the review: printable text (data-file.md, "Bounds"), within its length."""
    if not _is_text(value) or (required and not value.strip()):
        raise DataFileError(f"{name}：{field} 应为{'非空' if required else ''}文字，现为{_describe(value)}")
    if len(value) > max_chars:
        raise DataFileError(f"{name}：{field} 超过 {max_chars:,} 个字符（现有 {len(value):,} 个）")
    _check_printable(value, field, name)
    return value


def _finding_id(value: object, field: str, name: str) -> str | None:
    """A finding id ("S-3|t3.r2.zrr", or a bare rule ID) or null (a remark on the whole report)."""
    if value is None:
        return None
    finding = _printable(value, field, name, 1000)
    rule_id = finding.partition("|")[0]
    if rule_id not in RULES:
        raise DataFileError(f"{name}：{field} 应为审核结果编号（如 “S-3|t3.r2.zrr”）或 null，"
                            f"“{rule_id}” 不是已知的规则编号")
    return finding


def _review(review: object, name: str, warnings: list[str]) -> Review | None:
    if review is None:
        return None
    if not isinstance(review, dict):
        raise DataFileError(f"{name}：字段 review 应为对象（status、reviewer、date、comments），现为{_describe(review)}")
    warnings += [f"{name}：忽略 review 中的未知字段 “{k}”" for k in review if k not in REVIEW_FIELDS]
    status = review.get("status")
    if not _is_text(status) or status not in REVIEW_STATUSES:
        raise DataFileError(f"{name}：review.status 应为 “returned”（退回）或 “accepted”（通过），现为{_describe(status)}")
    reviewer = review.get("reviewer")       # who reviewed: may be left blank, never of another type
    reviewer = "" if reviewer is None else _printable(reviewer, "review.reviewer", name, REVIEWER_MAX_CHARS,
                                                      required=False).strip()
    day = _date(review.get("date"), "review.date", name)
    if day is None:
        raise DataFileError(f"{name}：缺少 review.date（审核日期，格式 YYYY-MM-DD）")
    comments = review.get("comments", [])
    if not isinstance(comments, list):
        raise DataFileError(f"{name}：review.comments 应为列表，现为{_describe(comments)}")
    if len(comments) > MAX_COMMENTS:
        raise DataFileError(f"{name}：review.comments 多达 {len(comments)} 条，超过上限 {MAX_COMMENTS}")
    out = []
    for i, comment in enumerate(comments, 1):
        where = f"review.comments 第 {i} 条"
        if not isinstance(comment, dict):
            raise DataFileError(f"{name}：{where} 应为对象（finding、text），现为{_describe(comment)}")
        warnings += [f"{name}：忽略{where}中的未知字段 “{k}”" for k in comment if k not in COMMENT_FIELDS]
        if "text" not in comment:
            raise DataFileError(f"{name}：{where} 缺少 text（意见内容）")
        out.append(ReviewComment(_finding_id(comment.get("finding"), f"{where}的 finding", name),
                                 _printable(comment["text"], f"{where}的 text", name, SECTION_MAX_CHARS)))
    return Review(status, reviewer, day, out)


# --- writing -----------------------------------------------------------------------------


def report_to_data(report: Report) -> dict:
    """The report as a `gkreport/1` object; cells in catalogue order, amounts as strings."""
    layout = report.layout
    cells = {}
    for key in list(layout.cells) + [k for k in report.cells if k not in layout.cells]:
        if key in report.cells:
            value = report.cells[key]
            cells[key] = str(value) if isinstance(value, Decimal) else value
    data: dict = {
        "schema": SCHEMA,
        "format": report.format,
        "year": report.year,
        "unit": {k: v for k, v in (("name", report.unit.name), ("kind", report.unit.kind),
                                    ("level", report.unit.level)) if v is not None},
        "cells": cells,
    }
    if report.text:
        data["text"] = {k: report.text[k] for k in TEXT_KEYS if k in report.text}
    if report.fees is not None:
        data["fees"] = {"notices": report.fees.notices,
                        "notice_amount_yuan": str(report.fees.notice_amount_yuan),
                        "collected_yuan": str(report.fees.collected_yuan)}
    if report.explanations:
        data["explanations"] = dict(report.explanations)
    if report.published is not None:
        data["published"] = report.published.isoformat()
    if report.source is not None:
        data["source"] = report.source
    if report.review is not None:
        data["review"] = review_to_data(report.review)
    return data


def review_to_data(review: Review) -> dict:
    return {"status": review.status, "reviewer": review.reviewer, "date": review.date.isoformat(),
            "comments": [{"finding": c.finding, "text": c.text} for c in review.comments]}


def write_report(report: Report, path: str | os.PathLike) -> None:
    """Write the data file atomically (never half-written); raises `WriteError` with a
    message for the clerk."""
    payload = json.dumps(report_to_data(report), ensure_ascii=False, indent=1) + "\n"
    write_atomically(path, lambda tmp: tmp.write_text(payload, encoding="utf-8", newline="\n"))
