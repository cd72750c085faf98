"""What the packaging scripts read from pyproject.toml — the one list of runtime dependencies, the
version — so that no second, hand-kept list can drift from it.

    python3 packaging/project.py version        0.1.0
    python3 packaging/project.py requirements   one pinned runtime requirement a line (no dev group)
    python3 packaging/project.py pynsist-cfg WHEELS_DIR PYTHON_VERSION CLI_EXE > installer.cfg

Needs only the standard library (Python 3.11+), so it runs before any virtual environment exists.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_TITLE = "政府信息公开年报助手"        # Start-menu and desktop shortcuts, Add/Remove Programs
INSTALL_DIR_NAME = "gk-nianbao"          # %LOCALAPPDATA%\Programs\gk-nianbao: ASCII, safe in any console
CLI_NAME = "gk-nianbao-cli"              # the console command beside the app
PACKAGES = ("models", "gui")             # the app's own packages; main.py is the entry module
SHIPPED_DIRS = ("templates", "resources")  # found through models.paths.app_root()


def _project(pyproject: Path = ROOT / "pyproject.toml") -> dict:
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]


def version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    return _project(pyproject)["version"]


def requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The runtime dependencies exactly as pinned; an unpinned one is refused, since the Windows
    wheels are fetched for another platform and must be the very versions the tests ran with."""
    reqs = [r.strip() for r in _project(pyproject).get("dependencies", [])]
    loose = [r for r in reqs if not re.fullmatch(r"[A-Za-z0-9._-]+(\[[A-Za-z0-9,._-]+\])?==[^\s;,]+", r)]
    if loose:
        raise SystemExit(f"pyproject.toml: runtime dependencies must be pinned with ==: {', '.join(loose)}")
    return reqs


def pynsist_cfg(wheels_dir: str, python_version: str, cli_exe: str,
                pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The pynsist configuration: the GUI's shortcut and the console command `cli_exe` (made by
    packaging/cli_launcher.py) in the install folder, every wheel in `wheels_dir` (fetched for
    win_amd64 from `requirements()`), and the shipped folders in pkgs/ beside models/, where
    models.paths.app_root() looks. The configuration is read from build/windows/, where
    build-windows.sh copies packaging/installer.nsi as gk-nianbao.nsi (pynsist finds templates
    beside the configuration); it adds the desktop shortcut and the Chinese pages."""
    icon = ROOT / "resources" / "icons" / "app.ico"
    shipped = "\n    ".join(f"{ROOT / d}/ > $INSTDIR\\pkgs" for d in SHIPPED_DIRS)
    packages = "\n    ".join(PACKAGES)
    return f"""[Application]
name={APP_TITLE}
version={version(pyproject)}
publisher={APP_TITLE}
entry_point=main:main
icon={icon}

[Python]
version={python_version}
bitness=64
include_msvcrt=false

[Include]
local_wheels={wheels_dir}/*.whl
packages={packages}
files={shipped}
    {cli_exe} > $INSTDIR

[Build]
directory={ROOT / "build" / "windows" / "nsis"}
installer_name=gk-nianbao-{version(pyproject)}-setup.exe
nsi_template=gk-nianbao.nsi
"""


def main(argv: list[str]) -> int:
    if argv[:1] == ["version"]:
        print(version())
    elif argv[:1] == ["requirements"]:
        print("\n".join(requirements()))
    elif argv[:1] == ["pynsist-cfg"] and len(argv) == 4:
        sys.stdout.write(pynsist_cfg(*argv[1:]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
