"""The streams of an encrypted PDF, decrypted before PDFium opens the file, so that they can be
measured like any other (models.safety.check_pdf): many published reports are copy-protected —
encrypted with an empty password to open and an owner password against copying or printing —
and their compressed streams cannot be measured otherwise.

The standard security handler with the empty user password: RC4 (40 to 128 bit, revisions 2–4)
and AES (128 bit, revision 4; 256 bit, revisions 5 and 6), as ISO 32000-2 §7.6 describes them.
A file that needs a password to open, or uses another handler, is not decrypted here (PDFium
refuses to open it without the password anyway). Python's standard library has MD5 and SHA-2 but
no cipher, so RC4 and AES are written out here — decryption only, plus the AES encryption that
revision 6's password hash needs; about 0.5 MB/s, for files of a few hundred kB."""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


# --- RC4 ------------------------------------------------------------------------------------


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray(len(data))
    i = j = 0
    for n, byte in enumerate(data):
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out[n] = byte ^ s[(s[i] + s[j]) & 0xFF]
    return bytes(out)


# --- AES (FIPS-197) ---------------------------------------------------------------------------


def _tables():
    sbox, inverse = [0] * 256, [0] * 256
    p = q = 1
    while True:   # the S-box from the multiplicative inverse and the affine map
        p = p ^ ((p << 1) & 0xFF) ^ (0x1B if p & 0x80 else 0)
        q ^= q << 1
        q ^= q << 2
        q ^= q << 4
        q &= 0xFF
        if q & 0x80:
            q ^= 0x09
        x = q ^ (q << 1 | q >> 7) ^ (q << 2 | q >> 6) ^ (q << 3 | q >> 5) ^ (q << 4 | q >> 4)
        sbox[p] = (x ^ 0x63) & 0xFF
        if p == 1:
            break
    sbox[0] = 0x63
    for i, v in enumerate(sbox):
        inverse[v] = i

    def mul(a: int, b: int) -> int:
        out = 0
        while b:
            if b & 1:
                out ^= a
            a = ((a << 1) ^ (0x1B if a & 0x80 else 0)) & 0xFF
            b >>= 1
        return out
    enc = [(mul(s, 2) << 24) | (s << 16) | (s << 8) | mul(s, 3) for s in sbox]
    dec = [(mul(s, 14) << 24) | (mul(s, 9) << 16) | (mul(s, 13) << 8) | mul(s, 11) for s in inverse]
    rotations = lambda t: [t] + [[(v >> (8 * k)) | ((v << (32 - 8 * k)) & 0xFFFFFFFF) for v in t] for k in (1, 2, 3)]
    return sbox, inverse, rotations(enc), rotations(dec), mul


SBOX, INVERSE, ENC, DEC, _MUL = _tables()


