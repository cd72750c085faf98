"""What one PDF page holds, as plain geometry: its glyphs (character, box, size) and its ruling
lines (horizontal and vertical segments), in a top-down coordinate system where the page's text
reads left to right — whatever the page's /Rotate or the text's own angle. Read with pypdfium2;
nothing else in the importer touches PDFium."""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from dataclasses import dataclass

import pypdfium2.raw as pdfium

MAX_GLYPHS = 60_000       # one page: a dense A4 page of small print has some 3 000
MAX_OBJECTS = 60_000      # page objects (paths, text runs, images) walked on one page
MAX_FORM_DEPTH = 8        # form XObjects inside form XObjects
MAX_PATH_POINTS = 64      # longer paths are drawings, not table borders
THIN = 3.0                # a filled shape thinner than this (pt) is a ruling line
AXIS_TOLERANCE = 0.6      # a segment this far from horizontal/vertical still counts as one


class PageTooBusy(Exception):
    """The page holds far more than any report page (the reader turns this into a refusal)."""


@dataclass(slots=True)
class Glyph:
    char: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Segment:
    horizontal: bool
    pos: float          # y of a horizontal segment, x of a vertical one
    start: float        # along the segment: x0 or top
    end: float


@dataclass
class Page:
    number: int         # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    segments: list[Segment]
    dropped: int = 0    # glyphs at another angle than the page's text (stamps, watermarks, margin notes)
    images: int = 0


# --- coordinates ---------------------------------------------------------------------------


def _orientation(angles: Counter) -> int:
    """The page's reading direction in quarter turns (0–3), from the angles of its glyphs."""
    if not angles:
        return 0
    return angles.most_common(1)[0][0]


def _to_reading(x: float, y: float, quarter: int, width: float, height: float) -> tuple[float, float]:
    """PDF user space (origin bottom left, y up) → reading space (origin top left, y down) for
    text turned by `quarter` quarter turns anticlockwise."""
    if quarter == 0:
        return x, height - y
    if quarter == 1:        # text runs upwards: read with the page turned clockwise
        return y, x
    if quarter == 2:
        return width - x, y
    return height - y, width - x


def _reading_size(width: float, height: float, quarter: int) -> tuple[float, float]:
    return (height, width) if quarter % 2 else (width, height)


# --- glyphs ----------------------------------------------------------------------------------


def _glyphs(textpage, deadline) -> tuple[list[tuple[str, float, float, float, float, float, int]], Counter]:
    count = pdfium.FPDFText_CountChars(textpage)
    if count > MAX_GLYPHS:
        raise PageTooBusy(f"{count} 个字符")
    box, matrix = pdfium.FS_RECTF(), pdfium.FS_MATRIX()
    raw, angles = [], Counter()
    for i in range(max(count, 0)):
        if i % 2000 == 0:
            deadline.check()
        code = pdfium.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0xFFFE, 0xFFFF) or pdfium.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        char = chr(code) if code < 0x110000 else "\ufffd"
        if char.isspace():
            continue     # spaces are recovered from the gaps between glyphs
        if not pdfium.FPDFText_GetLooseCharBox(textpage, i, box):   # the font's full height, not the ink's
            continue
        angle = pdfium.FPDFText_GetCharAngle(textpage, i)
        quarter = -round((angle if angle >= 0 else 0) / (math.pi / 2)) % 4   # PDFium measures clockwise
        size = pdfium.FPDFText_GetFontSize(textpage, i)
        if size > 0 and pdfium.FPDFText_GetMatrix(textpage, i, matrix):   # the size as printed
            size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        raw.append((char, box.left, box.bottom, box.right, box.top, size, quarter))
        angles[quarter] += 1
    return raw, angles


# --- ruling lines ---------------------------------------------------------------------------


