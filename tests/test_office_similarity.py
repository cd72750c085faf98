"""雷同 across units: a planted copy is found with its exact share; honest neighbours, who all write
the same template sentences, are not listed; the index finds exactly what comparing every pair finds."""

import random
import re

import pytest

from models.office.similarity import MIN_CHARS, Narrative, name_forms, share, shared_spans, similar_pairs
from tests.factory import sample

TEMPLATE = ("坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》。"
            "本年度未收取信息处理费。")


def narrative(text, unit=""):
    return Narrative.from_text(text, unit)


def test_share_is_the_part_of_the_shorter_text_found_in_the_other():
    a = "甲乙丙丁戊己庚辛壬癸一二。子丑寅卯辰巳午未申酉。天地玄黄宇宙洪荒日月盈昃。"
    b = "甲乙丙丁戊己庚辛壬癸一二。子丑寅卯辰巳午未申酉。春夏秋冬东南西北上下左右前后，另有一些别的话。再加一句长长的话让它更长。"
    # a is the shorter: its first two clauses (12 + 10 characters) of 34 stand in b
    assert share(narrative(a), narrative(b)) == pytest.approx(22 / 34)
    assert share(narrative(b), narrative(a)) == pytest.approx(22 / 34)


def test_figures_spacing_and_the_units_own_name_are_ignored():
    a = "2024年，七家子镇共收到政府信息公开申请12件，办结10件。七家子镇人民政府组织业务培训3次，公开目录更新及时。"
    b = "2025年， 杨林镇共收到政府信息公开申请 7 件，办结６件。杨林镇人民政府组织业务培训5次，公开目录更新及时。"
    assert share(narrative(a, "七家子镇人民政府"), narrative(b, "杨林镇人民政府")) == 1.0
    assert share(narrative(a), narrative(b)) < 0.6        # without the names masked they differ


def test_name_forms():
    assert name_forms("某某镇人民政府") == ("某某镇人民政府", "某某镇")
    assert name_forms("平潭综合实验区（管委会，全区汇总）")[-1] == "平潭综合实验区"


def test_short_narratives_are_not_compared():
    assert narrative("本年度未收取信息处理费。").chars == 0 < MIN_CHARS
    assert share(narrative("本年度未收取信息处理费。"), narrative("本年度未收取信息处理费。")) == 0.0


def _real_texts():
    names = ["huaian-city-2024", "pingtan-2023", "shuyang-fgj-2023", "pingtan-2019"]
    return [sample(n) for n in names]


def _sentences(report):
    text = "\n".join(report.section_text(k) for k in ("s1", "s5", "s6"))
    return [s for s in re.split(r"(?<=[。；])", text.replace("\n", "")) if len(s) > 6]


def test_a_planted_copy_is_found_and_honest_neighbours_are_not():
    units, texts = [], []
    # honest neighbours: each writes the same template sentences, around its own text (a part
    # of a real report that no other neighbour has)
    for report in _real_texts():
        own = _sentences(report)
        for start in range(0, len(own) - 7, 8):
            texts.append(TEMPLATE + "".join(own[start:start + 8]) + TEMPLATE)
            units.append(f"第{len(units)}镇人民政府")
    assert len(texts) > 12
    # a copy: unit 12 takes unit 3's narrative, with its own name and new figures
    copier = len(units)
    copied = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), texts[3]).replace("第3镇", f"第{copier}镇")
    texts.append(copied)
    units.append(f"第{copier}镇人民政府")
    narratives = [narrative(t, u) for t, u in zip(texts, units)]
    found = similar_pairs(narratives)
    assert [(p.a, p.b) for p in found.pairs] == [(3, copier)]
    assert found.pairs[0].share == pytest.approx(1.0)
    # the honest ones do share the template, just not enough
    assert 0 < share(narratives[0], narratives[1]) < 0.6


def test_the_same_unit_in_two_years_is_not_paired():
    text = "我镇坚持把政务公开作为重要工作来抓，完善公开目录，规范依申请公开办理流程，加强培训和考核。"
    narratives = [narrative(text), narrative(text), narrative(text)]
    pairs = similar_pairs(narratives, groups=["甲镇", "甲镇", "乙镇"]).pairs
    assert {(p.a, p.b) for p in pairs} == {(0, 2), (1, 2)}


def _random_corpus(rng, n_docs, pool):
    docs = []
    for _ in range(n_docs):
        if docs and rng.random() < 0.15:         # a copy of an earlier one, partly rewritten
            source = list(rng.choice(docs))
            for k in range(len(source)):
                if rng.random() < 0.3:
                    source[k] = rng.choice(pool)
            docs.append(source)
        else:
            docs.append([rng.choice(pool) for _ in range(rng.randrange(4, 14))])
    return [narrative("。".join(d) + "。") for d in docs]


def _brute_force(narratives):
    return {(i, j): share(narratives[i], narratives[j]) for i in range(len(narratives))
            for j in range(i + 1, len(narratives)) if share(narratives[i], narratives[j]) >= 0.6}


@pytest.mark.parametrize("seed", range(6))
def test_the_index_finds_exactly_what_comparing_every_pair_finds(seed):
    rng = random.Random(seed)
    pool = ["".join(rng.choice("公开政务信息工作制度平台申请办理答复规范培训考核目录") for _ in range(rng.randrange(3, 15)))
            for _ in range(60)]
    narratives = _random_corpus(rng, 80, pool)
    found = similar_pairs(narratives)
    assert {(p.a, p.b): p.share for p in found.pairs} == _brute_force(narratives)


def test_the_sentences_every_unit_writes_are_not_looked_up():
    common = [f"这是每个单位都写的第{'一二三'[k]}句套话" for k in range(3)]
    names = [a + b for a in "东南西北中上下左右前" for b in "山水林田湖草沙石木金"]    # figures would be ignored
    texts = ["。".join(common + [f"{names[i // 2]}{'甲乙'[i % 2]}单位自己的第{'甲乙丙丁戊'[k]}条工作情况说明文字"
                                 for k in range(5)]) + "。" for i in range(200)]
    own = [f"独有的第{k}条工作经验做法与成效描述" for k in range(20)]
    texts.append("。".join(own) + "。")
    texts.append("。".join(own[:16] + ["改写过的一句"]) + "。")          # a copy of the one before
    narratives = [narrative(t) for t in texts]
    found = similar_pairs(narratives)
    assert [(p.a, p.b) for p in found.pairs] == [(200, 201)]
    # each report looks up a few of its own clauses, never the 200-report-long lists of the common ones
    assert found.probes < 10 * len(texts)
    for p in found.pairs:
        assert p.share == share(narratives[p.a], narratives[p.b]) >= 0.6


def test_identical_narratives_are_paired_even_when_all_their_clauses_are_common():
    text = "。".join(f"这是一句人人都写的套话{'一二三四五六'[k]}" for k in range(6)) + "。"
    narratives = [narrative(text) for _ in range(30)]
    found = similar_pairs(narratives)
    assert len(found.pairs) == 30 * 29 // 2 and all(p.share == 1.0 for p in found.pairs)


def test_shared_spans_mark_the_copied_clauses():
    a = "七家子镇完善公开目录，规范办理流程。本年新建制度3项。"
    b = narrative("杨林镇完善公开目录，规范办理流程。另有别的内容写在这里很长很长很长的一句话。", "杨林镇")
    spans = shared_spans(a, "七家子镇", b)
    assert [a[s:e] for s, e in spans] == ["七家子镇完善公开目录", "规范办理流程"]
