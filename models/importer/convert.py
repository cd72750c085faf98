"""Files LibreOffice converts for the importer (.doc/.wps/.rtf → .docx), through the one
LibreOffice runner (models.export.pdf.run_soffice: private profile, timeout, process group killed,
temporary folder removed). Also used by the tests to print reports to PDF."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from models.export import pdf as runner

CONVERT_TIMEOUT_S = 60


class ConversionFailed(Exception):
    """LibreOffice is missing or could not convert; the message says why."""


@contextmanager
def converted(sources: list[Path], to: str, timeout: float = CONVERT_TIMEOUT_S) -> Iterator[list[Path]]:
    """`sources` converted to the format `to` ("docx", "pdf", "doc") in one run of LibreOffice;
    the files exist only inside the `with` block. Raises ConversionFailed."""
    if runner.find_soffice() is None:
        raise ConversionFailed("这台电脑上没有安装 LibreOffice")
    with tempfile.TemporaryDirectory(prefix=runner.WORK_PREFIX) as work:
        work = Path(work)
        plain = []
        for n, source in enumerate(sources):   # copies under plain names: the output is named after its input
            plain.append(work / f"source{n}{source.suffix.lower() if source.suffix.isascii() else ''}")
            shutil.copyfile(source, plain[-1])
        try:
            result = runner.run_soffice(["--convert-to", to, "--outdir", str(work / "out"), *map(str, plain)],
                                        work, timeout=timeout)
        except runner.PdfError as exc:
            raise ConversionFailed(str(exc).split("。")[0]) from None
        produced = [work / "out" / f"{p.stem}.{to.split(':')[0]}" for p in plain]
        if not all(p.exists() for p in produced):
            raise ConversionFailed(f"LibreOffice 未能转换（退出码 {result.returncode}）")
        yield produced
