#!/usr/bin/env bash
# Test the Windows installer under Wine (Debian's wine64) in a throwaway prefix, as a clerk without
# admin rights would use it: silent per-user install (/S /CurrentUser), the console command on data
# files compared with this clone's main.py, the app's database made where the clerk's data lives,
# then a silent uninstall that must leave that data folder alone.
#
#     bash packaging/test-windows.sh [FILE.json ...]
#
# Data files: those given, else resources/demo-report.json and ../shared/samples/reports/*.json.
# Wine runs with LANG=zh_CN.UTF-8, so the console code page is 936 (GBK) as on a Chinese Windows.
# Not tested here: the Qt window (Qt 6 needs the system icuuc.dll, which Wine 8 lacks) and PDF
# output (no LibreOffice inside the prefix) — these wait for a real Windows PC (README, 安装).
source "$(dirname "$0")/common.sh"
need_uv
need_debian "/usr/lib/wine/wine64:wine64" "iconv:libc-bin"
# Wine names files in the Unix locale's encoding: without a real zh_CN.UTF-8 locale it cannot
# write the Chinese file names (shortcuts, 审核说明表) at all
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then
    need_debian_packages locales
    say "generating the zh_CN.UTF-8 locale"
    localedef -i zh_CN -c -f UTF-8 zh_CN.UTF-8
fi

version=$(project version)
installer="dist/gk-nianbao-$version-setup.exe"
[ -f "$installer" ] || die "$installer not found: run packaging/build-windows.sh first"

fresh=$(mktemp -d /tmp/gknb-wine-test.XXXXXX)
mkdir -p "$fresh/home"
# Wine's own settings: a private prefix and home (Wine links the Windows desktop to $HOME and
# writes menu entries there), no Mono/Gecko prompts, no menu entries, a Chinese code page.
wine_env=(env WINEPREFIX="$fresh/prefix" HOME="$fresh/home" WINEDEBUG=-all LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
          WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d")
wine() { "${wine_env[@]}" /usr/lib/wine/wine64 "$@" </dev/null 2>&1 | cat; }   # pipes: see README
wine_wait() { "${wine_env[@]}" /usr/lib/wine/wineserver64 -w; }
cleanup() { "${wine_env[@]}" /usr/lib/wine/wineserver64 -k 2>/dev/null || true; rm -rf "$fresh"; }
trap cleanup EXIT
[ -n "${KEEP_WINE:-}" ] && trap - EXIT
fail() { die "$*"; }

say "Wine prefix"
wine wineboot -i >/dev/null
wine_wait

say "silent per-user install: $installer /S /CurrentUser"
wine "$(pwd)/$installer" /S /CurrentUser
wine_wait
user_dir="$fresh/prefix/drive_c/users/$(id -un)"
inst="$user_dir/AppData/Local/Programs/gk-nianbao"
title=$(python3 -c 'import sys; sys.path.insert(0, "packaging"); import project; print(project.APP_TITLE)')
[ -f "$inst/gk-nianbao-cli.exe" ] || fail "not installed into %LOCALAPPDATA%\\Programs\\gk-nianbao"
[ ! -e "$fresh/prefix/drive_c/Program Files/gk-nianbao" ] || fail "installed for all users"
[ -f "$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/$title.lnk" ] || fail "no Start-menu shortcut $title"
[ -f "$user_dir/Desktop/$title.lnk" ] || fail "no desktop shortcut $title"
[ -f "$inst/pkgs/templates/base.docx" ] && [ -f "$inst/pkgs/resources/demo-report.json" ] || fail "templates/ or resources/ missing"
compiled=$(find "$inst/pkgs/models" "$inst/pkgs/gui" -name '*.cpython-311.pyc' | wc -l)
sources=$(find "$inst/pkgs/models" "$inst/pkgs/gui" -name '*.py' | wc -l)
[ "$compiled" -ge "$sources" ] || fail "only $compiled of $sources modules byte-compiled at install"
say "installed: $(du -sh "$inst" | cut -f1) in %LOCALAPPDATA%\\Programs\\gk-nianbao; shortcuts on the Start menu and desktop; $compiled modules byte-compiled"

cli="$inst/gk-nianbao-cli.exe"
say "gk-nianbao-cli.exe against main.py"
if [ $# -gt 0 ]; then files=("$@"); else
    files=(resources/demo-report.json)
    for f in ../shared/samples/reports/*.json; do [ -f "$f" ] && files+=("$f"); done
fi
uv run --quiet python packaging/compare_runs.py --wine --app "${wine_env[@]}" /usr/lib/wine/wine64 "$cli" \
    --work "$fresh/out" "${files[@]}"
out=$(wine "$cli" export 'Z:'"$(pwd | tr / '\\')"'\resources\demo-report.json' --out 'C:\r.docx' --pdf 'C:\r.pdf' --draft | iconv -f gbk -t utf-8 || true)
case "$out" in *LibreOffice*) say "export --pdf without LibreOffice says so: ${out%%$'\n'*}";;
               *) fail "export --pdf without LibreOffice: $out";; esac

say "the app's database in the clerk's data folder (%APPDATA%\\gk-nianbao)"
wine "$inst/Python/python.exe" -c "from models.storage import Store; Store.open().close()"
data="$user_dir/AppData/Roaming/gk-nianbao"
[ -f "$data/reports.sqlite3" ] || fail "no database in %APPDATA%\\gk-nianbao"

say "silent uninstall"
wine "$inst/uninstall.exe" /S
wine_wait
[ ! -e "$inst/gk-nianbao-cli.exe" ] && [ ! -e "$inst/pkgs" ] && [ ! -e "$inst/Python" ] || fail "the uninstaller left the app behind"
[ ! -e "$user_dir/Desktop/$title.lnk" ] || fail "the uninstaller left the desktop shortcut"
[ -f "$data/reports.sqlite3" ] || fail "the uninstaller removed the clerk's data"
say "uninstalled; the data folder and its database are still there"
report_time "test-windows passed"
