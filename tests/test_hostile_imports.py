"""Item 5: imports in bounded time — only the encodings real pages use, bounded work per
document — refused with a clear message, leaving every existing file as it was."""

from __future__ import annotations

import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from models.importer import UnsafeFile, import_document
from models.importer.html_reader import decode

ROOT = Path(__file__).resolve().parents[1]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize("charset", ["punycode", "idna", "utf-7", "rot13", "x-mac-chinesesimp", "zlib", "utf-16"])
def test_an_encoding_no_real_page_uses_is_refused(charset):
    page = f'<html><head><meta charset="{charset}"></head><body>一、总体情况</body></html>'.encode("utf-8")
    with pytest.raises(UnsafeFile, match="字符编码"):
        decode(page)


@pytest.mark.parametrize("charset, encoding", [("gb2312", "gb18030"), ("GBK", "gb18030"), ("big5", "big5"),
                                               ("utf-8", "utf-8"), ("iso-8859-1", "gb18030"), ("", "gb18030")])
def test_the_encodings_real_pages_use_are_read(charset, encoding):
    meta = f'<meta charset="{charset}">' if charset else ""
    text = "一、總體情況" if encoding == "big5" else "一、总体情况"
    page = f"<html><head>{meta}</head><body>{text}</body></html>".encode(encoding)
    assert text in decode(page)
    assert "一、总体情况" in decode(b"\xff\xfe" + "<p>一、总体情况</p>".encode("utf-16-le"))


def _docx_with_paragraphs(path: Path, n: int) -> Path:
    random.seed(1)
    paras = "".join(f"<w:p><w:r><w:t>{random.choice(['一、', '二、', '（一）'])}"
                    f"{''.join(chr(random.randint(0x4E00, 0x9FFF)) for _ in range(3))}</w:t></w:r></w:p>"
                    for _ in range(n))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                                              f'<w:document {W}><w:body>{paras}</w:body></w:document>')
    return path


def test_a_document_of_tens_of_thousands_of_headings_is_refused(tmp_path):
    path = _docx_with_paragraphs(tmp_path / "headings.docx", 25_000)
    with pytest.raises(UnsafeFile, match="25,000 个段落"):
        import_document(path)


def test_a_page_of_tens_of_thousands_of_lines_is_refused(tmp_path):
    path = tmp_path / "lines.html"
    path.write_text("<html><body><p>" + "一、总体情况<br>" * 25_000 + "</p></body></html>", encoding="utf-8")
    with pytest.raises(UnsafeFile, match="不像是一份年度报告"):
        import_document(path)


def test_a_refused_import_leaves_the_output_as_it_was(tmp_path):
    page = tmp_path / "p.html"
    page.write_bytes(b'<html><head><meta charset="punycode"></head><body>x</body></html>')
    out = tmp_path / "out.json"
    out.write_text("earlier", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(page), "--out", str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "字符编码" in result.stderr and "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "earlier" and sorted(p.name for p in tmp_path.iterdir()) == [
        "out.json", "p.html"]
