"""`main.py review` and `main.py aggregate` (data-file.md): the work, and what they print.
main.py only parses the arguments and dispatches here."""

from __future__ import annotations

import json
import re
import sys

from models.atomic import WriteError

EXIT_OK, EXIT_SOME, EXIT_BAD = 0, 1, 2


def parse_deadline(text: str | None) -> tuple[int, int] | None:
    """--deadline MM-DD → (month, day); ValueError with a Chinese message when it is not a date."""
    if text is None:
        return None
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text.strip())
    from datetime import date
    try:
        if not match:
            raise ValueError
        month, day = int(match.group(1)), int(match.group(2))
        date(2024, month, day)          # a leap year: 02-29 is a date
    except ValueError:
        raise ValueError(f"--deadline 应为月-日，如 01-31，现为“{text}”") from None
    return month, day


def review(args) -> int:
    from models.office.review import review_paths
    from models.office.workbook import ReviewWorkbook

    try:
        deadline = parse_deadline(args.deadline)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD
    if args.previous_dir is not None and not _is_dir(args.previous_dir):
        print(f"错误：--previous-dir “{args.previous_dir}” 不是文件夹", file=sys.stderr)
        return EXIT_BAD
    workbook = ReviewWorkbook()
    run = review_paths(args.paths, args.previous_dir, deadline, on_report=workbook.add, keep_findings=False)
    if not run.reports and not run.unreadable:
        print("错误：给出的文件和文件夹中没有报告文件（.gkpkg、.json、.docx、.html）", file=sys.stderr)
        return EXIT_BAD
    try:
        workbook.finish(run, args.out)
    except WriteError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD
    if args.json:
        print(json.dumps(run.as_json(), ensure_ascii=False, indent=1))
    else:
        errors = sum(r.counts.errors > 0 for r in run.reports)
        open_ = sum(r.counts.unanswered > 0 for r in run.reports)
        print(f"已审核 {len(run.reports)} 份报告：{errors} 份有强制审核项，{open_} 份有未说明的核实项，"
              f"{len(run.pairs)} 对单位的正文雷同（相同比例不低于 60%）。")
        for pair in run.pairs[:20]:
            a, b = run.reports[pair.a], run.reports[pair.b]
            print(f"雷同：{a.unit}（{a.file}）与 {b.unit}（{b.file}）相同 {pair.share:.0%}")
        if len(run.pairs) > 20:
            print(f"……其余 {len(run.pairs) - 20} 对见工作簿的“雷同”表")
        print(f"已写入：{args.out}")
    for file, message in run.unreadable:
        print(f"无法读取：{message}", file=sys.stderr)
    return EXIT_SOME if run.unreadable else EXIT_OK


def aggregate(args) -> int:
    from models.datafile import write_report
    from models.office.aggregate import AggregateError, Adder
    from models.office.sources import Unreadable, collect, read_source
    from models.office.workbook import write_side_by_side

    files, problems = collect(args.files)
    adder = Adder(keep_columns=args.xlsx is not None)
    unreadable = [(str(p), m) for p, m in problems]
    for path in files:
        try:
            adder.add(str(path), read_source(path).report)
        except Unreadable as exc:
            unreadable.append((str(path), str(exc)))
    if unreadable:
        for _, message in unreadable:
            print(f"无法读取：{message}", file=sys.stderr)
        print(f"未汇总：有 {len(unreadable)} 个文件无法读取，汇总不能缺少单位。请改正或去掉这些文件后重试。", file=sys.stderr)
        return EXIT_BAD
    try:
        result = adder.result(args.unit_name)
    except AggregateError as exc:
        print(f"未汇总：{exc}", file=sys.stderr)
        return EXIT_BAD
    try:
        write_report(result.report, args.out)
        if args.xlsx:
            write_side_by_side(result.report.layout, result.report, adder.columns, args.xlsx)
    except WriteError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD
    report = result.report
    print(f"已写入：{args.out}（{report.year} 年度，{report.format}年版格式，{len(result.units)} 个单位的表格逐格相加）")
    if args.xlsx:
        print(f"已写入：{args.xlsx}（各单位并列及合计）")
    print("汇总的单位：" + "、".join(result.units))
    for f in result.findings:
        print(f"[强制] {f.rule} 汇总数：{f.message}（说明有单位的报告本身合计不符）", file=sys.stderr)
    return EXIT_OK


def _is_dir(path: str) -> bool:
    from pathlib import Path
    return Path(path).is_dir()
