"""Files from outside are untrusted: a damaged or hostile .docx/.xlsx/.html gets a clear refusal
within bounded time and memory, before any parser sees it."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024          # a report is tens of kB; a scanned-image docx a few MB
MAX_HTML_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024      # everything inside a .docx/.xlsx, uncompressed
MAX_RATIO = 200                            # uncompressed/compressed for any one member (zip bomb)
MAX_MEMBERS = 5000


class UnsafeFile(ValueError):
    """The file is refused; the message says why, in Chinese."""


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> int:
    try:
        info = path.stat()
        size = info.st_size
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(f"“{path}”不是普通文件（可能是文件夹、设备或管道），未读取。")
    except FileNotFoundError:
        raise UnsafeFile(f"找不到文件：{path}") from None
    except OSError as exc:
        raise UnsafeFile(f"无法读取文件 {path}：{exc.strerror or exc}") from None
    if size > limit:
        raise UnsafeFile(f"“{path.name}”有 {size / 1024 / 1024:.0f} MB，超过 {limit // 1024 // 1024} MB 的上限，"
                         f"不像是一份年度报告，未读取。")
    if size == 0:
        raise UnsafeFile(f"“{path.name}”是空文件。")
    return size


def check_zip(path: Path, kind: str, required: str) -> None:
    """A .docx/.xlsx is a zip: refuse what is not one, or what would unpack to too much.
    `required` is a member every genuine file of that kind has (e.g. word/document.xml)."""
    check_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise UnsafeFile(f"“{path.name}”内部文件多达 {len(members)} 个，不是正常的{kind}文件，未读取。")
            total = 0
            for member in members:
                total += member.file_size
                ratio = member.file_size / max(member.compress_size, 1)
                if ratio > MAX_RATIO and member.file_size > 1024 * 1024:
                    raise UnsafeFile(f"“{path.name}”内容解压后异常膨胀（压缩炸弹），未读取。")
            if total > MAX_UNPACKED_BYTES:
                raise UnsafeFile(f"“{path.name}”解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，未读取。")
            if required not in archive.namelist():
                raise UnsafeFile(f"“{path.name}”不是{kind}文件（缺少 {required}）。")
    except zipfile.BadZipFile:
        raise UnsafeFile(f"“{path.name}”不是有效的{kind}文件（文件已损坏，或只是改了扩展名）。") from None
