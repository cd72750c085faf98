#!/usr/bin/env bash
# The Linux bundle: dist/gk-nianbao-<version>-linux-x86_64.tar.gz, a PyInstaller one-folder app.
# Unpacked, gk-nianbao-<version>/gk-nianbao takes main.py's arguments and opens the app without them.
#
#     bash packaging/build-linux.sh
#
# Installs what it needs: uv (PyPI), a build environment under build/linux with the runtime
# dependencies from pyproject.toml and PyInstaller (packaging/build-tools.txt).
source "$(dirname "$0")/common.sh"
need_uv

version=$(project version)
name="gk-nianbao-$version"
work=build/linux
rm -rf "$work"
mkdir -p "$work" dist

say "build environment: runtime dependencies from pyproject.toml, and PyInstaller"
project requirements > "$work/requirements.txt"
grep -i '^pyinstaller==' packaging/build-tools.txt > "$work/tools.txt"
make_venv "$work/venv" "$work/requirements.txt" "$work/tools.txt"

say "PyInstaller (one folder): packaging/gk-nianbao-linux.spec"
"$work/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$work/dist" --workpath "$work/pyinstaller" packaging/gk-nianbao-linux.spec
mv "$work/dist/gk-nianbao" "$work/dist/$name"

tarball="dist/$name-linux-x86_64.tar.gz"
tar -C "$work/dist" -czf "$tarball" "$name"
say "wrote $tarball ($(human_size "$tarball"); unpacked $(human_size "$work/dist/$name"))"
report_time "build-linux"
