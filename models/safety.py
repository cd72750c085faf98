"""Files from outside are untrusted: a damaged or hostile .docx/.xlsx/.html/.pdf gets a clear refusal
within bounded time and memory, before any parser sees it."""

from __future__ import annotations

import base64
import binascii
import re
import stat
import time
import zipfile
import zlib
from pathlib import Path

# loads pycryptodome's ciphers (≈ 45 ms) with the first file opened, encrypted or not: every run of the
# built apps that reads a file shows that their native libraries were bundled
from models.pdf_crypt import decryptor

MAX_FILE_BYTES = 50 * 1024 * 1024          # a report is tens of kB; a scanned-image docx a few MB
MAX_HTML_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024      # everything inside a .docx/.xlsx, uncompressed
MAX_RATIO = 200                            # uncompressed/compressed for any one member (zip bomb)
MAX_MEMBERS = 5000
# Work per document: a real report has a few hundred paragraphs (table cells included) and lines
# of text; a file with tens of thousands is not one, and reading it would take seconds per
# thousand headings. Every reader (and importer.assemble, for any reader) refuses beyond these.
MAX_PARAGRAPHS = 20_000
MAX_LINES = 20_000


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


def check_paragraphs(count: int, name: str, what: str = "段落") -> None:
    if count > MAX_PARAGRAPHS:
        raise UnsafeFile(f"“{name}”有 {count:,} 个{what}（一份年度报告只有几百个），不像是一份年度报告，未读取。")


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


# --- PDF ------------------------------------------------------------------------------------
# A PDF is read by PDFium (C++), which inflates whatever streams a page needs, however big: so
# every compressed stream is measured here first, in constant memory, and the file is refused
# when one would unpack to too much. The page count and the time spent are bounded by the reader.

MAX_PDF_PAGES = 300                      # a report has 5–20 pages
MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024  # any one stream, unpacked (a page's content is well under 1 MB)
MAX_PDF_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_PDF_STREAMS = 100_000
PDF_TIME_LIMIT_S = 10.0
_FLATE_MAX_RATIO = 1032                  # no deflate stream can unpack to more than this many times its size
_LZW_MAX_RATIO = 2731


class Deadline:
    """Work on an untrusted file stops (with a refusal) once `seconds` have passed."""

    def __init__(self, name: str, seconds: float = PDF_TIME_LIMIT_S):
        self.name, self.seconds = name, seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise UnsafeFile(f"读取“{self.name}”超过 {self.seconds:.0f} 秒仍未完成，已停止（文件异常复杂，不像是一份年度报告）。")


_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+(\d+)\s+R)?")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_ENCRYPTED = re.compile(rb"/Encrypt\s*(\d+\s+\d+\s+R|<<)")
_LATE_LZW = re.compile(rb"/EarlyChange\s+0\b")
_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj$")
_CHUNK = 1 << 20


def check_pdf(path: Path, deadline: Deadline | None = None) -> bytes:
    """The PDF's bytes, once it is known not to be a bomb: not too big, really a PDF, and no
    stream (of any filter PDFium would run: deflate, LZW, run-length, behind ASCII85/hex or
    not) unpacking to more than the bounds. An encrypted file's streams are decrypted first
    (models.pdf_crypt: copy-protected files, no password to open them); where that cannot be
    done, each is measured at the most its filters could give. Raises UnsafeFile."""
    check_size(path)
    deadline = deadline or Deadline(path.name)
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        raise UnsafeFile(f"“{path.name}”不是有效的 PDF 文件（文件已损坏，或只是改了扩展名）。")
    encrypted = bool(_ENCRYPTED.search(data))
    try:
        crypt = decryptor(data) if encrypted else None   # copy-protected: decrypted to be measured
    except (ValueError, IndexError, KeyError, OverflowError):
        crypt = None                                     # a damaged encryption dictionary: measured at worst
    total = streams = 0
    for match in _STREAM.finditer(data):
        streams += 1
        if streams > MAX_PDF_STREAMS:
            raise UnsafeFile(f"“{path.name}”内部的数据流超过 {MAX_PDF_STREAMS} 个，不像是一份年度报告，未读取。")
        if streams % 256 == 0:
            deadline.check()
        header_start = data.rfind(b"obj", max(0, match.start() - 8192), match.start())
        header = data[header_start if header_start >= 0 else max(0, match.start() - 2048):match.start()]
        if not header.rstrip().endswith(b">>"):
            continue   # the word "stream" inside some other data
        raw = _stream_data(data, match.end(), header)
        filters = re.findall(rb"/([A-Za-z0-9]+)", f.group(1)) if (f := _FILTER.search(header)) else []
        filters = [x.decode("ascii", "replace") for x in filters]
        early = 0 if _LATE_LZW.search(header) else 1
        unmeasurable = encrypted and not re.search(rb"/Type\s*/XRef\b", header)   # xref streams: never encrypted
        if unmeasurable and crypt is not None and not crypt.encrypt_metadata \
                and re.search(rb"/Type\s*/Metadata", header):
            unmeasurable = False   # metadata left unencrypted
        elif unmeasurable and crypt is not None and "Crypt" not in filters:
            number = _OBJECT.search(data, max(0, header_start - 24), header_start + 3) if header_start >= 0 else None
            plain = crypt.stream(int(number.group(1)), int(number.group(2)), raw) if number else None
            if plain is not None:
                raw, unmeasurable = plain, False
        size = _unpacked_size(raw, filters, unmeasurable, deadline, early)
        if size > MAX_PDF_STREAM_BYTES:
            raise UnsafeFile(f"“{path.name}”中有一段内容解压后超过 {MAX_PDF_STREAM_BYTES // 1024 // 1024} MB"
                             f"（压缩炸弹），未读取。" if not unmeasurable else
                             f"“{path.name}”是加密的 PDF，其中有一段内容体积较大，无法在读取前确认安全，未读取；"
                             f"请用 WPS 或 Adobe 打开后另存为不加密的 PDF 或 .docx 再导入。")
        total += size
        if total > MAX_PDF_UNPACKED_BYTES:
            raise UnsafeFile(f"“{path.name}”解压后超过 {MAX_PDF_UNPACKED_BYTES // 1024 // 1024} MB"
                             f"（可能是压缩炸弹，或是很大的扫描件），未读取。")
    return data


