"""政府信息公开年报助手 — start the app, or run a command without a display.

    uv run main.py                                   the app
    uv run main.py check FILE [--previous LAST] [--json]
    uv run main.py export FILE --out OUT.docx [--pdf OUT.pdf] [--check-sheet SHEET.docx] [--draft] [--no-seal]
    uv run main.py import DOC --out FILE.json
    uv run main.py review PATH… [--previous-dir DIR] [--deadline MM-DD] --out REVIEW.xlsx [--json]
    uv run main.py aggregate FILE… --out TOTAL.json [--unit-name NAME] [--xlsx UNITS.xlsx]

Exit statuses follow shared/spec/data-file.md: 0 no 强制 finding, 1 at least one, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2

_ARGPARSE_ZH = (
    ("the following arguments are required: ", "缺少参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("expected one argument", "需要一个值"),
    ("invalid choice: ", "没有这个子命令："),
    ("choose from ", "可选："),
    ("argument ", "参数 "),
)


class _Parser(argparse.ArgumentParser):
    """argparse with its messages in Chinese; a usage error exits 2 like any bad input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_usage(self):
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self):
        return super().format_help().replace("usage:", "用法：", 1)

    def error(self, message):
        for en, zh in _ARGPARSE_ZH:
            message = message.replace(en, zh)
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description="政府信息公开年报助手。不带参数运行时打开程序窗口。")
    commands = parser.add_subparsers(dest="command", metavar="子命令", parser_class=_Parser)
    check = commands.add_parser("check", help="审核报告数据文件", description="按审核规则检查报告数据文件（gkreport/1）。")
    check.add_argument("file", metavar="FILE", help="报告数据文件（.json）")
    check.add_argument("--previous", metavar="LAST_YEAR_FILE", help="上年报告数据文件，用于跨年度审核")
    check.add_argument("--json", action="store_true", help="以 JSON 列表输出审核结果")
    export = commands.add_parser("export", help="生成报告文本（.docx，可选 PDF）",
                                 description="生成排版好的年度报告（.docx）。有强制审核项，或有核实项既未改正也未说明时，"
                                             "拒绝生成正式文本（退出状态 1，并列出这些审核结果）。")
    export.add_argument("file", metavar="FILE", help="报告数据文件（.json）")
    export.add_argument("--out", metavar="OUT.docx", required=True, help="输出的 Word 文档")
    export.add_argument("--pdf", metavar="OUT.pdf", help="同时生成 PDF（需要 LibreOffice）")
    export.add_argument("--draft", action="store_true", help="生成标有“草稿”的文本（审核未完成时也可生成）")
    export.add_argument("--previous", metavar="LAST_YEAR_FILE", help="上年报告数据文件，用于跨年度审核")
    export.add_argument("--check-sheet", metavar="SHEET.docx",
                        help="同时生成审核说明表（与 --pdf 同用时，也生成同名的 PDF）")
    export.add_argument("--no-signature", action="store_true", help="不加落款（单位名称和日期）")
    export.add_argument("--no-seal", action="store_true",
                        help="落款按不加盖印章排版（署名右空二字）；默认按加盖印章排版（日期右空四字）")
    import_ = commands.add_parser("import", help="从已发布的报告（Word/WPS 文档、PDF 或网页）读出数据文件",
                                  description="读取已发布的年度报告（Word 文档 .docx；PDF；保存的网页 .html/.htm；"
                                              "旧版 Word/WPS 文档 .doc/.wps，需装有 LibreOffice），"
                                              "写成报告数据文件（gkreport/1），并列出未能读取的单元格。"
                                              "退出状态：0 全部读取，1 有未读取的单元格（仍写出文件），2 不是报告或无法读取。")
    import_.add_argument("doc", metavar="DOC", help="已发布的报告（.docx、.pdf、.html、.htm、.doc、.wps）")
    import_.add_argument("--out", metavar="FILE.json", required=True, help="写出的报告数据文件")
    review = commands.add_parser("review", help="审核下级单位报送的报告（批量，含单位间雷同）",
                                 description="读取给出的文件和文件夹中的全部报告（报送包 .gkpkg、数据文件 .json、"
                                             "已发布的 .docx/.pdf/.html），逐份审核，比较各单位正文是否雷同，写出审核工作簿。"
                                             "退出状态：0 全部读取，1 有文件无法读取（已列出），2 参数有误。")
    review.add_argument("paths", metavar="PATH", nargs="+", help="报告文件或文件夹")
    review.add_argument("--previous-dir", metavar="DIR", help="上年报告所在的文件夹（按单位名称对应，用于跨年度审核）")
    review.add_argument("--deadline", metavar="MM-DD", help="本地规定的报送期限（次年的月-日），如 01-31")
    review.add_argument("--out", metavar="REVIEW.xlsx", required=True, help="写出的审核工作簿")
    review.add_argument("--json", action="store_true", help="以 JSON 输出审核结果（工作簿照常写出）")
    aggregate = commands.add_parser("aggregate", help="汇总多个单位的报告表格",
                                    description="把同一年度、同一格式的多份报告的表格逐格相加，写成一份汇总的数据文件。"
                                                "退出状态：0 已写出，2 输入有误（年度或格式不同、文件无法读取等）。")
    aggregate.add_argument("files", metavar="FILE", nargs="+", help="报告文件（或所在文件夹）")
    aggregate.add_argument("--out", metavar="TOTAL.json", required=True, help="写出的汇总数据文件")
    aggregate.add_argument("--unit-name", metavar="NAME", help="汇总报告的单位名称（默认“N 个单位汇总”）")
    aggregate.add_argument("--xlsx", metavar="UNITS.xlsx", help="同时写出各单位并列及合计的 Excel 表")
    return parser


