"""PDF streams measured before PDFium sees the file (models.safety.check_pdf): LZW and run-length
data measured exactly as PDFium would unpack them (a small stream of each read by PDFium to the
last byte, a bomb of each refused), and encrypted files, whose streams cannot be measured
before they are decrypted: accepted when even the worst case fits the bounds, refused (quickly,
without unpacking anything) when not, and a file with an opening password refused as such.
Every PDF here is written by hand (encoders and the standard security handler included)."""

from __future__ import annotations

import functools
import hashlib
import re
import time
import zlib
from pathlib import Path

import pytest

from models.importer import NotAReport, UnsafeFile, import_document
from models.safety import MAX_PDF_STREAM_BYTES, check_pdf

TEXT = b"BT /F1 18 Tf 72 700 Td (This page was unpacked to its very last byte) Tj ET\n"
CATALOGUE = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>")
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def write_pdf(path: Path, objects: list[bytes | tuple[bytes, bytes]], trailer: bytes = b"",
              crypt=None) -> Path:
    """Objects numbered from 1 (the first the catalogue); a tuple is a stream (dictionary
    entries, data), its data passed through `crypt(number, data)` when the file is encrypted."""
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        if isinstance(body, tuple):
            extra, data = body
            data = crypt(number, data) if crypt else data
            body = b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    path.write_bytes(bytes(out))
    return path


def page_with(content: tuple[bytes, bytes]) -> list:
    return [CATALOGUE, PAGES, PAGE, content, FONT]