class AES:
    """One AES key (16 or 32 bytes): blocks encrypted and decrypted with the T-table method."""

    def __init__(self, key: bytes):
        n = len(key) // 4
        self.rounds = n + 6
        words = [int.from_bytes(key[4 * i:4 * i + 4], "big") for i in range(n)]
        rcon = 1
        for i in range(n, 4 * (self.rounds + 1)):
            t = words[i - 1]
            if i % n == 0:
                t = ((SBOX[(t >> 16) & 0xFF] << 24) | (SBOX[(t >> 8) & 0xFF] << 16) | (SBOX[t & 0xFF] << 8)
                     | SBOX[t >> 24]) ^ (rcon << 24)
                rcon = _MUL(rcon, 2)
            elif n > 6 and i % n == 4:
                t = (SBOX[t >> 24] << 24) | (SBOX[(t >> 16) & 0xFF] << 16) | (SBOX[(t >> 8) & 0xFF] << 8) \
                    | SBOX[t & 0xFF]
            words.append(words[i - n] ^ t)
        self.enc = [words[4 * r:4 * r + 4] for r in range(self.rounds + 1)]
        d0, d1, d2, d3 = DEC

        def inv_mix(w: int) -> int:
            return d0[SBOX[w >> 24]] ^ d1[SBOX[(w >> 16) & 0xFF]] ^ d2[SBOX[(w >> 8) & 0xFF]] ^ d3[SBOX[w & 0xFF]]
        self.dec = [self.enc[self.rounds]] + [[inv_mix(w) for w in self.enc[r]] for r in range(self.rounds - 1, 0, -1)] \
            + [self.enc[0]]

    def encrypt_block(self, block: bytes) -> bytes:
        return self.cbc_encrypt(bytes(16), block)

    def decrypt_block(self, block: bytes) -> bytes:
        return self.cbc_decrypt(bytes(16), block)

    def cbc_encrypt(self, iv: bytes, data: bytes) -> bytes:
        """`data` (whole blocks) encrypted in CBC mode (revision 6's password hash needs it)."""
        n = len(data) // 16
        words = struct.unpack(f">{4 * n}I", data[:16 * n])
        out = [0] * (4 * n)
        e0, e1, e2, e3 = ENC
        sbox = SBOX
        first, middle, last = self.enc[0], self.enc[1:self.rounds], self.enc[self.rounds]
        p0, p1, p2, p3 = struct.unpack(">4I", iv)
        for blk in range(n):
            at = 4 * blk
            a, b, c, d = (words[at] ^ p0 ^ first[0], words[at + 1] ^ p1 ^ first[1], words[at + 2] ^ p2 ^ first[2],
                          words[at + 3] ^ p3 ^ first[3])
            for k in middle:
                a, b, c, d = (e0[a >> 24] ^ e1[(b >> 16) & 0xFF] ^ e2[(c >> 8) & 0xFF] ^ e3[d & 0xFF] ^ k[0],
                              e0[b >> 24] ^ e1[(c >> 16) & 0xFF] ^ e2[(d >> 8) & 0xFF] ^ e3[a & 0xFF] ^ k[1],
                              e0[c >> 24] ^ e1[(d >> 16) & 0xFF] ^ e2[(a >> 8) & 0xFF] ^ e3[b & 0xFF] ^ k[2],
                              e0[d >> 24] ^ e1[(a >> 16) & 0xFF] ^ e2[(b >> 8) & 0xFF] ^ e3[c & 0xFF] ^ k[3])
            p0 = out[at] = ((sbox[a >> 24] << 24) | (sbox[(b >> 16) & 0xFF] << 16) | (sbox[(c >> 8) & 0xFF] << 8)
                            | sbox[d & 0xFF]) ^ last[0]
            p1 = out[at + 1] = ((sbox[b >> 24] << 24) | (sbox[(c >> 16) & 0xFF] << 16) | (sbox[(d >> 8) & 0xFF] << 8)
                                | sbox[a & 0xFF]) ^ last[1]
            p2 = out[at + 2] = ((sbox[c >> 24] << 24) | (sbox[(d >> 16) & 0xFF] << 16) | (sbox[(a >> 8) & 0xFF] << 8)
                                | sbox[b & 0xFF]) ^ last[2]
            p3 = out[at + 3] = ((sbox[d >> 24] << 24) | (sbox[(a >> 16) & 0xFF] << 16) | (sbox[(b >> 8) & 0xFF] << 8)
                                | sbox[c & 0xFF]) ^ last[3]
        return struct.pack(f">{4 * n}I", *out)

    def cbc_decrypt(self, iv: bytes, data: bytes, check=None) -> bytes:
        """`data` (whole blocks; a ragged end is dropped) decrypted in CBC mode; `check()` is
        called every 4 096 blocks (a deadline)."""
        n = len(data) // 16
        words = struct.unpack(f">{4 * n}I", data[:16 * n])
        out = [0] * (4 * n)
        d0, d1, d2, d3 = DEC
        inv = INVERSE
        first, middle, last = self.dec[0], self.dec[1:self.rounds], self.dec[self.rounds]
        p0, p1, p2, p3 = struct.unpack(">4I", iv)
        for blk in range(n):
            if check is not None and blk % 4096 == 4095:
                check()
            at = 4 * blk
            c0, c1, c2, c3 = words[at:at + 4]
            a, b, c, d = c0 ^ first[0], c1 ^ first[1], c2 ^ first[2], c3 ^ first[3]
            for k in middle:
                a, b, c, d = (d0[a >> 24] ^ d1[(d >> 16) & 0xFF] ^ d2[(c >> 8) & 0xFF] ^ d3[b & 0xFF] ^ k[0],
                              d0[b >> 24] ^ d1[(a >> 16) & 0xFF] ^ d2[(d >> 8) & 0xFF] ^ d3[c & 0xFF] ^ k[1],
                              d0[c >> 24] ^ d1[(b >> 16) & 0xFF] ^ d2[(a >> 8) & 0xFF] ^ d3[d & 0xFF] ^ k[2],
                              d0[d >> 24] ^ d1[(c >> 16) & 0xFF] ^ d2[(b >> 8) & 0xFF] ^ d3[a & 0xFF] ^ k[3])
            out[at] = ((inv[a >> 24] << 24) | (inv[(d >> 16) & 0xFF] << 16) | (inv[(c >> 8) & 0xFF] << 8)
                       | inv[b & 0xFF]) ^ last[0] ^ p0
            out[at + 1] = ((inv[b >> 24] << 24) | (inv[(a >> 16) & 0xFF] << 16) | (inv[(d >> 8) & 0xFF] << 8)
                           | inv[c & 0xFF]) ^ last[1] ^ p1
            out[at + 2] = ((inv[c >> 24] << 24) | (inv[(b >> 16) & 0xFF] << 16) | (inv[(a >> 8) & 0xFF] << 8)
                           | inv[d & 0xFF]) ^ last[2] ^ p2
            out[at + 3] = ((inv[d >> 24] << 24) | (inv[(c >> 16) & 0xFF] << 16) | (inv[(b >> 8) & 0xFF] << 8)
                           | inv[a & 0xFF]) ^ last[3] ^ p3
            p0, p1, p2, p3 = c0, c1, c2, c3
        return struct.pack(f">{4 * n}I", *out)