def _stream_data(data: bytes, start: int, header: bytes) -> bytes:
    match = _LENGTH.search(header)
    if match and not match.group(2):
        length = int(match.group(1))
        if b"endstream" in data[start + length:start + length + 32]:
            return data[start:start + length]
    end = data.find(b"endstream", start)
    return data[start:end if end >= 0 else len(data)]


def _unpacked_size(raw: bytes, filters: list[str], encrypted: bool, deadline: Deadline, early: int = 1) -> int:
    """What PDFium would unpack `raw` to (bytes), measured without keeping the output; past the
    bound the measuring stops. For an encrypted file (whose streams cannot be unpacked without
    decrypting them) the most that the filters could give. `early`: LZW's /EarlyChange."""
    data, size = raw, len(raw)
    for i, name in enumerate(filters):
        last = i == len(filters) - 1
        if name in _MAX_RATIO and (encrypted or (not last and name not in ("FlateDecode", "Fl"))):
            return _worst_case(size, filters[i:])
        try:
            if name in ("ASCIIHexDecode", "AHx"):
                data = binascii.unhexlify(_hex_digits(data))
            elif name in ("ASCII85Decode", "A85"):
                data = base64.a85decode(re.sub(rb"\s", b"", data).removeprefix(b"<~").split(b"~>")[0])
            elif name in ("FlateDecode", "Fl"):
                size, data = _inflate(data, last, deadline)
            elif name in ("LZWDecode", "LZW"):
                size, data = _lzw(data, deadline, early)
            elif name in ("RunLengthDecode", "RL"):
                size, data = _run_length(data, deadline)
            elif name == "Crypt":
                continue       # an identity crypt filter (an unmeasurable one was measured at worst)
            else:
                return size    # image codecs (DCT, JPX, JBIG2, CCITT): not decoded to read text
        except (ValueError, binascii.Error, zlib.error):
            return size        # broken data: PDFium stops there too
        if data is None or size > MAX_PDF_STREAM_BYTES:
            return size
        size = len(data)
    return size


_MAX_RATIO = {"FlateDecode": _FLATE_MAX_RATIO, "Fl": _FLATE_MAX_RATIO, "LZWDecode": _LZW_MAX_RATIO,
              "LZW": _LZW_MAX_RATIO, "RunLengthDecode": 64, "RL": 64}


def _worst_case(size: int, filters: list[str]) -> int:
    """The most that `filters` could unpack `size` bytes to (for data that cannot be measured:
    encrypted, or LZW/run-length followed by more filters — both rare in real reports)."""
    for name in filters:
        size *= _MAX_RATIO.get(name, 1)
    return size


def _hex_digits(data: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">")[0])
    return digits + b"0" if len(digits) % 2 else digits


def _inflate(data: bytes, count_only: bool, deadline: Deadline) -> tuple[int, bytes | None]:
    inflater = zlib.decompressobj(zlib.MAX_WBITS if data[:1] in (b"\x78", b"\x58", b"\x68", b"\x08", b"\x18",
                                                                  b"\x28", b"\x38", b"\x48") else -zlib.MAX_WBITS)
    size, kept = 0, []
    pending = data
    while pending:
        piece = inflater.decompress(pending, _CHUNK)
        size += len(piece)
        if not count_only:
            kept.append(piece)
        if size > MAX_PDF_STREAM_BYTES:
            return size, None
        pending = inflater.unconsumed_tail
        if inflater.eof or not piece:
            break
        deadline.check()
    return size, (None if count_only else b"".join(kept))


def _lzw(data: bytes, deadline: Deadline, early: int = 1) -> tuple[int, bytes | None]:
    """The length of LZW-decoded data (PDF's variant: codes widen one entry early unless
    /EarlyChange 0): only the lengths of the table's entries are followed, which is all that a
    size needs; as in PDFium, the table stops growing when it is full (4 096 codes)."""
    lengths = [1] * 256 + [0, 0]
    size, bits, buffer, held, previous = 0, 9, 0, 0, None
    for n, byte in enumerate(data):
        if n % 65536 == 0:
            deadline.check()
        buffer = (buffer << 8) | byte
        held += 8
        while held >= bits:
            held -= bits
            code = buffer >> held
            buffer &= (1 << held) - 1
            if code == 256:
                del lengths[258:]
                bits, previous = 9, None
                continue
            if code == 257:
                return size, None
            if code < len(lengths):
                length = lengths[code]
            elif code == len(lengths) and previous is not None:
                length = previous + 1
            else:
                return size, None
            if previous is not None and len(lengths) < 4096:
                lengths.append(previous + 1)
            size += length
            if size > MAX_PDF_STREAM_BYTES:
                return size, None
            previous = length
            if len(lengths) + early >= (1 << bits) and bits < 12:
                bits += 1
    return size, None


def _run_length(data: bytes, deadline: Deadline) -> tuple[int, bytes | None]:
    size = i = 0
    while i < len(data):
        if i % 65536 < 2:
            deadline.check()
        n = data[i]
        if n == 128:
            break
        if n < 128:
            size, i = size + n + 1, i + n + 2
        else:
            size, i = size + 257 - n, i + 2
        if size > MAX_PDF_STREAM_BYTES:
            break
    return size, None
