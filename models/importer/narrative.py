"""The text of a report: the title (unit and year), the opening paragraph, and the text under
each of the six official headings — tolerating longer heading variants and stray spaces, and
leaving out what a web page puts around a report (menus, breadcrumbs, 发布时间 lines,
footers) and the 落款 (unit and date) at the end."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from models.catalogue import SECTIONS
from models.datafile import YEAR_RANGE
from models.importer.labels import norm

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_ORDINALS = "一二三四五六"
_HEADING = re.compile(r"^[\s\u3000]*([一二三四五六])[\s\u3000]*([、.．，,:：\s\u3000])?[\s\u3000]*(.*)$", re.S)
BODIES = tuple(s.heading.split("、", 1)[1] for s in SECTIONS)
_KEYWORDS = (("总体",), ("主动公开",), ("申请",), ("复议", "诉讼"), ("问题", "改进", "整改"), ("其他", "需要报告"))
HEADING_MAX = 40

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_DATE = re.compile(r"^[(（]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]?$")
# the same written in Chinese numerals, as older 公文 date them: 二〇二五年一月二十日
_CN_DIGITS = {c: n for n, chars in enumerate(("〇○零О0", "一", "二", "三", "四", "五", "六", "七", "八", "九")) for c in chars}
_CN_DATE = re.compile(r"^[(（]?([〇○零О0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日[)）]?$")
_CHROME = re.compile(r"主办单位|承办单位|主办[:：]|协办单位|ICP|备案号|网站标识码|公网安备|版权所有|copyright|©|技术支持|"
                     r"网站地图|联系我们|打印本页|关闭窗口|【打印】|【关闭】|扫一扫|分享到|当前位置|您现在的位置|"
                     r"首页\s*[>＞»›]|上一篇|下一篇|相关链接|相关文章|网站声明|隐私声明|返回顶部|无障碍|适老化", re.I)
_META = re.compile(r"发布时间|发布日期|发文日期|成文日期|来源[:：]|信息来源|作者[:：]|浏览次数|浏览量|点击数|点击量|"
                   r"阅读次数|访问量|字号|字体[:：]|索引号|发布机构|文号[:：]|生成日期|主题分类|体裁分类|发文机关|"
                   r"【\s*大\s*中\s*小\s*】|^标题[:：]|^栏目[:：]|原文链接", re.I)
_SIGNATURE_END = re.compile(r"(人民政府|政府|办公室|办公厅|局|委员会|办事处|镇|乡|街道|中心|管委会|院|校|厅|部|[)）])$")
CHROME_MAX = 80
# a 表二 item label printed apart from its table, 「（续表）」 between the parts of a split table
_TABLE_LABEL = re.compile(r"^\s*(第二十条第\s*[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*项|[（(]?\s*续表\s*[)）]?)\s*$")

# Administrative divisions, for guessing unit.level from the name (a guess the clerk checks).
_DIVISION = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|自治州|自治县|街道办事处|街道|地区|省|"
                       r"市(?![场政容级])|盟|州|县(?!级)|旗|区(?![域划])|镇|乡(?![村镇]))+")
_LEVELS = ((("特别行政区", "自治区", "省"), "province"), (("自治州", "地区", "州", "盟", "市"), "city"),
           (("自治县", "县", "旗", "区"), "county"), (("街道办事处", "街道", "镇", "乡"), "township"))
_DEPT = ("局", "委员会", "委", "办公室", "办公厅", "办", "厅", "部", "署", "处")
_OTHER = ("学校", "大学", "学院", "中学", "小学", "幼儿园", "医院", "公司", "集团", "中心", "研究所", "站", "馆")


@dataclass
class Line:
    text: str
    inside: bool = True      # within the report's content (not a web page's menus or footer)


@dataclass
class Narrative:
    title: str | None = None
    unit: str | None = None
    year: int | None = None
    year_source: str = ""
    text: dict[str, str] = field(default_factory=dict)
    headings: list[int] = field(default_factory=list)     # which of the six were found
    published: date | None = None
    notes: list[str] = field(default_factory=list)


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


def _after(text: str, prefix_norm: str) -> str | None:
    """`text` without a leading part that normalises to `prefix_norm` (None if it does not start so)."""
    for k in range(len(text) + 1):
        n = norm(text[:k])
        if n == prefix_norm:
            return text[k:]
        if len(n) > len(prefix_norm):
            return None
    return None


def heading_of(line: str) -> tuple[int, str] | None:
    """Which of the six headings `line` is (0–5), and any text after the heading on the same
    line; None when it is not one."""
    match = _HEADING.match(line)
    if match:
        i, separator, rest = _ORDINALS.index(match.group(1)), match.group(2), match.group(3)
        rest_norm = norm(rest)
        if (separator or rest_norm.startswith(norm(BODIES[i]))) and len(rest_norm) <= HEADING_MAX \
                and "。" not in rest and any(k in rest_norm for k in _KEYWORDS[i]):
            return i, ""
        after = _after(rest, norm(BODIES[i])) if separator else None
        if after is not None and after.strip():
            return i, after.strip()
        return None
    n = norm(line)
    return (BODIES.index(next(b for b in BODIES if norm(b) == n)), "") if n in {norm(b) for b in BODIES} else None


def find_headings(lines: list[Line]) -> list[tuple[int, int, str]]:
    """(line index, section 0–5, text after the heading), in order: a heading counts only
    after the one before it (a numbered list inside 五 is not a new part)."""
    found, expected = [], 0
    for idx, line in enumerate(lines):
        if not line.inside or len(line.text) > 400:
            continue
        heading = heading_of(line.text)
        if heading and heading[0] >= expected:
            found.append((idx, heading[0], heading[1]))
            expected = heading[0] + 1
    return found


def is_chrome(text: str) -> bool:
    return len(text) <= CHROME_MAX and bool(_CHROME.search(text))


def _is_meta(text: str) -> bool:
    return len(text) <= CHROME_MAX and bool(_META.search(text))


def _title_like(text: str) -> bool:
    t = ascii_digits(text)
    return (len(t) <= 80 and "。" not in t and not t.rstrip().endswith(("：", ":")) and "如下" not in t
            and bool(_YEAR.search(t)) and ("报告" in t or "年报" in t or "政府信息公开" in t) and not is_chrome(t))


def _cn_number(text: str) -> int:
    """一 … 三十一 (a month or a day written in Chinese numerals)."""
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else 0
    tens, _, units = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


def date_line(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) when the line is nothing but a date — 「2025年1月20日」, 「2025 年 1 月
    20 日」 or 「二〇二五年一月二十日」 — whether or not that day exists; None otherwise."""
    t = re.sub(r"[\s\u3000]", "", ascii_digits(text))
    if match := _DATE.match(t):
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    if match := _CN_DATE.match(t):
        year = int("".join(str(_CN_DIGITS[c]) for c in match.group(1)))
        return year, _cn_number(match.group(2)), _cn_number(match.group(3))
    return None


