"""The figures a narrative states, read the way a reader of the report reads them (rule S-9).

A report's text says 「制发规章2件，废止1件，现行有效5件」, 「共收到政府信息公开申请81件（含上年结转
3件）」, 「行政复议36起，行政诉讼9起」, 「发出收费通知1件，总金额120元」. `statements(text, year)`
finds each figure with its unit (件/起/宗, 万元, 元), in Arabic or Chinese numerals, and decides
what it counts from the words before it in the same sentence:

* a **topic** — 规章, 规范性文件, 行政许可/处罚/强制, 行政事业性收费, 申请, 行政复议, 行政诉讼
  (and its two sources), 收费通知/信息处理费 — which carries over to the following figures of the
  sentence (「制发规章2件，废止1件」), and inside brackets only until they close;
* a **verb** between the previous figure and this one — 制发/印发/出台, 废止, 现行有效, 新收/收到/
  受理, 上年结转, 办结, 结转下年度, 予以公开, 部分公开, 不予公开…, 结果维持/纠正… — or, for a few
  statements, the words right after the figure (「1件结转下年度继续办理」「收到70件申请」);
* **when**: from a mention of last year (「上年」「去年」「同比」「较上年」「2023年」 in a 2024 report) to a
  mention of this year (「本年」「全年」「2024年」), figures are about last year; 「上年结转」 is not such
  a mention. A figure right after 增加/减少/增长/下降 is a **change**.

A sentence that says there were none — 「全年未收到政府信息公开申请」, 「未发生因政府信息公开引起的行政
复议、行政诉讼」 — states 0 of each thing it names, when nothing qualifies it (「未发生行政复议纠错」
says nothing of how many 复议 there were, so it is not read).

Approximate figures (「100余件」「约50件」「10件以上」), ordinals (「第3件」) and figures with any other
unit (条, 个, 次, %) are not statements; 份 is read only for decisions (「决定书56份」). Nothing here knows the tables: `models/checks/quoted.py`
compares. Each sentence is read once and cached, so typing re-reads only the sentence typed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from models.narrative import SENTENCE

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

# --- numerals ------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """「三」3, 「十二」12, 「二十」20, 「一百零五」105, 「两千三百」2300, 「一万二千」12000; None if not a number."""
    if not text:
        return None
    if not any(c in _CN_UNITS or c == "万" for c in text):     # 「二〇」: digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in text)) if all(c in _CN_DIGITS for c in text) else None
    total, section, digit = 0, 0, None
    for c in text:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
        elif c == "万":
            total = (total + section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


# --- the grammar ---------------------------------------------------------------------------

_CN = "零〇一二两三四五六七八九十百千万"
_FIGURE = re.compile(
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{_CN}]+)"
    r"\s*(?P<unit>万元|元|件|起|宗|份)")
_APPROXIMATE_BEFORE = re.compile(r"(?:约|近|逾|超过|不足|不到|将近|大约|第)\s*$")
_APPROXIMATE_AFTER = re.compile(r"^(?:以上|以下|左右|上下|之多|事)")

# Topics: what the figures of a sentence count. Longest first where one contains another.
TOPICS = (
    ("fyhs", r"复议后(?:提起)?(?:行政)?起诉"),
    ("zs", r"(?:未经复议)?直接(?:提起)?(?:行政)?起诉"),
    ("fy", r"行政复议"),
    ("lawsuits", r"行政诉讼"),
    ("notices", r"收费通知(?:书)?"),
    ("fees", r"信息处理费|信息公开处理费"),
    ("sf", r"行政事业性收费"),
    ("gz", r"规章(?!制度)"),
    ("gfxwj", r"(?:行政)?规范性文件"),
    ("xzxk", r"行政许可"),
    ("xzcf", r"行政处罚"),
    ("xzqz", r"行政强制"),
    ("applications", r"依申请公开的?(?:事项|政府信息|信息|申请)?|申请"),   # 「依申请公开事项2件」: one noun
)
_TOPIC = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in TOPICS))
# Nouns that end the topic carried over: 「制发规章2件、政策性文件11件」 says nothing of 规章 in its 11.
_OTHER_NOUN = re.compile(r"(?<!规范性)文件|信息(?!公开)|事项|目录|清单|解读|案例|栏目|平台|问政|诉求|建议|提案|来信|热线")
# Words between an application verb and its figure that make the figure a part: 「受理当面申请0件」
_PART_OF_APPLICATIONS = re.compile(r"当面|信函|传真|网上|互联网|网络|在线|线上|线下|邮寄|电子邮件|邮件|现场|口头|自然人|法人|其他组织")
# Words between the topic and its figure that make it a count of something else
_NOT_A_DECISION = re.compile(r"信息|公示|类|清单|目录|标准|解读")

# Verbs by topic. Each is (kind, pattern); the last one found before the figure decides.
_DOCUMENT_VERBS = (("made", r"制发|印发|出台|制定|新制定|新增|发布"), ("repealed", r"废止|废除|宣布失效"),
                   ("valid", r"现行有效|现有有效|现存有效|有效期内"))
_APPLICATION_VERBS = (
    ("carried_in", r"上(?:一)?年度?结转|去年结转"),
    ("carried_out", r"结转(?:至|到)?下一?年度?|结转(?:至|到)?\d{4}年度?|转入下一?年度?|顺延(?:至|到)下一?年度?"),
    ("received", r"新收|收到|受理|接收|接到"),
    ("done", r"办结|办理完结|答复"),
    ("disclosed_partly", r"予以公开(?:及|和|与|、)部分公开"),
    ("disclosed", r"予以公开"),
    ("partly", r"部分公开"),
    ("withheld", r"不予公开"),
    ("unavailable", r"无法提供"),
    ("not_handled", r"不予处理"),
    ("other", r"其他处理"),
)
_OUTCOME_VERBS = (("wc", r"维持"), ("jz", r"纠正"), ("qt", r"其他结果"), ("wj", r"尚未审结|未审结"))
_FEE_VERBS = (("notice_amount", r"总金额|通知金额|收费金额"), ("collected", r"实际收取|实收|收取"))
_VERBS = {
    "gz": _DOCUMENT_VERBS, "gfxwj": _DOCUMENT_VERBS,
    "applications": _APPLICATION_VERBS,
    "fy": _OUTCOME_VERBS, "lawsuits": _OUTCOME_VERBS, "zs": _OUTCOME_VERBS, "fyhs": _OUTCOME_VERBS,
    "notices": _FEE_VERBS, "fees": _FEE_VERBS,
}
_VERB = {topic: re.compile("|".join(f"(?P<{kind}>{p})" for kind, p in verbs)) for topic, verbs in _VERBS.items()}
# A figure the words after it explain: 「1件结转下年度继续办理」, 「收到70件申请」
_AFTER = (("carried_out", re.compile(r"^(?:申请)?(?:结转|转入|顺延)(?:至|到)?(?:下一?年|\d{4}年)")),
          ("received", re.compile(r"^(?:政府信息公开|信息公开|依)?申请")))
_CHANGE = re.compile(r"(?:(?<!新)(?P<up>增加|增长|上升)|(?P<down>减少|下降))了?\s*$")
_THIS_YEAR = r"本年度?|今年|全年|本年"
_LAST_YEAR = r"上一?年度?(?!度?结转)|去年(?!结转)|同比|较上年|比上年|与上年"


@lru_cache(maxsize=8)
def _time_marks(year: int) -> re.Pattern:
    return re.compile(rf"(?P<last>{_LAST_YEAR}|{year - 1}\s*年(?:度)?(?!\s*\d+\s*月\s*\d+\s*日\s*[起至]))"
                      rf"|(?P<this>{_THIS_YEAR}|{year}\s*年(?:度)?)")


# 「未收到政府信息公开申请」「无行政复议、行政诉讼案件」: a zero, when the clause ends right after what it names.
_NONE_SAID = re.compile(
    r"(?:(?:未|没有)被?(?:收到|接到|接收到?|受理|发生|产生|出现|涉及|有|提起|申请)过?|(?<![法])无(?!法))"
    r"(?:任何|相关)?"
    r"(?:(?:因|由|涉及|有关)?(?:政府)?信息公开(?:申请|工作|方面)?(?:引起|引发|产生|提起|而引起)?的?)?"
    r"(?P<names>(?:(?:政府)?信息公开申请|依申请公开的?(?:政府信息)?(?:申请|事项)?|申请|行政复议|行政诉讼)"
    r"(?:(?:[、和及与或]|以及)(?:提起|被提起|被申请|申请)?(?:行政复议|行政诉讼))*)"
    r"(?:申请|案件|事项|情况|案例|的情况)?(?=[，。；,;！!]|$)")
_NAMED = {"行政复议": ("fy", ""), "行政诉讼": ("lawsuits", "")}


@dataclass(frozen=True)
class Statement:
    """One figure the text states."""
    topic: str             # one of TOPICS' names
    kind: str              # the verb's kind ("made", "received", "wc"…), or "" for the topic's own total
    value: Decimal         # the figure, exactly as written
    unit: str              # 件 / 起 / 宗 / 万元 / 元
    phrase: str            # the words that say it, 「制发规章2件」, without spaces
    sentence: str          # the sentence it stands in, as written
    last_year: bool        # about last year (「上年」「同比」…)
    change: int            # +1 「增加5件」, −1 「减少5件」: a change against last year; 0 a level


def _value(num: str) -> Decimal | None:
    if num[0] in _CN:
        n = chinese_number(num)
        return None if n is None else Decimal(n)
    try:
        return Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None


def _last(pattern: re.Pattern, text: str) -> re.Match | None:
    found = None
    for found in pattern.finditer(text):
        pass
    return found


@lru_cache(maxsize=64)
def statements(text: str, year: int) -> tuple[Statement, ...]:
    """Every figure stated in `text` (one narrative section) in a report of `year`."""
    return tuple(s for line in text.split("\n") for s in _read_line(line, year))


@lru_cache(maxsize=1024)
def _read_line(line: str, year: int) -> tuple[Statement, ...]:
    """A line (a paragraph) sentence by sentence: typing re-reads only the line typed in."""
    return tuple(s for sentence in SENTENCE.findall(line) for s in _read_sentence(sentence, year))


@lru_cache(maxsize=4096)
def _read_sentence(sentence: str, year: int) -> tuple[Statement, ...]:
    plain = sentence.translate(_FULL_WIDTH)
    found: list[Statement] = list(_read_nones(plain, sentence, year))
    if not _FIGURE.search(plain):
        return tuple(found)
    topic: str | None = None
    topic_end = 0                 # where the words of the topic end (its figure's filler starts there)
    last_year = False
    stack: list[tuple[str | None, bool]] = []     # (topic, last_year) outside the open brackets
    times = _time_marks(year)
    position = 0
    for figure in _FIGURE.finditer(plain):
        window = plain[position:figure.start()]
        # walk the window: brackets, topics and time marks in the order they come
        events = sorted([(m.start(), "topic", m) for m in _TOPIC.finditer(window)]
                        + [(m.start(), "noun", m) for m in _OTHER_NOUN.finditer(window)]
                        + [(m.start(), "time", m) for m in times.finditer(window)]
                        + [(i, "open", None) for i, c in enumerate(window) if c in "（("]
                        + [(i, "close", None) for i, c in enumerate(window) if c in "）)"],
                        key=lambda e: e[0])
        for at, what, match in events:
            if what == "open":
                stack.append((topic, last_year))
            elif what == "close":
                if stack:
                    topic, last_year = stack.pop()
            elif what == "topic":
                topic, topic_end = match.lastgroup, position + match.end()
            elif what == "noun" and (topic is None or position + at > topic_end):   # 「行政许可事项」: one noun
                topic = None
            elif what == "time":
                last_year = match.lastgroup == "last"
        start, end = figure.span()
        before, after = plain[max(0, start - 6):start], plain[end:end + 14]
        position = end
        if _APPROXIMATE_BEFORE.search(before) or _APPROXIMATE_AFTER.match(after):
            continue
        value = _value(figure.group("num"))
        if value is None:
            continue
        kind, said_from = _kind(topic, window, after, figure.start() - len(window))
        if kind is None:
            continue
        statement_topic, verb = kind
        if figure.group("unit") == "份" and statement_topic not in ("xzxk", "xzcf", "xzqz"):
            continue     # 「决定书56份」 counts decisions; 「申请材料3份」 counts nothing of the tables
        if statement_topic in ("gz", "gfxwj", "xzxk", "xzcf", "xzqz", "sf", "fy", "lawsuits", "zs", "fyhs") \
                and _NOT_A_DECISION.search(plain[max(topic_end, said_from):start]):
            continue
        if said_from is None:   # said by the words after the figure
            phrase_end = end + _after_length(verb, after)
            phrase = plain[start:phrase_end]
        else:
            phrase = plain[said_from:end]
        change = _CHANGE.search(plain[max(0, start - 6):start])
        found.append(Statement(statement_topic, verb, value, figure.group("unit"), re.sub(r"\s+", "", phrase)[-40:],
                               sentence, last_year, 0 if change is None else 1 if change.lastgroup == "up" else -1))
    return tuple(found)


def _read_nones(plain: str, sentence: str, year: int):
    """The zeros a sentence states by saying there were none."""
    times = _time_marks(year)
    for said in _NONE_SAID.finditer(plain):
        mark = _last(times, plain[:said.start()])
        last_year = mark is not None and mark.lastgroup == "last"
        phrase = re.sub(r"\s+", "", said.group(0))[-40:]
        names = said.group("names")
        for name in re.findall("行政复议|行政诉讼", names) or ["申请"]:
            topic, kind = _NAMED.get(name, ("applications", "received"))
            yield Statement(topic, kind, Decimal(0), "件", phrase, sentence, last_year, 0)


def _after_length(kind: str, after: str) -> int:
    for name, pattern in _AFTER:
        if name == kind and (m := pattern.match(after)):
            return m.end()
    return 0


# Verbs that speak of applications even where the sentence does not say 申请: 「办结12件」,
# 「上年结转1件」, 「予以公开5件」. 收到/受理/答复/其他处理 are said of letters, hotline calls… too.
_APPLICATION_ONLY = ("carried_in", "carried_out", "disclosed_partly", "disclosed", "partly", "withheld",
                     "unavailable", "not_handled")


def _says_applications(verb: re.Match) -> bool:
    return verb.lastgroup in _APPLICATION_ONLY or verb.group(0).startswith("办结")


def _kind(topic: str | None, window: str, after: str, offset: int) -> tuple[tuple[str, str] | None, int | None]:
    """((topic, verb kind), where the words saying it start) for a figure after `window`, or
    (None, None) when the figure is not a statement the rule reads."""
    if topic == "applications" or topic is None:
        verb = _last(_VERB["applications"], window)
        if verb is not None and (topic == "applications" or _says_applications(verb)):
            if _PART_OF_APPLICATIONS.search(window, verb.end()):
                return None, None      # one channel's or one kind of applicant's share
            return ("applications", verb.lastgroup), offset + verb.start()
        for name, pattern in _AFTER:    # 「1件结转下年度」, 「收到70件申请」
            if pattern.match(after) and (name == "carried_out" or (verb is not None and verb.lastgroup == "received")
                                         or (topic is None and _last(_VERB["applications"], window) is None
                                             and re.search(r"收到|受理|接收|新收", window))):
                return ("applications", name), None
        return None, None
    if topic in ("gz", "gfxwj"):
        verb = _last(_VERB[topic], window)
        topic_match = _last(_TOPIC, window)
        start = min(m.start() for m in (verb, topic_match) if m is not None) if verb else None
        return ((topic, verb.lastgroup), offset + start) if verb else (None, None)
    if topic in ("xzxk", "xzcf", "xzqz", "sf"):
        # the topic's own figure only: 「行政处罚决定5件，其中简易程序3件」 says nothing more of 表二
        topic_match = _last(_TOPIC, window)
        return ((topic, ""), offset + topic_match.start()) if topic_match else (None, None)
    if topic in ("fy", "lawsuits", "zs", "fyhs"):
        verb = _last(_VERB[topic], window)
        topic_match = _last(_TOPIC, window)
        if verb is not None and topic_match is not None and verb.start() < topic_match.start():
            verb = None     # 「复议1件，结果维持；被提起行政诉讼0件」: the 维持 was the 复议's
        if verb is not None:
            return (topic, verb.lastgroup), offset + verb.start()
        if topic_match is not None:
            return (topic, ""), offset + topic_match.start()
        return None, None     # a figure after the topic's own, with no verb: 「其中2件」
    if topic in ("notices", "fees"):
        verb = _last(_VERB[topic], window)
        if verb is not None:
            return ("fees", verb.lastgroup), offset + verb.start()
        topic_match = _last(_TOPIC, window)
        if topic == "notices" and topic_match is not None:
            return ("fees", "notices"), offset + topic_match.start()
        return None, None
    return None, None
