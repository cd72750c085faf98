"""Reading a rendered PDF page the way a ruler would: the text lines with their positions
(poppler's `pdftotext -bbox-layout`) and the ink of a page as a grey raster (`pdftoppm -gray`),
in millimetres from the top-left corner of the page."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

MM_PER_PT = 25.4 / 72

HAVE_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None


@dataclass(frozen=True)
class Line:
    text: str
    left: float     # mm
    top: float
    right: float
    bottom: float


_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word [^>]*>(.*?)</word>", re.S)


def page_lines(pdf: Path, page: int) -> list[Line]:
    """The text lines of page `page` (1-based), top to bottom."""
    out = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = []
    for x0, y0, x1, y1, body in _LINE.findall(out):
        text = "".join(unescape(w) for w in _WORD.findall(body))
        lines.append(Line(text, float(x0) * MM_PER_PT, float(y0) * MM_PER_PT, float(x1) * MM_PER_PT,
                          float(y1) * MM_PER_PT))
    return sorted(lines, key=lambda line: (line.top, line.left))


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@dataclass(frozen=True)
class Raster:
    width: int
    height: int
    pixels: bytes
    dpi: int

    def dark(self, left_mm: float, top_mm: float, right_mm: float, bottom_mm: float) -> list[tuple[float, float]]:
        """(x, y) in mm of every dark pixel inside the rectangle."""
        per_mm = self.dpi / 25.4
        x0, x1 = int(left_mm * per_mm), min(self.width, int(right_mm * per_mm))
        y0, y1 = int(top_mm * per_mm), min(self.height, int(bottom_mm * per_mm))
        return [(x / per_mm, y / per_mm) for y in range(y0, y1) for x in range(x0, x1)
                if self.pixels[y * self.width + x] < 128]


def page_raster(pdf: Path, page: int, dpi: int = 300) -> Raster:
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf),
                        f"{work}/page"], check=True)
        data = next(Path(work).iterdir()).read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)     # one whitespace byte, then the pixels
    return Raster(int(header.group(1)), int(header.group(2)), data[header.end():], dpi)
