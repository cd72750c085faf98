#!/usr/bin/env bash
# Test the Linux bundle as a user would get it: unpack it into a fresh folder, run the commands on
# data files and compare them with this clone's main.py, then start the window under Xvfb and take
# a screenshot that shows it painted.
#
#     bash packaging/test-linux.sh [FILE.json ...]
#
# Data files: those given, else the sample report shipped in resources/ and the real samples in
# ../shared/samples/reports/ when present. The screenshot goes to build/linux-test/window.png.
source "$(dirname "$0")/common.sh"
need_uv
need_debian "xvfb-run:xvfb" "xwininfo:x11-utils" "pdfinfo:poppler-utils"
# libraries of Qt's X11 platform plugin that a desktop has and a bare server may not
need_debian_packages libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 \
    libxcb-render-util0 libxcb-image0 libegl1 libfontconfig1

version=$(project version)
tarball="dist/gk-nianbao-$version-linux-x86_64.tar.gz"
[ -f "$tarball" ] || die "$tarball not found: run packaging/build-linux.sh first"

fresh=$(mktemp -d /tmp/gknb-linux-test.XXXXXX)
trap 'rm -rf "$fresh"' EXIT
tar -C "$fresh" -xzf "$tarball"
app="$fresh/gk-nianbao-$version/gk-nianbao"
[ -x "$app" ] || die "the bundle has no executable gk-nianbao-$version/gk-nianbao"
export GKNB_DATA_DIR="$fresh/data"

if [ $# -gt 0 ]; then files=("$@"); else
    files=(resources/demo-report.json)
    for f in ../shared/samples/reports/*.json; do [ -f "$f" ] && files+=("$f"); done
fi
# PDF through LibreOffice for the first file (each takes seconds); GKNB_PDF_ALL=1 for every file
pdf=()
command -v soffice >/dev/null 2>&1 && pdf=(--pdf "$([ -n "${GKNB_PDF_ALL:-}" ] && echo ${#files[@]} || echo 1)")

say "commands: the bundle against main.py on ${#files[@]} data files"
"$app" --help >/dev/null
uv run --quiet python packaging/compare_runs.py --app "$app" --work "$fresh/out" "${pdf[@]}" "${files[@]}"

say "window under Xvfb"
mkdir -p build/linux-test
rm -f build/linux-test/window.png
env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1280x860x24" bash -c '
    "$1" & pid=$!
    uv run --quiet python packaging/screenshot.py 政府信息公开年报助手 build/linux-test/window.png; rc=$?
    kill $pid 2>/dev/null; wait $pid 2>/dev/null
    exit $rc' _ "$app"
report_time "test-linux passed"
