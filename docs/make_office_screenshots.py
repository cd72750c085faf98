"""Regenerate the screenshots of the office above (审核汇总) in docs/ — under Xvfb with a CJK font:

    xvfb-run -a -s "-screen 0 1400x900x24" uv run python docs/make_office_screenshots.py

Uses throwaway data folders and reports generated from the real samples (bench/office_data.py,
which needs ../shared beside the clone); nothing of yours is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["GKNB_DATA_DIR"] = tempfile.mkdtemp(prefix="gknb-office-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.app import MainWindow, install_chinese_translations  # noqa: E402
from gui.style import apply_style  # noqa: E402
from gui.wizard import STEP_KEYS  # noqa: E402
from models.datafile import parse_report  # noqa: E402
from models.office.package import write_package  # noqa: E402
from models.office.roster import Office  # noqa: E402
from models.office.sources import read_source  # noqa: E402
from models.storage import Store  # noqa: E402

OUT = ROOT / "docs"


def settle(app, rounds=8):
    for _ in range(rounds):
        app.processEvents()


TOWNS = ("城关镇", "青石镇", "龙泉镇", "白沙镇", "桃源镇", "清河镇", "双桥镇", "柳林镇", "石门镇", "新安镇", "金山镇",
         "长岭镇", "高桥镇", "马坪镇", "三江镇", "花园镇", "黄土镇", "回龙镇", "太平镇", "永安镇", "凤凰镇", "梅花镇",
         "东山镇", "西河镇", "南岭镇", "北塘镇", "大兴镇", "水口镇", "平安乡", "红星街道")


SENT: dict[Path, datetime] = {}     # when each was sent (a data file says nothing of it: e-mailed that day)


def received_reports(work: Path) -> list[Path]:
    """28 units' packages from the generated province, renamed; one copies a neighbour's
    narrative, one has totals that do not add up, a few arrive late."""
    import json
    import random
    from office_data import generate, place, sentence_pools

    paths = []
    start = datetime(2025, 1, 10, 9, 0, tzinfo=timezone.utc)
    reports = []
    for n, (_, data, _) in enumerate(generate(28, seed=7, marked=0)):
        report, _ = parse_report(json.dumps(data, ensure_ascii=False).encode())
        town = TOWNS[n]
        suffix = "办事处" if town.endswith("街道") else "人民政府"
        report.unit.name = town + suffix
        report.text = {k: v.replace(place(n) + "镇", town) for k, v in report.text.items()}
        reports.append(report)
    # honest units write sentences of their own: the real ones, dealt out without repeats
    s1_pool, s5_pool = sentence_pools()
    random.Random(3).shuffle(s1_pool)
    random.Random(4).shuffle(s5_pool)
    headings = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障")
    for n, report in enumerate(reports):
        own = s1_pool[n * 9:(n + 1) * 9]
        report.text["s1"] = "\n".join(f"{h}\n" + "".join(own[2 * k:2 * k + 2]) for k, h in enumerate(headings))
        report.text["s5"] = "".join(s5_pool[2 * n:2 * n + 2])
    import re
    copied = {k: re.sub(r"(?<!20)\d{1,3}(?!\d)", lambda m: str(int(m.group()) + 7), v.replace(TOWNS[5], TOWNS[9]))
              for k, v in reports[5].text.items()}           # 新安镇 copies 清河镇, with figures of its own
    copied["s5"] = "本镇政务公开队伍人员变动较大，业务培训不够经常。" + copied["s5"]
    reports[9].text = copied
    reports[3].cells["t3.r1.zj"] += 2                      # a 强制 error: totals that do not add up
    from models.checks import check_report
    reports[6].fees = None                                 # 六 silent on fees (S-11), answered by a 说明
    reports[6].text["s6"] = "本年度无其他需要报告的事项。"
    [s11] = [f for f in check_report(reports[6]) if f.rule == "S-11"]
    reports[6].explanations = {s11.id: "本镇未发生收费事项。"}
    for n, report in enumerate(reports):
        created = start + timedelta(days=n * 23 // 27 + (5 if n in (17, 21) else 0), hours=n % 9)   # two late
        path = work / f"{TOWNS[n]}.gkpkg"
        try:
            write_package(report, path, pdf=False, created=created)
        except Exception:        # a report the export will not sign off: sent as a data file instead
            from models.datafile import write_report
            path = path.with_suffix(".json")
            write_report(report, path)
        SENT[path] = created
        paths.append(path)
    return paths


def main() -> None:
    app = QApplication(sys.argv)
    install_chinese_translations(app)
    apply_style(app)
    work = Path(tempfile.mkdtemp(prefix="gknb-office-pkgs-"))
    paths = received_reports(work)
    store = Store.open()
    office = Office(store)
    names = [read_source(p).report.unit.name for p in paths]
    office.add_units([(n, "gov", "township") for n in names] + [("李家坝镇人民政府", "gov", "township"),
                                                                ("杨柳街道办事处", "gov", "township")])
    from datetime import date
    office.set_deadline(2024, date(2025, 1, 31))
    office.set_reviewer("某某县政务公开办 王丽")
    for path in paths[:-4]:
        source = read_source(path)
        source.filed_at = source.filed_at or SENT[path]
        office.receive(source)
    ids = office.received_ids(2024)
    office.set_comment(ids[1], None, "五、存在的主要问题写得过于笼统，请结合本镇实际补充整改措施。")
    office.return_report(ids[1], work)
    for rid in ids[7:14]:
        office.accept(rid)

    window = MainWindow(store)
    window.resize(1360, 820)
    window.show()
    settle(app)
    window.office.show()
    page = window.office.page
    page.wait()
    settle(app, 20)
    window.grab().save(str(OUT / "office-roster.png"))

    # a unit under review: a comment typed beside its 核实 finding (S-11, answered by a 说明 the reviewer finds thin)
    row = next(r for r in page.model.rows if r.name.startswith(TOWNS[6]))
    window.office.review(row.received_id)
    view = window.office.reviewer
    finding = next(f for f in view.editor.findings if f.rule == "S-11")
    view.panel.select(finding.id)
    view.panel.comment.setPlainText("即使未收费，也应在六中写明“本年度未收取信息处理费”，请补充。")
    view.wizard.show_finding(finding)
    settle(app, 20)
    window.grab().save(str(OUT / "office-review.png"))
    view.return_report(str(work))
    returned = next(work.glob(f"{view.editor.report.unit.name}*（退回）.json"))

    # 雷同 side by side
    view.closed.emit()
    settle(app)
    pair = page.similar_pairs[0] if page.similar_pairs else None
    if pair is not None:
        from gui.office.similar_dialog import SimilarDialog
        dialog = SimilarDialog(page.office, pair.a, [pair], window)
        dialog.resize(1200, 700)
        dialog.show()
        settle(app, 20)
        dialog.grab().save(str(OUT / "office-similar.png"))
        dialog.close()

    # the unit opens the returned file: the comment beside the finding
    unit_dir = Path(tempfile.mkdtemp(prefix="gknb-unit-shots-"))
    unit_store = Store.open(unit_dir / "reports.sqlite3")
    unit_window = MainWindow(unit_store)
    unit_window.resize(1360, 820)
    unit_window.show()
    opened = __import__("gui.office.unit_side", fromlist=["open_returned"]).open_returned(unit_window, unit_store,
                                                                                         str(returned))
    unit_window.open_report(*opened)
    wizard = unit_window.wizard
    wizard.go(STEP_KEYS.index("review"))
    settle(app, 20)
    unit_window.grab().save(str(OUT / "office-returned.png"))
    print("screenshots written to", OUT)


if __name__ == "__main__":
    main()
