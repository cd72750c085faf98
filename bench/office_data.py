"""A province's worth of unit reports, made at run time from the real samples (never committed).

Each generated report is consistent (every 强制 rule holds: the tables are drawn column by column
so that new + carried = done + open, and every total is computed), has its own unit name and
figures, and a narrative of its own: sentences of the real reports, each clause marked with the
unit's own villages so that two honest units share only the clauses left unmarked — the sentences
every unit writes. A few units copy another unit's narrative (their own name put in, new figures,
a few clauses rewritten): the planted 雷同 pairs the review must find.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from common import SAMPLES  # noqa: F401  (puts the project on sys.path)

from models.catalogue import LAYOUTS, T3_PARTS, T4_PARTS  # noqa: E402
from models.datafile import read_report, report_to_data  # noqa: E402
from models.report import Fees, Report, Unit  # noqa: E402

SYLLABLES = "青石桥东溪林山河湖田塘岭坪湾口洲港坝寨集店铺庄园泉峰岗坡沟渡源阳宁安平和兴隆丰华新"
PLANTED_PER_THOUSAND = 5          # units in a thousand that copy a neighbour's narrative
MARKED = 0.8                      # share of clauses an honest unit makes its own
_SUBHEADING = re.compile(r"^\s*（[一二三四五六七八九十]）[^。；，：:\n]{0,14}[。：:]?")


def place(n: int, length: int = 3) -> str:
    """A distinct place name for every n (base-len(SYLLABLES) digits)."""
    chars = []
    for _ in range(length):
        n, digit = divmod(n, len(SYLLABLES))
        chars.append(SYLLABLES[digit])
    return "".join(chars)


def _sentences(text: str) -> list[str]:
    """The sentences of a text, its sub-headings ((一)主动公开…) left out."""
    lines = [_SUBHEADING.sub("", ln).strip() for ln in text.split("\n")]
    return [s for ln in lines if ln for s in re.findall(r"[^。；]+[。；]?", ln) if len(s) > 8]


def sentence_pools() -> tuple[list[str], list[str]]:
    """Sentences of 一 and of 五 from every real sample."""
    s1, s5 = [], []
    for path in sorted(SAMPLES.glob("*.json")):
        report, _ = read_report(path)
        s1 += _sentences(report.section_text("s1"))
        s5 += _sentences(report.section_text("s5"))
    return s1, s5


def _own(sentence: str, villages: list[str], rng: random.Random, marked: float = MARKED) -> str:
    """The sentence with most clauses made this unit's own, and its figures changed."""
    sentence = re.sub(r"\d+", lambda m: m.group() if re.fullmatch(r"20\d\d", m.group()) else str(rng.randrange(1, 400)),
                      sentence)      # figures of its own; years stay years
    clauses = re.split(r"([，、：；。])", sentence)
    out = []
    for piece in clauses:
        if piece and piece not in "，、：；。" and rng.random() < marked:
            piece = f"{rng.choice(villages)}村{piece}"
        out.append(piece)
    return "".join(out)


def _tables(rng: random.Random) -> dict:
    layout = LAYOUTS["2021"]
    cells: dict = {key: 0 for key in layout.cells}
    for row in ("gfxwj",):          # a township makes no 规章 (rule S-7)
        made, repealed = rng.randrange(0, 12), rng.randrange(0, 4)
        cells[f"t2.{row}.made"], cells[f"t2.{row}.repealed"] = made, repealed
        cells[f"t2.{row}.valid"] = rng.randrange(made, made + 60)
    for row in ("xzxk", "xzcf", "xzqz"):
        cells[f"t2.{row}.count"] = rng.randrange(0, 3000)
    cells["t2.sf.amount"] = Decimal(rng.randrange(0, 500000)) / 10000
    outcomes = [k for k in layout.outcome_rows]
    for col in T3_PARTS:
        new = rng.choice((0, 0, rng.randrange(0, 40)))
        carried = rng.randrange(0, 3)
        open_ = rng.randrange(0, (new + carried) // 4 + 1)
        done = new + carried - open_
        cells[f"t3.r1.{col}"], cells[f"t3.r2.{col}"], cells[f"t3.r4.{col}"] = new, carried, open_
        for _ in range(done):
            cells[f"t3.{rng.choice(outcomes[:6])}.{col}"] += 1
    for block in ("fy", "zs", "fyhs"):
        for col in T4_PARTS:
            cells[f"t4.{block}.{col}"] = rng.choice((0, 0, 0, rng.randrange(0, 5)))
    if any(cells[f"t4.fyhs.{col}"] for col in T4_PARTS):
        cells["t4.fy.wc"] += 1      # a suit after review comes after a review (rule S-4)
    report = Report(2024, Unit("x"), cells=cells)
    report.fill_totals()
    return report.cells


def generate(count: int, seed: int = 2024, marked: float = MARKED) -> Iterator[tuple[str, dict, str | None]]:
    """(file name, gkreport/1 data, the file it copies or None) for `count` units. `marked`: the
    share of clauses made each unit's own (0 for pictures: the real sentences as they are)."""
    rng = random.Random(seed)
    s1_pool, s5_pool = sentence_pools()
    subheadings = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障")
    texts: list[dict] = []
    originals: list[int] = []        # units that wrote their own narrative (copies are made of these only)
    for n in range(count):
        town = place(n)
        unit = Unit(f"{town}镇人民政府", "gov", "township")
        villages = [place(count + 5 * n + k) for k in range(5)]
        copies = n >= 10 and rng.random() < PLANTED_PER_THOUSAND / 1000
        if copies:
            source = rng.choice(originals)
            text = {k: v.replace(place(source), town) for k, v in texts[source].items()}
            text["s5"] = _own(rng.choice(s5_pool), villages, rng, marked) + text["s5"]     # a sentence of its own
        else:
            source = None
            originals.append(n)
            supervision = rng.choice(("将政务公开纳入工作考核，开展社会评议，未发生责任追究情况。", ""))
            s1 = "\n".join(f"{h}\n" + "".join(_own(rng.choice(s1_pool), villages, rng, marked) for _ in range(rng.randrange(2, 5)))
                           for h in subheadings) + supervision
            text = {"preamble": f"本报告由{town}镇人民政府根据《中华人民共和国政府信息公开条例》编制。",
                    "s1": s1,
                    "s5": "".join(_own(rng.choice(s5_pool), villages, rng, marked) for _ in range(rng.randrange(3, 6))),
                    "s6": "本年度未收取信息处理费。"}
        texts.append(text)
        report = Report(2024, unit, cells=_tables(rng), text=text, fees=Fees())
        yield f"{n:05d}-{town}.json", report_to_data(report), (f"{source:05d}" if source is not None else None)


def write_set(folder: Path, count: int, seed: int = 2024) -> list[tuple[str, str]]:
    """Write `count` data files into `folder`; returns the planted (copy, original) file-name
    prefixes. Two copies of one original are copies of each other too (see `expected_pairs`)."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    planted = []
    for name, data, source in generate(count, seed):
        (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        if source is not None:
            planted.append((name[:5], source))
    return planted


def expected_pairs(planted: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Every pair the review should list: each copy with its original, and copies of one original
    with each other."""
    groups: dict[str, set[str]] = {}
    for copy, original in planted:
        groups.setdefault(original, {original}).add(copy)
    return {tuple(sorted((a, b))) for members in groups.values() for a in members for b in members if a < b}
