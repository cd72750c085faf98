"""Start-up of the built apps against `uv run main.py`, each whole process, in the same run.

    xvfb-run -a -s "-screen 0 1280x860x24" uv run python bench/bench_installed.py [--wine-prefix DIR]

Needs the Linux bundle (packaging/build-linux.sh; unpacked from dist/ into a temporary folder).
Two measures, best of several rounds, interleaved so that every command sees the same machine:
- a command: `check` on the sample report, launch to exit;
- the window: launch until the main window is mapped on the X display (found with xwininfo).
With --wine-prefix (a prefix kept by `KEEP_WINE=1 bash packaging/test-windows.sh`; the installer
from dist/ is installed into it again if the test uninstalled it), also the installed Python
importing what the window loads after it shows, as installed (byte-compiled at install) against
the same with the compiled files moved away — what every start would cost without them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
import project  # noqa: E402
from screenshot import find_window  # noqa: E402

SAMPLE = ROOT / "resources" / "demo-report.json"
ROUNDS = 5


def run_s(argv: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, capture_output=True, env=env, stdin=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def window_s(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while find_window(project.APP_TITLE) is None:
            if time.perf_counter() - start > 60:
                raise SystemExit(f"no window from {argv}")
            time.sleep(0.01)
        return time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait()


def unpacked_bundle(work: Path) -> Path:
    version = project.version()
    tarball = ROOT / "dist" / f"gk-nianbao-{version}-linux-x86_64.tar.gz"
    if not tarball.exists():
        raise SystemExit(f"{tarball} not found: run bash packaging/build-linux.sh first")
    with tarfile.open(tarball) as tar:
        tar.extractall(work, filter="tar")
    return work / f"gk-nianbao-{version}" / "gk-nianbao"


def best(fn, n=ROUNDS) -> float:
    return min(fn() for _ in range(n))


def wine_figures(prefix: Path) -> None:
    user = next((prefix / "drive_c" / "users").glob("[!P]*"))
    inst = user / "AppData" / "Local" / "Programs" / "gk-nianbao"
    env = dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all", LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8",
               HOME=str(prefix.parent / "home"), WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d")
    if not (inst / "gk-nianbao-cli.exe").exists():   # the test uninstalled it: install again, silently
        installer = ROOT / "dist" / f"gk-nianbao-{project.version()}-setup.exe"
        subprocess.run(["/usr/lib/wine/wine64", str(installer), "/S", "/CurrentUser"], env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, check=True)
        subprocess.run(["/usr/lib/wine/wineserver64", "-w"], env=env, check=True)
    # what the window loads right after it shows (the database layer, export, importers, Excel):
    # the Qt part itself cannot load under Wine 8 (no icuuc.dll); -B: nothing is written meanwhile
    argv = ["/usr/lib/wine/wine64", str(inst / "Python" / "python.exe"), "-B", "-c",
            "import models.storage, models.export, models.importer, models.xlsx"]
    run_s(argv, env)                                   # wineserver up, caches warm
    compiled = best(lambda: run_s(argv, env), 3)
    caches = list((inst / "pkgs").rglob("__pycache__"))
    backup = Path(tempfile.mkdtemp(prefix="gknb-pyc-"))
    for i, cache in enumerate(caches):
        shutil.move(str(cache), str(backup / str(i)))
    try:
        uncompiled = best(lambda: run_s(argv, env), 3)   # compiles everything it imports, each time
    finally:
        for i, cache in enumerate(caches):
            shutil.move(str(backup / str(i)), str(cache))
        shutil.rmtree(backup)
    label = "Wine: importing the database layer, export, importers"
    print(f"{label + ', as installed':70} {compiled:6.2f} {1:6.2f}")
    print(f"{label + ', not compiled at install':70} {uncompiled:6.2f} {uncompiled / compiled:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wine-prefix", type=Path)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        raise SystemExit("needs an X display: run under xvfb-run (see the docstring)")
    work = Path(tempfile.mkdtemp(prefix="gknb-bench-installed-"))
    try:
        bundle = unpacked_bundle(work)
        env = dict(os.environ, GKNB_DATA_DIR=str(work / "data"))
        env.pop("QT_QPA_PLATFORM", None)
        uv = [shutil.which("uv") or "uv", "run", "--quiet", str(ROOT / "main.py")]
        venv_python = [sys.executable, str(ROOT / "main.py")]
        commands = {"uv run main.py (baseline)": uv, "python main.py (the project's venv)": venv_python,
                    "Linux bundle gk-nianbao": [str(bundle)]}
        for argv in commands.values():                  # warm the file cache, make the database
            run_s(argv + ["check", str(SAMPLE)], env)
        check = {name: [] for name in commands}
        window = {name: [] for name in commands}
        for _ in range(ROUNDS):
            for name, argv in commands.items():
                check[name].append(run_s(argv + ["check", str(SAMPLE)], env))
                window[name].append(window_s(argv, env))
        base_c, base_w = min(check["uv run main.py (baseline)"]), min(window["uv run main.py (baseline)"])
        print(f"{'what':70} {'s':>6} {'ratio':>6}")
        for name in commands:
            print(f"{'check, launch to exit: ' + name:70} {min(check[name]):6.2f} {min(check[name]) / base_c:6.2f}")
        for name in commands:
            print(f"{'window, launch to mapped: ' + name:70} {min(window[name]):6.2f} {min(window[name]) / base_w:6.2f}")
        if args.wine_prefix:
            wine_figures(args.wine_prefix)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
