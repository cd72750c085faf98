# Shared by the packaging scripts (sourced, not run). Each script starts from the clone's root.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.local/bin:$PATH"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# uv, installed from PyPI when missing (as .ci/run does).
need_uv() {
    command -v uv >/dev/null 2>&1 && return
    say "uv not found: installing it from PyPI"
    python3 -m pip install --user --quiet uv 2>/dev/null \
        || python3 -m pip install --user --quiet --break-system-packages uv
    hash -r
}

# Debian packages, installed when one of the commands is missing: need_debian "cmd:package" ...
need_debian() {
    local missing=() pair
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return
    [ "$(id -u)" = 0 ] || die "please install the Debian packages: ${missing[*]}"
    say "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
}

# Debian packages by name, installed when not yet installed: need_debian_packages pkg ...
need_debian_packages() {
    local missing=() pkg
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return
    [ "$(id -u)" = 0 ] || die "please install the Debian packages: ${missing[*]}"
    say "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
}

apt_install() {   # waits for another apt run to finish rather than failing
    apt-get -o DPkg::Lock::Timeout=900 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
        --no-install-recommends "$@" >/dev/null
}

# A virtual environment with the given requirement files, made with uv from the project's Python.
make_venv() {   # make_venv DIR REQUIREMENTS_FILE...
    local dir=$1; shift
    uv venv -q --python 3.11 "$dir"
    local args=() f
    for f in "$@"; do args+=(-r "$f"); done
    uv pip install -q --python "$dir/bin/python" "${args[@]}"
}

project() { python3 packaging/project.py "$@"; }   # standard library only

human_size() { du -sh "$1" | cut -f1; }

# The run's wall time, for README's table.
SECONDS=0
report_time() { say "$1 in $((SECONDS / 60)) min $((SECONDS % 60)) s"; }