def _load(path: str):
    from models.datafile import read_report

    report, warnings = read_report(path)
    for warning in warnings:
        print(f"注意：{warning}", file=sys.stderr)
    return report


def cmd_check(args) -> int:
    from models.checks import SEVERITY_LABEL, check_report, has_errors
    from models.signoff import signing_options

    report = _load(args.file)
    previous = _load(args.previous) if args.previous else None
    if previous is not None and previous.year != report.year - 1:
        print(f"注意：--previous 是 {previous.year} 年的报告，不是上一年（{report.year - 1} 年）", file=sys.stderr)
    findings = check_report(report, previous, signing_options())
    if args.json:
        print(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=1))
    else:
        for f in findings:
            note = f"（说明：{f.explanation}）" if f.explanation else ""
            print(f"[{SEVERITY_LABEL[f.severity]}] {f.rule} {f.message}{note}")
        counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_LABEL}
        if findings:
            print("共 " + "、".join(f"{n} 项{SEVERITY_LABEL[s]}" for s, n in counts.items() if n) + "。")
        else:
            print("未发现问题。")
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def cmd_export(args) -> int:
    from models.atomic import WriteError
    from models.checks import ERROR, SEVERITY_LABEL
    from models.export import ExportRefused, export_check_sheet, export_report
    from models.export.pdf import PdfError

    report = _load(args.file)
    previous = _load(args.previous) if args.previous else None
    try:
        result = export_report(report, args.out, pdf=args.pdf, draft=args.draft, previous=previous,
                               signature=not args.no_signature, seal=not args.no_seal)
        written = [result.docx] + ([result.pdf] if result.pdf else [])
        if args.check_sheet:
            sheet_pdf = Path(args.check_sheet).with_suffix(".pdf") if args.pdf else None
            written.append(export_check_sheet(report, args.check_sheet, previous=previous, pdf=sheet_pdf))
            written += [sheet_pdf] if sheet_pdf else []
    except ExportRefused as refused:
        print(f"未生成：{refused}", file=sys.stderr)
        for f in refused.findings:
            todo = "须改正" if f.severity == ERROR else f"请改正，或在 explanations 中以“{f.id}”为键填写说明"
            print(f"[{SEVERITY_LABEL[f.severity]}] {f.rule} {f.message}（{todo}）", file=sys.stderr)
        return EXIT_FINDINGS
    except (WriteError, PdfError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for path in written:
        print(f"已生成：{path}")
    if result.draft:
        print("注意：这是草稿，不得报送或公开。", file=sys.stderr)
    return EXIT_OK


def cmd_import(args) -> int:
    from models.atomic import WriteError
    from models.datafile import write_report
    from models.importer import NotAReport, UnsafeFile, import_document

    try:
        result = import_document(args.doc)
    except (NotAReport, UnsafeFile) as exc:
        print(f"未导入：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:   # a file no reader foresaw: say so, never a traceback
        print(f"未导入：无法读取“{args.doc}”（{type(exc).__name__}: {exc}）", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        write_report(result.report, args.out)
    except WriteError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    report = result.report
    n_cells = len(report.layout.cells)
    print(f"已写入：{args.out}（{report.unit.name} {report.year} 年，{report.format}年版格式，"
          f"读取 {n_cells} 个单元格中的 {sum(k in report.cells for k in report.layout.cells)} 个）")
    for gap in result.gaps:
        print(f"未读取：{gap}")
    for note in result.notes:
        print(f"注意：{note}")
    if result.gaps:
        print(f"共 {len(result.gaps)} 处未能读取，请对照原文补填。")
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_review(args) -> int:
    from models.office import commands
    return commands.review(args)


def cmd_aggregate(args) -> int:
    from models.office import commands
    return commands.aggregate(args)


COMMANDS = {"check": cmd_check, "export": cmd_export, "import": cmd_import, "review": cmd_review,
            "aggregate": cmd_aggregate}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        # a Chinese Windows console may not encode every character: never crash on output
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if not argv:
        from gui.app import run
        return run()
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help()
        return EXIT_BAD_INPUT
    from models.atomic import clashing_paths
    from models.datafile import DataFileError

    clash = clashing_paths(_paths(args, INPUT_ARGS), _paths(args, OUTPUT_ARGS))
    if clash:
        print(f"错误：{clash}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return COMMANDS[args.command](args)
    except DataFileError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        print("错误：文件过大，内存不足，未处理。", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:   # a bug: said in one line, never a traceback in the clerk's face
        print(f"错误：程序内部错误（{type(exc).__name__}: {str(exc)[:200]}），未完成。请把此信息告知维护人员。",
              file=sys.stderr)
        return EXIT_BAD_INPUT


# Arguments that name files a command reads, and files it writes: no output may be an input
# or another output (`export X.json --out X.json` would destroy the report).
INPUT_ARGS = ("file", "previous", "doc", "files", "paths", "previous_dir")
OUTPUT_ARGS = ("out", "pdf", "check_sheet", "xlsx")
# How a refusal names a positional argument (an option is named as typed: --out)
_POSITIONAL_NAMES = {"file": "输入的数据文件", "doc": "要导入的文件", "files": "输入的文件", "paths": "输入的文件"}


def _paths(args, names: tuple[str, ...]) -> list[tuple[str, str]]:
    found = []
    for name in names:
        value = getattr(args, name, None)
        for item in value if isinstance(value, list) else [value]:
            if item:
                found.append((_POSITIONAL_NAMES.get(name) or "--" + name.replace("_", "-"), item))
    return found


if __name__ == "__main__":
    import multiprocessing
    multiprocessing.freeze_support()    # `review` reads thousands of files in worker processes, also when frozen
    sys.exit(main())