# --- the encryption dictionary ------------------------------------------------------------------


def _literal(text: bytes) -> bytes:
    """A PDF literal string's bytes (the text between its outer brackets)."""
    out, i = bytearray(), 0
    escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
    while i < len(text):
        c = text[i]
        if c == 0x5C and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in escapes:
                out += escapes[nxt]
                i += 2
            elif 0x30 <= nxt <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", text[i + 1:i + 4]).group()
                out.append(int(digits, 8) & 0xFF)
                i += 1 + len(digits)
            elif nxt in (0x0D, 0x0A):
                i += 3 if text[i + 1:i + 3] == b"\r\n" else 2
            else:
                out.append(nxt)
                i += 2
        else:
            out.append(c)
            i += 1
    return bytes(out)


def _string_at(text: bytes, start: int) -> bytes | None:
    """The PDF string starting at `start`: hex <…> or literal (…)."""
    if text.startswith(b"<", start):
        end = text.find(b">", start)
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", text[start + 1:end if end >= 0 else len(text)])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
    if not text.startswith(b"(", start):
        return None
    depth, i = 1, start + 1
    while i < len(text) and depth:
        c = text[i]
        if c == 0x5C:
            i += 2
            continue
        depth += 1 if c == 0x28 else -1 if c == 0x29 else 0
        i += 1
    return _literal(text[start + 1:i - 1])


def _string(dictionary: bytes, key: bytes) -> bytes | None:
    """The string value of /key in a dictionary's text."""
    match = re.search(rb"/" + key + rb"\s*(?=[<(])(?!<<)", dictionary)
    return _string_at(dictionary, match.end()) if match else None


def _number(dictionary: bytes, key: bytes, default: int) -> int:
    match = re.search(rb"/" + key + rb"\s+(-?\d+)", dictionary)
    return int(match.group(1)) if match else default


def _name(dictionary: bytes, key: bytes) -> bytes | None:
    match = re.search(rb"/" + key + rb"\s*/([A-Za-z0-9]+)", dictionary)
    return match.group(1) if match else None


