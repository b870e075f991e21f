#!/usr/bin/env bash
# Make sure the Debian packages Qt needs are installed.
#
# Why: the PySide6 wheels bundle Qt itself but not the system libraries it links
# against (EGL, GL, fontconfig, xkbcommon, ...). On a bare Debian machine Qt
# then aborts at start-up with a message that does not name the package to install.
#
# Usage: tools/sysdeps.sh [--headless | --display]
#   --headless  what the offscreen platform needs (tests, screenshots)
#   --display   --headless plus the X11/xcb libraries a real window needs (default)
#
# As root the missing packages are installed with apt-get; otherwise the exact
# sudo command is printed and the script fails, so nothing is changed behind
# the user's back.
set -euo pipefail

HEADLESS_PKGS=(
    libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 fonts-dejavu-core
    # Korean glyphs for the Korean interface (else Hangul shows as boxes)
    fonts-nanum
)
DISPLAY_PKGS=(
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
    libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
    # Also linked by Qt's xcb plugin; usually pulled in by the ones above.
    libx11-xcb1 libxcb-randr0 libxcb-render0 libxcb-shm0 libxcb-sync1 libxcb-util1
    libxcb-xfixes0
)

mode="${1:---display}"
case "$mode" in
    --headless) wanted=("${HEADLESS_PKGS[@]}") ;;
    --display) wanted=("${HEADLESS_PKGS[@]}" "${DISPLAY_PKGS[@]}") ;;
    *) echo "usage: $0 [--headless | --display]" >&2; exit 64 ;;
esac

if ! command -v dpkg >/dev/null 2>&1; then
    echo "sysdeps: not a Debian-based system; make sure the equivalents of these are" \
        "installed: ${wanted[*]}" >&2
    exit 0
fi

installed() {
    # Debian 13 renamed some libraries with a t64 suffix (libglib2.0-0t64).
    dpkg -s "$1" >/dev/null 2>&1 || dpkg -s "${1}t64" >/dev/null 2>&1
}

missing=()
for pkg in "${wanted[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    echo "sysdeps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
else
    echo "sysdeps: missing system packages; install them with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi
