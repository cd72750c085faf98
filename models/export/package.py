"""A .docx written straight from the text of its parts.

Every part the export writes is already WordprocessingML text (`models/export/base.py` writes
the base parts, `document.py` and `tables.py` the body through `ooxml.props`), so the package
is made by splicing the body into the base's `word/document.xml` and zipping the parts — no
XML tree is parsed or serialised. (Going through python-docx, parsing the base and the body
and writing them out again cost three times what the rest of the export does.)

The zip is deterministic: the parts in a fixed order, `[Content_Types].xml` first as Office
writes it, each with the same time stamp and attributes on every platform. Reading a written
package back (tests, the importer) is python-docx's or the importer's job, not this module's.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import BinaryIO

ZIP_TIME = (1980, 1, 1, 0, 0, 0)      # the zip format's earliest date: the same bytes every time
FIRST_PARTS = ("[Content_Types].xml", "_rels/.rels")


def write_zip(target: str | os.PathLike | BinaryIO, parts: Mapping[str, str | bytes]) -> None:
    """The parts as a deflated zip in `target` (a path or a binary file): FIRST_PARTS first,
    then the others in the order given."""
    names = [n for n in FIRST_PARTS if n in parts] + [n for n in parts if n not in FIRST_PARTS]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name in names:
            data = parts[name]
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 0                       # MS-DOS, as Office writes it, on any platform
            info.external_attr = 0
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


@cache
def _template_parts(path: Path, mtime_ns: int) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(path) as package:
        return tuple((name, package.read(name)) for name in package.namelist())


def template_parts(path: Path) -> dict[str, bytes]:
    """The parts of the .docx template at `path`, read once (again if the file changes)."""
    return dict(_template_parts(path, path.stat().st_mtime_ns))


class DocxPackage:
    """A .docx as its parts' text, by part name; `save` writes it."""

    def __init__(self, parts: Mapping[str, str | bytes]):
        self.parts: dict[str, str | bytes] = dict(parts)

    def text(self, name: str) -> str:
        data = self.parts[name]
        return data.decode("utf-8") if isinstance(data, bytes) else data

    def save(self, target: str | os.PathLike | BinaryIO) -> None:
        write_zip(target, self.parts)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()
