"""PDF through LibreOffice (`soffice --headless`), when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from models.atomic import write_atomically
from models.paths import shipped

TIMEOUT_S = 180
FONT_MAP = shipped("resources", "fonts.conf")


class PdfError(Exception):
    """The PDF could not be made; the message is for the clerk."""


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or sys.platform != "win32":
        return found
    for root in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
        candidate = Path(root or "") / "LibreOffice" / "program" / "soffice.exe"
        if root and candidate.exists():
            return str(candidate)
    return None


def convert_to_pdf(source: Path, target: Path) -> Path:
    """Convert `source` (.docx) into `target` (.pdf), written atomically."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError("未找到 LibreOffice，无法生成 PDF。Word 文档已经生成，可以用 WPS 或 Word 打开后"
                       "“另存为 PDF”；或者安装 LibreOffice 后重试。")
    with tempfile.TemporaryDirectory(prefix="gknb-pdf-") as work:
        work = Path(work)
        # A private profile: soffice fails silently when another LibreOffice uses the default one.
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(work), str(source)]
        env = dict(os.environ)
        if sys.platform.startswith("linux") and FONT_MAP.exists():
            env["FONTCONFIG_FILE"] = str(FONT_MAP)   # stand-ins for the GB/T 9704 typefaces
        try:
            result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, env=env)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice 转换 PDF 超过 {TIMEOUT_S} 秒仍未完成，已停止。Word 文档已经生成。") from None
        except OSError as exc:
            raise PdfError(f"无法启动 LibreOffice（{exc.strerror or exc}），未生成 PDF。Word 文档已经生成。") from None
        produced = work / (source.stem + ".pdf")
        if not produced.exists():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-300:]
            raise PdfError(f"LibreOffice 未能生成 PDF（退出码 {result.returncode}）。Word 文档已经生成。"
                           + (f"\n{detail}" if detail else ""))
        return write_atomically(target, lambda tmp: shutil.copyfile(produced, tmp))
