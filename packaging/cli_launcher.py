"""Make gk-nianbao-cli.exe: a console program in the install folder that runs main.py's main()
with the installed Python and passes its arguments through unchanged.

    python packaging/cli_launcher.py OUT.exe

It is distlib's console launcher (shipped with pynsist's dependency distlib) followed by a
shebang naming Python\\python.exe beside the launcher and a zip holding __main__.py — the
mechanism of pynsist's own [Command] launchers, which live in a bin\\ subfolder instead.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import distlib.scripts

SCRIPT = """import os, site, sys
installdir = os.path.dirname(os.path.dirname(sys.executable))   # Python\\python.exe -> install folder
site.addsitedir(os.path.join(installdir, "pkgs"))
from main import main
sys.exit(main())
"""


def launcher_bytes() -> bytes:
    base = Path(distlib.scripts.__file__).with_name("t64.exe").read_bytes()
    shebang = b"#!<launcher_dir>\\Python\\python.exe\r\n"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("__main__.py", SCRIPT)
    return base + shebang + archive.getvalue()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    Path(sys.argv[1]).write_bytes(launcher_bytes())