def read_text(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    return document[0].get_textpage().get_text_range()


# --- LZW (PDF's variant: codes of 9 to 12 bits, widened one code early) -------------------------


def lzw_bits(codes: list[int], early_change: int = 1) -> bytes:
    """Codes packed as a decoder reads them: its table grows by one entry per code after the
    first since a clear (256), and it widens its codes one entry early (/EarlyChange 1, the
    default) or when the table is full (0)."""
    out, buffer, held, since_clear = bytearray(), 0, 0, 0
    for code in codes:
        size = 258 + max(since_clear - 1, 0) + early_change
        bits = 9 if size < 512 else 10 if size < 1024 else 11 if size < 2048 else 12
        buffer, held = (buffer << bits) | code, held + bits
        while held >= 8:
            held -= 8
            out.append((buffer >> held) & 0xFF)
        buffer &= (1 << held) - 1
        since_clear = 0 if code == 256 else since_clear + 1
    if held:
        out.append((buffer << (8 - held)) & 0xFF)
    return bytes(out)


def lzw_codes(data: bytes) -> list[int]:
    """A plain LZW encoder (a clear code first, and again before the table fills)."""
    codes, table, word = [256], {bytes([i]): i for i in range(256)}, b""
    for byte in data:
        longer = word + bytes([byte])
        if longer in table:
            word = longer
            continue
        codes.append(table[word])
        table[longer] = len(table) + 2
        word = bytes([byte])
        if len(table) + 2 >= 4000:
            codes.append(table[word])
            codes.append(256)
            table, word = {bytes([i]): i for i in range(256)}, b""
    if word:
        codes.append(table[word])
    return codes


def zero_runs(cycles: int, longest: int = 3800) -> list[int]:
    """LZW's best case: after a clear, 0 then each new code — 1, 2, 3 … `longest` zero bytes
    (about 7 MB from 6 kB a cycle)."""
    codes = []
    for _ in range(cycles):
        codes += [256, 0] + list(range(258, 258 + longest - 1))
    return codes


def test_an_lzw_stream_is_measured_as_pdfium_unpacks_it(tmp_path):
    """Zero bytes in runs LZW packs best, then ordinary text: PDFium shows the text only if it
    unpacked every byte before it the way the measuring counted them."""
    codes = zero_runs(1, 600) + lzw_codes(TEXT) + [257]
    pdf = write_pdf(tmp_path / "lzw.pdf", page_with((b"/Filter /LZWDecode ", lzw_bits(codes))))
    check_pdf(pdf)
    assert "very last byte" in read_text(pdf)
    unpacked = 600 * 601 // 2 + len(TEXT)
    assert len(lzw_bits(codes)) * 40 < unpacked        # packed forty times and more


def test_an_lzw_bomb_is_refused_to_the_byte_without_unpacking_it(tmp_path):
    """Zero bytes from 9 full runs and one of 2 055 codes: 776 bytes past the 64 MiB bound,
    from 55 kB — refused; one code fewer (1 279 bytes within) — accepted."""
    over = zero_runs(9) + zero_runs(1, 2055) + [257]
    within = zero_runs(9) + zero_runs(1, 2054) + [257]
    assert 9 * 3800 * 3801 // 2 + 2055 * 2056 // 2 == MAX_PDF_STREAM_BYTES + 776
    pdf = write_pdf(tmp_path / "lzw-bomb.pdf", page_with((b"/Filter /LZWDecode ", lzw_bits(over))))
    assert pdf.stat().st_size < 60_000
    start = time.perf_counter()
    with pytest.raises(UnsafeFile, match="压缩炸弹"):
        check_pdf(pdf)
    assert time.perf_counter() - start < 5
    check_pdf(write_pdf(tmp_path / "lzw-64.pdf", page_with((b"/Filter /LZWDecode ", lzw_bits(within)))))


def test_lzw_written_without_early_change_is_measured_so(tmp_path):
    """/EarlyChange 0 widens the codes one entry later: measured with the early change, the
    same bomb would read as a few garbled codes and pass."""
    codes = zero_runs(10) + [257]                        # 72 MB
    late = lzw_bits(codes, early_change=0)
    pdf = write_pdf(tmp_path / "late.pdf", page_with((b"/Filter /LZWDecode /DecodeParms << /EarlyChange 0 >> ", late)))
    with pytest.raises(UnsafeFile, match="压缩炸弹"):
        check_pdf(pdf)


# --- run-length ---------------------------------------------------------------------------------


def run_length(data: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(data):
        n = 1
        while i + n < len(data) and n < 128 and data[i + n] == data[i]:
            n += 1
        if n > 1:
            out += bytes([257 - n, data[i]])
        else:
            j = i
            while j < len(data) and j - i < 128 and (j + 1 >= len(data) or data[j + 1] != data[j]):
                j += 1
            j = max(j, i + 1)
            out += bytes([j - i - 1]) + data[i:j]
            n = j - i
        i += n
    return bytes(out + b"\x80")


def test_a_run_length_stream_is_measured_as_pdfium_unpacks_it(tmp_path):
    data = b"\0" * 50_000 + b"%" + b"x" * 300 + b"\n" + TEXT
    pdf = write_pdf(tmp_path / "rl.pdf", page_with((b"/Filter /RunLengthDecode ", run_length(data))))
    check_pdf(pdf)
    assert "very last byte" in read_text(pdf)


def test_a_run_length_bomb_is_refused_to_the_byte(tmp_path):
    """Runs of 128 zero bytes: 524 288 of them unpack to exactly 64 MiB (accepted); one more
    byte is past the bound (refused)."""
    runs = b"\x81\0" * (MAX_PDF_STREAM_BYTES // 128)
    check_pdf(write_pdf(tmp_path / "rl-64.pdf", page_with((b"/Filter /RunLengthDecode ", runs + b"\x80"))))
    pdf = write_pdf(tmp_path / "rl-bomb.pdf", page_with((b"/Filter /RunLengthDecode ", runs + b"\0 \x80")))
    start = time.perf_counter()
    with pytest.raises(UnsafeFile, match="压缩炸弹"):
        check_pdf(pdf)
    assert time.perf_counter() - start < 5


# --- encrypted files: the standard security handler, written here -----------------------------
# The ciphers are pycryptodome's; the keys, /O, /U and /UE are worked out here as ISO 32000-2
# §7.6 says, and PDFium reading the files (test_the_encryption_written_here_is_what_pdfium_reads)
# shows they are right — _hash_r6 from models.pdf_crypt included.

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
PERMISSIONS = -3904          # printing and copying not allowed, as published reports often are
FILE_ID = bytes(range(16))
# RC4 40 bit (R2), RC4 96 bit (R3: a key length PDF allows but many RC4 libraries refuse), RC4 128 bit
# (R3), AES 128 bit (R4), AES 256 bit (R6)
CIPHERS = ["RC4-40", "RC4-96", "RC4", "AESV2", "AESV3"]


def rc4(key: bytes, data: bytes) -> bytes:
    from Crypto.Cipher import ARC4
    return ARC4.new(key).encrypt(data)


def _padded(password: bytes) -> bytes:
    return (password + PAD)[:32]


def _aes_cbc(key: bytes, data: bytes, iv: bytes) -> bytes:
    from Crypto.Cipher import AES
    return AES.new(key, AES.MODE_CBC, iv=iv).encrypt(data)


def _with_padding(data: bytes) -> bytes:
    n = 16 - len(data) % 16
    return data + bytes([n]) * n


def security(user: bytes, owner: bytes, cipher: str) -> tuple[bytes, object]:
    """The /Encrypt dictionary and the function that encrypts one object's stream."""
    if cipher == "AESV3":
        from models.pdf_crypt import _hash_r6 as hash6

        key = bytes(range(100, 132))
        u = hash6(user, b"uservali") + b"uservali" + b"userkeys"
        ue = _aes_cbc(hash6(user, b"userkeys"), key, bytes(16))
        o = hash6(owner, b"ownerval", u) + b"ownerval" + b"ownerkey"
        oe = _aes_cbc(hash6(owner, b"ownerkey", u), key, bytes(16))
        perms = _aes_cbc(key, PERMISSIONS.to_bytes(4, "little", signed=True) + b"\xff" * 4 + b"Tadb" + b"0123",
                         bytes(16))
        encrypt = (b"<< /Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen "
                   b"/Length 32 >> >> /StmF /StdCF /StrF /StdCF /O <%s> /U <%s> /OE <%s> /UE <%s> /P %d /Perms <%s> >>"
                   % (o.hex().encode(), u.hex().encode(), oe.hex().encode(), ue.hex().encode(), PERMISSIONS,
                      perms.hex().encode()))

        def crypt(number: int, data: bytes) -> bytes:
            iv = bytes(range(16))
            return iv + _aes_cbc(key, _with_padding(data), iv)
        return encrypt, crypt
    revision, n = {"RC4-40": (2, 5), "RC4-96": (3, 12)}.get(cipher, (3 if cipher == "RC4" else 4, 16))
    digest = hashlib.md5(_padded(owner)).digest()           # algorithm 3: /O
    for _ in range(50 if revision >= 3 else 0):
        digest = hashlib.md5(digest[:n]).digest()
    o = rc4(digest[:n], _padded(user))
    for i in range(1, 20 if revision >= 3 else 1):
        o = rc4(bytes(b ^ i for b in digest[:n]), o)
    key = hashlib.md5(_padded(user) + o + PERMISSIONS.to_bytes(4, "little", signed=True) + FILE_ID).digest()
    for _ in range(50 if revision >= 3 else 0):              # algorithm 2: the file key
        key = hashlib.md5(key[:n]).digest()
    key = key[:n]
    if revision == 2:                                        # algorithms 4 and 5: /U
        u = rc4(key, PAD)
    else:
        u = hashlib.md5(PAD + FILE_ID).digest()
        for i in range(20):
            u = rc4(bytes(b ^ i for b in key), u)
        u += bytes(16)
    if cipher.startswith("RC4"):
        encrypt = b"<< /Filter /Standard /V %d /R %d /Length %d /O <%s> /U <%s> /P %d >>" % (
            1 if revision == 2 else 2, revision, 8 * n, o.hex().encode(), u.hex().encode(), PERMISSIONS)
    else:
        encrypt = (b"<< /Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen "
                   b"/Length 16 >> >> /StmF /StdCF /StrF /StdCF /O <%s> /U <%s> /P %d >>"
                   % (o.hex().encode(), u.hex().encode(), PERMISSIONS))

    def crypt(number: int, data: bytes) -> bytes:             # algorithm 1: each object's key
        salt = b"sAlT" if cipher == "AESV2" else b""
        object_key = hashlib.md5(key + number.to_bytes(3, "little") + bytes(2) + salt).digest()[:min(n + 5, 16)]
        if cipher.startswith("RC4"):
            return rc4(object_key, data)
        iv = bytes(range(16))
        return iv + _aes_cbc(object_key, _with_padding(data), iv)
    return encrypt, crypt


def encrypted(path: Path, content: tuple[bytes, bytes], cipher: str = "RC4", user: bytes = b"") -> Path:
    encrypt, crypt = security(user, b"owner-secret", cipher)
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (FILE_ID.hex().encode(), FILE_ID.hex().encode())
    return write_pdf(path, page_with(content) + [encrypt], trailer, crypt)


def fonts_and_text(size: int) -> bytes:
    """Text, then comments of hexadecimal digits that deflate only halves: a content stream
    that deflates to at least `size` bytes, as a report's embedded fonts do."""
    lines = size * 2 // 66 + 1
    noise = b"".join(b"%" + hashlib.sha256(b"%d" % n).hexdigest().encode() + b"\n" for n in range(lines))
    assert len(zlib.compress(TEXT + noise)) >= size
    return TEXT + noise


@functools.lru_cache(maxsize=1)
def deflated_zeros() -> bytes:
    return zlib.compress(bytes(100 * 1024 * 1024), 9)       # 100 MB of zero bytes in 100 kB


@pytest.mark.parametrize("cipher", CIPHERS)
def test_a_copy_protected_pdf_is_decrypted_measured_and_read(cipher, tmp_path):
    """No password to open it, an owner password against copying: its streams are decrypted
    and measured like any other — a 100 kB one, as big as a report's fonts, which could unpack
    to 100 MB were it not measured, is accepted; PDFium then reads the page (here no report,
    which is what the import says)."""
    content = fonts_and_text(100_000)
    pdf = encrypted(tmp_path / "protected.pdf", (b"/Filter /FlateDecode ", zlib.compress(content)), cipher)
    assert b"/Encrypt" in pdf.read_bytes() and b"very last" not in pdf.read_bytes()
    assert "very last byte" in read_text(pdf)
    start = time.perf_counter()
    check_pdf(pdf)
    with pytest.raises(NotAReport, match="看起来不是政府信息公开工作年度报告"):
        import_document(pdf)
    assert time.perf_counter() - start < 8


@pytest.mark.parametrize("cipher", CIPHERS)
def test_an_encrypted_bomb_is_decrypted_and_refused_as_a_bomb(cipher, tmp_path):
    """100 MB of zero bytes deflated to 100 kB, then encrypted."""
    pdf = encrypted(tmp_path / "bomb.pdf", (b"/Filter /FlateDecode ", deflated_zeros()), cipher)
    start = time.perf_counter()
    with pytest.raises(UnsafeFile, match="压缩炸弹"):
        check_pdf(pdf)
    assert time.perf_counter() - start < 5


def test_an_encrypted_pdf_that_cannot_be_decrypted_here_is_measured_at_its_worst(tmp_path):
    """An opening password: nothing can be measured. A stream that might unpack past the bound
    (70 kB of deflate: up to 72 MB) is refused at once, unread; a small one is left to PDFium,
    which asks for the password — refused as such."""
    big = encrypted(tmp_path / "locked-big.pdf", (b"/Filter /FlateDecode ", zlib.compress(fonts_and_text(70_000))),
                    user=b"1234")
    start = time.perf_counter()
    with pytest.raises(UnsafeFile, match="加密的 PDF.*另存为不加密的 PDF"):
        import_document(big)
    assert time.perf_counter() - start < 2
    small = encrypted(tmp_path / "locked.pdf", (b"/Filter /FlateDecode ", zlib.compress(TEXT)), user=b"1234")
    with pytest.raises(NotAReport, match="设有打开密码"):
        import_document(small)


@pytest.mark.parametrize("cipher", CIPHERS)
def test_the_encryption_written_here_is_what_pdfium_reads(cipher, tmp_path):
    """The fixture itself: the same page unencrypted and encrypted gives the same text, and the
    encrypted bytes are not the plain ones."""
    plain = write_pdf(tmp_path / "plain.pdf", page_with((b"", TEXT)))
    protected = encrypted(tmp_path / "protected.pdf", (b"", TEXT), cipher)
    assert read_text(plain) == read_text(protected)
    assert re.search(rb"stream\n(.{20})", protected.read_bytes(), re.S).group(1) != TEXT[:20]


def test_a_damaged_encryption_dictionary_gives_a_refusal_or_a_reading_never_a_traceback(tmp_path):
    """Bytes of the /Encrypt dictionary and the file ID changed at random (a fixed seed): the
    file is measured (at worst, when it cannot be decrypted) and PDFium opens it or not."""
    import random

    rng = random.Random(14)
    original = encrypted(tmp_path / "protected.pdf", (b"/Filter /FlateDecode ", zlib.compress(TEXT * 20)),
                         "AESV2").read_bytes()
    start = original.index(b"6 0 obj")
    for n in range(60):
        data = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(start, len(data))
            data[at] = rng.choice(b"0123456789<>()[]/\\ ABCDEFRVLOUPnst")
        path = tmp_path / f"damaged-{n}.pdf"
        path.write_bytes(bytes(data))
        try:
            import_document(path)
        except (NotAReport, UnsafeFile) as exc:
            assert re.search(r"[\u4e00-\u9fff]", str(exc))


def test_object_numbers_past_the_keys_bytes_are_cut_to_them_never_a_traceback(tmp_path):
    """An object's key takes 3 bytes of its number and 2 of its generation, as PDFium takes
    them; a damaged or hostile file may number a stream past them (here 2^24 + 4, generation
    2^16): its key is the one of object 4, generation 0 — so the bomb is found — and the
    measuring ends in an answer, not in an overflow."""
    data = encrypted(tmp_path / "protected.pdf", (b"/Filter /FlateDecode ", deflated_zeros()), "AESV2").read_bytes()
    path = tmp_path / "renumbered.pdf"
    path.write_bytes(data.replace(b"\n4 0 obj\n", b"\n16777220 65536 obj\n"))
    with pytest.raises(UnsafeFile, match="压缩炸弹"):
        check_pdf(path)