def _dictionary_at(data: bytes, start: int) -> bytes:
    """The text of the dictionary starting at `start` (<<), nested dictionaries included."""
    depth, i = 0, start
    limit = min(len(data), start + 16384)
    while i < limit:
        if data.startswith(b"<<", i):
            depth, i = depth + 1, i + 2
        elif data.startswith(b">>", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return data[start:i]
        elif data[i] == 0x28:       # a literal string: skip it, brackets and all
            nested, i = 1, i + 1
            while i < limit and nested:
                nested += 1 if data[i] == 0x28 else -1 if data[i] == 0x29 else 0
                i += 2 if data[i] == 0x5C else 1
        else:
            i += 1
    return data[start:limit]


def _encryption_dictionary(data: bytes) -> bytes | None:
    refs = list(re.finditer(rb"/Encrypt\s*(?:(\d+)\s+(\d+)\s+R|(<<))", data))
    if not refs:
        return None
    last = refs[-1]
    if last.group(3):
        return _dictionary_at(data, last.start(3))
    objects = list(re.finditer(rb"(?<![0-9])" + last.group(1) + rb"\s+" + last.group(2) + rb"\s+obj\s*<<", data))
    if not objects:
        return None
    return _dictionary_at(data, objects[-1].end() - 2)


def _file_id(data: bytes) -> bytes:
    """The first string of the file's /ID (the last trailer's)."""
    ids = list(re.finditer(rb"/ID\s*\[\s*(?=[<(])", data))
    return (_string_at(data, ids[-1].end()) or b"") if ids else b""


# --- keys ---------------------------------------------------------------------------------------


def _hash_r6(password: bytes, salt: bytes, user_key: bytes = b"") -> bytes:
    """ISO 32000-2 algorithm 2.B."""
    k = hashlib.sha256(password + salt + user_key).digest()
    round_ = 0
    while True:
        k1 = (password + k + user_key) * 64
        e = AES(k[:16]).cbc_encrypt(k[16:32], k1)
        k = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[sum(e[:16]) % 3](e).digest()
        round_ += 1
        if round_ >= 64 and e[-1] <= round_ - 32:
            return k[:32]


@dataclass
class Decryptor:
    key: bytes
    method: str                 # "RC4", "AESV2", "AESV3" or "None"
    encrypt_metadata: bool = True

    def stream(self, number: int, generation: int, data: bytes, check=None) -> bytes | None:
        """A stream's data decrypted; None when it cannot be (AES data of a wrong length or
        padding). `check()` is called now and then (a deadline)."""
        if self.method == "None":
            return data
        if self.method == "AESV3":
            key = self.key
        else:
            salt = b"sAlT" if self.method == "AESV2" else b""
            key = hashlib.md5(self.key + number.to_bytes(3, "little") + generation.to_bytes(2, "little")
                              + salt).digest()[:min(len(self.key) + 5, 16)]
        if self.method == "RC4":
            return rc4(key, data)
        if len(data) < 32 or len(data) % 16:
            return None if data else b""
        plain = AES(key).cbc_decrypt(data[:16], data[16:], check)
        pad = plain[-1]
        return plain[:-pad] if 1 <= pad <= 16 else None


def decryptor(data: bytes) -> Decryptor | None:
    """How to decrypt the file's streams with the empty user password; None when the file is not
    encrypted with the standard handler, or the empty password does not open it."""
    encrypt = _encryption_dictionary(data)
    if encrypt is None or _name(encrypt, b"Filter") != b"Standard":
        return None
    v, r = _number(encrypt, b"V", 0), _number(encrypt, b"R", 0)
    o, u = _string(encrypt, b"O") or b"", _string(encrypt, b"U") or b""
    metadata = not re.search(rb"/EncryptMetadata\s+false", encrypt)
    if v in (1, 2):
        method, length = "RC4", _number(encrypt, b"Length", 40) // 8
    elif v == 4:
        stream_filter = _name(encrypt, b"StmF") or b"Identity"
        if stream_filter == b"Identity":
            return Decryptor(b"", "None")
        cfm = re.search(rb"/" + stream_filter + rb"\s*<<[^>]*/CFM\s*/(\w+)", encrypt)
        method = {b"V2": "RC4", b"AESV2": "AESV2"}.get(cfm.group(1) if cfm else b"", "")
        length = 16
        if not method:
            return None
    elif v == 5:
        method, length = "AESV3", 32
    else:
        return None
    if method == "AESV3":
        if len(u) < 48:
            return None
        hashing = _hash_r6 if r >= 6 else (lambda password, salt, user_key=b"":
                                            hashlib.sha256(password + salt + user_key).digest())
        if hashing(b"", u[32:40]) != u[:32]:
            return None
        ue = _string(encrypt, b"UE") or b""
        if len(ue) != 32:
            return None
        return Decryptor(AES(hashing(b"", u[40:48])).cbc_decrypt(bytes(16), ue), "AESV3", metadata)
    if r not in (2, 3, 4) or len(o) < 32 or not 5 <= length <= 16:
        return None
    permissions = _number(encrypt, b"P", 0) & 0xFFFFFFFF
    file_id = _file_id(data)
    digest = hashlib.md5(PAD + o[:32] + permissions.to_bytes(4, "little") + file_id
                         + (b"\xff\xff\xff\xff" if r >= 4 and not metadata else b"")).digest()
    if r >= 3:
        for _ in range(50):
            digest = hashlib.md5(digest[:length]).digest()
    key = digest[:length if r >= 3 else 5]
    if r == 2:
        opens = rc4(key, PAD) == u[:32]
    else:
        check = hashlib.md5(PAD + file_id).digest()
        for i in range(20):
            check = rc4(bytes(b ^ i for b in key), check)
        opens = check == u[:16]
    return Decryptor(key, method, metadata) if opens else None