def dates_a_signature(text: str) -> bool:
    """A 落款's date line: a date, or 「年 月 日」 left for the date to be written by hand."""
    return date_line(text) is not None or re.sub(r"\s", "", text) == "年月日"


def ends_like_a_unit(text: str) -> bool:
    """Whether `text` ends as a unit's name ends (人民政府, 局, 委员会 … or a bracket closing it)."""
    return bool(_SIGNATURE_END.search(text.strip()))


def is_name_line(text: str) -> bool:
    """A short line that could be a unit's name (in a title or a 落款): no sentence in it."""
    return (len(text) <= 40 and not re.search(r"[。；;：:！？!?]", text) and date_line(text) is None
            and not is_chrome(text) and not _is_meta(text))



def split_title(title: str) -> tuple[str | None, int | None]:
    """(unit, year) from 「<单位><年份>年（度）政府信息公开工作年度报告」 (or the year first)."""
    t = re.sub(r"^\s*标题\s*[:：]\s*", "", ascii_digits(title))
    t = re.sub(r"[\s\u3000]+", "", t)
    match = _YEAR.search(t)
    if not match:
        return None, None
    year = int(match.group(1))
    year = year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None
    unit = t[:match.start()].strip("《》“”\"' ")
    unit = re.sub(r"关于$", "", unit)
    if not unit:
        after = re.sub(r"^度", "", t[match.end():])
        cut = re.search(r"政府信息公开|政务公开|信息公开|年度报告|工作报告|年报", after)
        unit = after[:cut.start()] if cut else ""
    return (unit or None), year


def year_from_text(text: str) -> int | None:
    t = ascii_digits(text)
    period = re.search(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日", t)
    if period:
        return int(period.group(1))
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", t)
                    if YEAR_RANGE[0] <= int(y) <= YEAR_RANGE[1])
    return years.most_common(1)[0][0] if years else None


def guess_unit(name: str) -> tuple[str | None, str | None]:
    """(kind, level) guessed from the unit's name — to be checked by the clerk."""
    core = re.sub(r"[（(][^）)]*[）)]", "", name).strip()
    tokens, pos = [], 0
    while match := _DIVISION.match(core, pos):
        tokens.append(match.group())
        pos = match.end()
    rest = core[pos:]
    level = None
    if tokens:
        level = next((lv for suffixes, lv in _LEVELS if tokens[-1].endswith(suffixes)), None)
    elif re.match(r"(国务院|国家|中华人民共和国|中国)", core) or core.endswith("部"):
        level = "national"
    if tokens and tokens[-1].endswith("片区") and rest in ("管理局", "管委会", "管理委员会"):
        # 平潭's 片区管理局: the 管委会's offices for a part of the area, at the level of a township
        return "gov", "township"
    if tokens and rest in ("", "人民政府", "政府"):
        kind = "gov"
    elif rest.endswith(("管委会", "管理委员会")):
        kind = "gov"
    elif rest.endswith(_OTHER):
        kind = "other"
    elif rest.endswith(_DEPT) or (not tokens and core.endswith(_DEPT)):
        kind = "dept"
    else:
        kind = None
    return kind, level


