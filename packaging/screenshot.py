"""Wait for the app's window on the current X display, save a screenshot of it, and say whether it
painted (a blank or black window has only a handful of colours; a painted one has text in it).

    python packaging/screenshot.py TITLE OUT.png [--timeout 60]

Prints the seconds until the window was mapped; exits 1 if it never showed or did not paint.
Uses `xwininfo` (Debian x11-utils) to find the window and Qt to grab it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time


def find_window(title: str) -> str | None:
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    for line in tree.splitlines():
        match = re.match(r'\s*(0x[0-9a-f]+) "([^"]*)"', line)
        if match and match.group(2) == title:
            return match.group(1)
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("title")
    parser.add_argument("out")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--settle", type=float, default=3, help="seconds to let the start page fill in")
    args = parser.parse_args()
    start = time.monotonic()
    while (wid := find_window(args.title)) is None:
        if time.monotonic() - start > args.timeout:
            print(f"no window titled {args.title!r} after {args.timeout:.0f} s", file=sys.stderr)
            return 1
        time.sleep(0.05)
    shown = time.monotonic() - start
    time.sleep(args.settle)

    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([])
    image = app.primaryScreen().grabWindow(0).toImage()   # the whole screen: dialogs included
    image.save(args.out)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    print(f"window {wid} shown after {shown:.2f} s; screenshot {args.out}: {len(colours)} colours")
    if len(colours) < 20:
        print("the window did not paint (too few colours)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
