"""Render the app icon (resources/icons/app.svg) to the PNG sizes the app loads and to a
multi-size app.ico for the Windows installer and the .exe:

    uv run python resources/make_icon.py

The ICO holds PNG-compressed images (supported since Windows Vista), written by hand because
Qt's ICO writer stores a single image."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 256)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(images: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images.items():
        side = 0 if size >= 256 else size          # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def main() -> None:
    app = QGuiApplication(sys.argv)   # noqa: F841  (QImage/QPainter need it)
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    if not renderer.isValid():
        raise SystemExit("app.svg could not be read")
    images = {size: render(renderer, size) for size in PNG_SIZES}
    for size, png in images.items():
        (ICONS / f"app-{size}.png").write_bytes(png)
    (ICONS / "app.ico").write_bytes(ico({s: images[s] for s in ICO_SIZES}))
    print("written:", ", ".join(f"app-{s}.png" for s in PNG_SIZES), "and app.ico in", ICONS)


if __name__ == "__main__":
    main()