def _multiply(m, n):
    """Matrix product m·n for PDF matrices (a, b, c, d, e, f): apply m, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj) -> tuple:
    m = pdfium.FS_MATRIX()
    if not pdfium.FPDFPageObj_GetMatrix(obj, m):
        return (1, 0, 0, 1, 0, 0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _path_lines(obj, matrix) -> list[tuple[float, float, float, float]]:
    """The straight segments of a path (x0, y0, x1, y1 in PDF user space), or the centre line
    of a thin filled rectangle; [] for curves, big filled shapes and invisible paths."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium.FPDFPath_GetDrawMode(obj, fill, stroke):
        return []
    stroked, filled = bool(stroke.value), fill.value != 0
    if not stroked and not filled:
        return []
    n = pdfium.FPDFPath_CountSegments(obj)
    if n <= 0 or n > MAX_PATH_POINTS:
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    points, lines, start, curved = [], [], None, False
    for i in range(n):
        segment = pdfium.FPDFPath_GetPathSegment(obj, i)
        if not segment or not pdfium.FPDFPathSegment_GetPoint(segment, x, y):
            return []
        point = _apply(matrix, x.value, y.value)
        kind = pdfium.FPDFPathSegment_GetType(segment)
        if kind == pdfium.FPDF_SEGMENT_BEZIERTO:
            curved = True
        if kind == pdfium.FPDF_SEGMENT_MOVETO or not points:
            start = point
        elif kind == pdfium.FPDF_SEGMENT_LINETO:
            lines.append((*points[-1], *point))
        points.append(point)
        if pdfium.FPDFPathSegment_GetClose(segment) and start is not None:
            lines.append((*point, *start))
    if stroked and not curved:
        return lines
    if filled and not curved and points:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if h <= THIN < w:
            mid = (max(ys) + min(ys)) / 2
            return [(min(xs), mid, max(xs), mid)]
        if w <= THIN < h:
            mid = (max(xs) + min(xs)) / 2
            return [(mid, min(ys), mid, max(ys))]
    return []


def _walk(container, matrix, depth, out, seen, deadline, form=False) -> None:
    """Path segments of the page (into `out`), through form XObjects; seen = [objects, images]."""
    count = (pdfium.FPDFFormObj_CountObjects if form else pdfium.FPDFPage_CountObjects)(container)
    get = pdfium.FPDFFormObj_GetObject if form else pdfium.FPDFPage_GetObject
    for i in range(max(count, 0)):
        seen[0] += 1
        if seen[0] > MAX_OBJECTS:
            raise PageTooBusy(f"超过 {MAX_OBJECTS} 个图形对象")
        if seen[0] % 2000 == 0:
            deadline.check()
        obj = get(container, i)
        if not obj:
            continue
        kind = pdfium.FPDFPageObj_GetType(obj)
        if kind == pdfium.FPDF_PAGEOBJ_PATH:
            out += _path_lines(obj, _multiply(_matrix(obj), matrix))
        elif kind == pdfium.FPDF_PAGEOBJ_IMAGE:
            seen[1] += 1
        elif kind == pdfium.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            _walk(obj, _multiply(_matrix(obj), matrix), depth + 1, out, seen, deadline, form=True)


# --- a page -----------------------------------------------------------------------------------


def read_page(document, index: int, deadline) -> Page:
    page = pdfium.FPDF_LoadPage(document, index)
    if not page:
        return Page(index + 1, 595, 842, [], [])
    textpage = None
    try:
        width, height = pdfium.FPDF_GetPageWidthF(page), pdfium.FPDF_GetPageHeightF(page)
        textpage = pdfium.FPDFText_LoadPage(page)
        raw, angles = _glyphs(textpage, deadline) if textpage else ([], Counter())
        lines: list[tuple[float, float, float, float]] = []
        seen = [0, 0]
        _walk(page, (1, 0, 0, 1, 0, 0), 0, lines, seen, deadline)
    finally:
        if textpage:
            pdfium.FPDFText_ClosePage(textpage)
        pdfium.FPDF_ClosePage(page)
    quarter = _orientation(angles)
    w, h = _reading_size(width, height, quarter)
    glyphs, dropped = [], 0
    for char, left, bottom, right, top, size, q in raw:
        if q != quarter:
            dropped += 1
            continue
        xa, ya = _to_reading(left, bottom, quarter, width, height)
        xb, yb = _to_reading(right, top, quarter, width, height)
        x0, x1, y0, y1 = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
        glyphs.append(Glyph(char, x0, y0, x1, y1, size if 0 < size < 1000 else y1 - y0))
    segments = []
    for x0, y0, x1, y1 in lines:
        xa, ya = _to_reading(x0, y0, quarter, width, height)
        xb, yb = _to_reading(x1, y1, quarter, width, height)
        if abs(ya - yb) <= AXIS_TOLERANCE and abs(xa - xb) > AXIS_TOLERANCE:
            segments.append(Segment(True, (ya + yb) / 2, min(xa, xb), max(xa, xb)))
        elif abs(xa - xb) <= AXIS_TOLERANCE and abs(ya - yb) > AXIS_TOLERANCE:
            segments.append(Segment(False, (xa + xb) / 2, min(ya, yb), max(ya, yb)))
    return Page(index + 1, w, h, glyphs, segments, dropped, seen[1])