def _find_title(lines: list[Line], end: int, hint: str) -> tuple[str | None, int, int]:
    """The title and the range of lines it takes (start, stop); (None, 0, 0) when not found."""
    for idx in range(end - 1, -1, -1):
        text = lines[idx].text.replace("\n", "")
        if _title_like(text):
            start = idx
            unit, _ = split_title(text)
            if unit is None and idx > 0 and is_name_line(lines[idx - 1].text):
                start = idx - 1
                text = lines[idx - 1].text + text
                # a name whose bracketed part has a line of its own: 「淮安市人民政府」「（……汇总数据）」
                if text.startswith(("（", "(")) and start > 0 and is_name_line(lines[start - 1].text):
                    start -= 1
                    text = lines[start].text + text
            return text, start, idx + 1
    hint = re.split(r"\s*[_|｜—–-]\s*", hint)[0] if hint else ""
    if hint and _title_like(hint):
        return hint, 0, 0
    return None, 0, 0


def _signs(line: str, unit: str | None, first: bool) -> bool:
    """Whether `line` can be a line of the 落款's name: the unit's name, or a name ending as
    units' names end (the line just above the date may also end with a bracket: 「（…编制）」)."""
    ends = _SIGNATURE_END.search(line)
    return is_name_line(line) and ((unit is not None and unit in line)
                                   or (ends is not None and (first or ends.group(1) not in ")）")))


def _strip_signature(body: list[str], unit: str | None) -> tuple[list[str], date | None]:
    """The 落款 taken off the end of 六: the date, and the unit's name above it — one line, or up
    to three (joint units, or a name set on two lines); without a date only one name line."""
    signed = None
    names = 3      # after a date: the name's lines (a name set on two lines, joint units)
    if body and date_line(body[-1]) is None and dates_a_signature(body[-1]):   # to be dated by hand
        body = body[:-1]
    elif body and (found := date_line(body[-1])):
        try:
            signed = date(*found)
        except ValueError:
            signed = None
        body = body[:-1]
    else:
        names = 1
    taken = 0
    while body and taken < names and _signs(body[-1], unit, taken == 0):
        body = body[:-1]
        taken += 1
    return body, signed


_PAGE_DATE = re.compile(r"(?:发布时间|发布日期|发文日期|公开日期|成文日期)\s*[:：]?\s*"
                        r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _page_date(above: list[Line], year: int) -> date | None:
    """The 发布日期 a government page prints above the report (「发布时间：2024-01-17 10:30」),
    for a report with no 落款 date; the first one within the year after the report year."""
    for line in above:
        match = _PAGE_DATE.search(ascii_digits(line.text))
        if match:
            try:
                day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
            if year < day.year <= year + 1:
                return day
    return None


def read_narrative(lines: list[Line], title_hint: str = "") -> Narrative:
    result = Narrative()
    headings = find_headings(lines)
    first = headings[0][0] if headings else len(lines)
    result.title, start, stop = _find_title(lines, first, title_hint)
    if result.title:
        result.unit, result.year = split_title(result.title)
        result.year_source = "标题"
    preamble_from = stop if stop else 0
    preamble = [line.text for line in lines[preamble_from:first]
                if line.inside and not is_chrome(line.text) and not _is_meta(line.text)
                and date_line(line.text) is None
                and not (not result.title and _title_like(line.text))]
    if preamble:
        result.text["preamble"] = "\n".join(preamble)
    for n, (idx, section, after) in enumerate(headings):
        end = headings[n + 1][0] if n + 1 < len(headings) else len(lines)
        body = [after] if after else []
        for line in lines[idx + 1:end]:
            if not line.inside:
                continue
            if n + 1 == len(headings) and is_chrome(line.text):
                break   # the page's footer after the last part
            if not _TABLE_LABEL.match(line.text):
                body.append(line.text)
        if n + 1 == len(headings):
            body, signed = _strip_signature(body, result.unit)
            if signed and result.year and result.year <= signed.year <= result.year + 1:
                result.published = signed
                result.notes.append(f"落款日期 {signed.year}年{signed.month}月{signed.day}日 记为发布日期，请核对")
            elif result.year and (posted := _page_date(lines[:first], result.year)):
                result.published = posted
                result.notes.append(f"报告没有落款日期，网页上方的发布日期 {posted.year}年{posted.month}月{posted.day}日 "
                                    "记为发布日期，请核对")
        result.text[SECTIONS[section].key] = "\n".join(body)
        result.headings.append(section)
    if result.year is None:
        result.year = year_from_text("\n".join(result.text.values())[:5000])
        result.year_source = "正文" if result.year else ""
    return result
