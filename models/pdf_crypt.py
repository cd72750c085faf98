"""The streams of an encrypted PDF, decrypted before PDFium opens the file, so that they can be
measured like any other (models.safety.check_pdf): many published reports are copy-protected —
encrypted with an empty password to open and an owner password against copying or printing —
and their compressed streams cannot be measured otherwise.

The standard security handler with the empty user password: RC4 (40 to 128 bit, revisions 2–4)
and AES (128 bit, revision 4; 256 bit, revisions 5 and 6), as ISO 32000-2 §7.6 describes them.
A file that needs a password to open, or uses another handler, is not decrypted here (PDFium
refuses to open it without the password anyway).

The ciphers are pycryptodome's (README: dependencies). What is PDF's own stays here, since no
library offers it short of parsing the whole file with its own PDF reader before the file has
been measured: finding the /Encrypt dictionary and the file ID, the file key from the empty
password and the check that it opens the file (ISO 32000-2 algorithms 2, 2.A, 2.B, 4–6, 11),
and each object's key (algorithm 1)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from Crypto.Cipher import AES, ARC4

# Algorithm 2's padding: an empty password is these 32 bytes
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    """RC4 with a key of any length PDF allows (5 to 16 bytes)."""
    return ARC4.new(key).encrypt(data)


def aes_cbc_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """`data` (whole 16-byte blocks) decrypted with AES-128 or AES-256 in CBC mode, no unpadding."""
    return AES.new(key, AES.MODE_CBC, iv=iv).decrypt(data)


def aes_cbc_encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """`data` (whole blocks) encrypted in CBC mode: revision 6's password hash needs it."""
    return AES.new(key, AES.MODE_CBC, iv=iv).encrypt(data)


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
    """Revision 6's password hash (ISO 32000-2 algorithm 2.B): rounds of AES-128-CBC and SHA-2,
    at least 64, the hash of each round chosen by its output (the first 16 bytes as a number,
    modulo 3 — the sum of the bytes modulo 3 is the same, since 256 ≡ 1 mod 3)."""
    k = hashlib.sha256(password + salt + user_key).digest()
    round_ = 0
    while True:
        e = aes_cbc_encrypt(k[:16], k[16:32], (password + k + user_key) * 64)
        k = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[sum(e[:16]) % 3](e).digest()
        round_ += 1
        if round_ >= 64 and e[-1] <= round_ - 32:
            return k[:32]


def _hash_r5(password: bytes, salt: bytes, user_key: bytes = b"") -> bytes:
    """Revision 5's (Adobe's first AES-256, deprecated but still written): one SHA-256."""
    return hashlib.sha256(password + salt + user_key).digest()


@dataclass
class Decryptor:
    key: bytes
    method: str                 # "RC4", "AESV2", "AESV3" or "None"
    encrypt_metadata: bool = True

    def object_key(self, number: int, generation: int) -> bytes:
        """Algorithm 1: the file key with the object's number and generation (their low 3 and 2
        bytes, as PDFium takes them from any number a file gives), hashed; AES-256 uses the file
        key itself."""
        if self.method == "AESV3":
            return self.key
        salt = b"sAlT" if self.method == "AESV2" else b""
        digest = hashlib.md5(self.key + (number & 0xFFFFFF).to_bytes(3, "little")
                             + (generation & 0xFFFF).to_bytes(2, "little") + salt).digest()
        return digest[:min(len(self.key) + 5, 16)]

    def stream(self, number: int, generation: int, data: bytes) -> bytes | None:
        """A stream's data decrypted; None when it cannot be (AES data of a wrong length or
        padding)."""
        if self.method == "None":
            return data
        key = self.object_key(number, generation)
        if self.method == "RC4":
            return rc4(key, data)
        if len(data) < 32 or len(data) % 16:       # the IV, then whole blocks
            return None if data else b""
        plain = aes_cbc_decrypt(key, data[:16], data[16:])
        pad = plain[-1]                            # PKCS#7 padding, 1 to 16 bytes
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
    elif v == 4:                                   # crypt filters: the one streams use
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
        # algorithms 2.A and 11: /U is a hash, its validation salt and its key salt; the file key
        # is /UE decrypted with the hash of the key salt
        hashing = _hash_r6 if r >= 6 else _hash_r5
        ue = _string(encrypt, b"UE") or b""
        if len(u) < 48 or len(ue) != 32 or hashing(b"", u[32:40]) != u[:32]:
            return None
        return Decryptor(aes_cbc_decrypt(hashing(b"", u[40:48]), bytes(16), ue), "AESV3", metadata)
    if r not in (2, 3, 4) or len(o) < 32 or not 5 <= length <= 16:
        return None
    # algorithm 2: the file key from the (empty) password, /O, /P and the file ID
    permissions = _number(encrypt, b"P", 0) & 0xFFFFFFFF
    file_id = _file_id(data)
    digest = hashlib.md5(PAD + o[:32] + permissions.to_bytes(4, "little") + file_id
                         + (b"\xff\xff\xff\xff" if r >= 4 and not metadata else b"")).digest()
    if r >= 3:
        for _ in range(50):
            digest = hashlib.md5(digest[:length]).digest()
    key = digest[:length if r >= 3 else 5]
    # algorithms 4–6: the key opens the file when it gives back /U
    if r == 2:
        opens = rc4(key, PAD) == u[:32]
    else:
        check = hashlib.md5(PAD + file_id).digest()
        for i in range(20):
            check = rc4(bytes(b ^ i for b in key), check)
        opens = check == u[:16]
    return Decryptor(key, method, metadata) if opens else None
