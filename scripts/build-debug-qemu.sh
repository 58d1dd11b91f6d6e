#!/usr/bin/env bash
# Builds qemu-system-x86_64 WITH debug info from Debian's own QEMU source package, for the gdb capture tests
# (test/gdb) and for trying `qemu-memmap capture` through gdb (docs/gdb-capture.md).
#
#   bash scripts/build-debug-qemu.sh [7.2|10.0]      (default 7.2)
#
# Result: ~/.cache/qemu-memmap/build-VERSION/qemu-system-x86_64 ($QMM_CACHE overrides ~/.cache/qemu-memmap).
# Idempotent: when that binary exists and `--version` runs, it says so and exits at once.
# QMM_JOBS (default 2) sets ninja's -j; QMM_CONFIGURE_ONLY=1 stops after configure.
#
# Source: `apt-get source` of the exact Debian version (7.2 from bookworm, 10.0 from bookworm-backports),
# through apt like any Debian package (a deb-src entry is added when there is none). Build dependencies: only
# what ONE softmmu target with TCG, slirp and no UI needs. Not `apt-get build-dep qemu`: for Debian's package,
# which builds every target, every UI and the user-mode emulators, it pulls in 333 packages here, cross
# compilers and a systemd upgrade among them.
#
# QEMU 10.0 needs meson >= 1.5; bookworm has 1.0.1 and the +ds source ships no python/wheels (and the mirror
# here serves no meson source). The script downloads Debian's bookworm-backports meson and pycotap .debs (pure
# Python) with a
# private apt configuration, unpacks it under the cache (no system package changes) and puts it on PYTHONPATH,
# where QEMU's configure (mkvenv, which accepts an installed meson >= 1.5) finds it.
set -euo pipefail

VERSION="${1:-7.2}"
case "$VERSION" in
  7.2)  DEB_VERSION='1:7.2+dfsg-7+deb12u18';            SRC_DIR_NAME='qemu-7.2+dfsg' ;;
  10.0) DEB_VERSION='1:10.0.2+ds-2+deb13u1~bpo12+1';    SRC_DIR_NAME='qemu-10.0.2' ;;
  *) echo "usage: $0 [7.2|10.0]" >&2; exit 2 ;;
esac
# For 10.0 only, from bookworm-backports: what QEMU's configure wants in its Python venv (pythondeps.toml [meson]).
PYDEPS_DEBS=('meson=1.7.0-1~bpo12+1' 'python3-pycotap=1.3.1-2~bpo12+1')

CACHE="${QMM_CACHE:-$HOME/.cache/qemu-memmap}"
SRC="$CACHE/src"
BUILD="$CACHE/build-$VERSION"
BINARY="$BUILD/qemu-system-x86_64"

if [ -x "$BINARY" ] && "$BINARY" --version >/dev/null 2>&1; then
  echo "$BINARY is already built: $("$BINARY" --version | head -1)"
  exit 0
fi

START=$(date +%s)
SUDO=''
if [ "$(id -u)" -ne 0 ]; then SUDO='sudo'; fi

# --- build dependencies: one target's worth -------------------------------------------------------------------
DEPS=(build-essential ninja-build pkg-config python3-venv meson libglib2.0-dev libpixman-1-dev libfdt-dev
      zlib1g-dev flex bison libslirp-dev dpkg-dev)
MISSING=()
for p in "${DEPS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || MISSING+=("$p")
done
if [ "${#MISSING[@]}" -gt 0 ]; then
  echo "installing build dependencies: ${MISSING[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${MISSING[@]}"
fi

# --- the source, through apt ---------------------------------------------------------------------------------
ensure_deb_src() {
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    echo 'adding a deb-src entry for bookworm and bookworm-backports'
    $SUDO tee /etc/apt/sources.list.d/qemu-memmap-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    $SUDO apt-get update -qq
  elif ! apt-cache showsrc qemu 2>/dev/null | grep -q "^Version: ${DEB_VERSION#*:}$\|^Version: $DEB_VERSION$"; then
    $SUDO apt-get update -qq
  fi
}

mkdir -p "$SRC" "$BUILD"
UNPACKED_ELSEWHERE="$CACHE/qemu-src/${DEB_VERSION#*:}/$SRC_DIR_NAME"   # an earlier apt-get source of the same version
if [ ! -f "$SRC/$SRC_DIR_NAME/configure" ] && [ -f "$UNPACKED_ELSEWHERE/configure" ]; then
  ln -sfn "$UNPACKED_ELSEWHERE" "$SRC/$SRC_DIR_NAME"
fi
if [ ! -f "$SRC/$SRC_DIR_NAME/configure" ]; then
  ensure_deb_src
  echo "apt-get source qemu=$DEB_VERSION (into $SRC)"
  (cd "$SRC" && apt-get source -qq "qemu=$DEB_VERSION")
fi

CONFIGURE_ENV=()
EXTRA_CONFIGURE=()
if [ "$VERSION" = 10.0 ]; then
  # meson >= 1.5 and pycotap without touching the system: download Debian's bookworm-backports .debs with a
  # private apt configuration (its own source list and lists directory), unpack them under the cache, and put
  # them on PYTHONPATH.
  PYDEPS_DIR="$CACHE/pydeps-10.0"
  PYDEPS_PY="$PYDEPS_DIR/usr/lib/python3/dist-packages"
  if [ ! -d "$PYDEPS_PY/mesonbuild" ] || [ ! -d "$PYDEPS_PY/pycotap" ]; then
    APT_DIR="$CACHE/apt-backports"
    mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/debs"
    echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main' > "$APT_DIR/sources.list"
    APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/nonexistent
              -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache")
    apt-get "${APT_OPTS[@]}" update -qq
    (cd "$APT_DIR/debs" && apt-get "${APT_OPTS[@]}" download -qq "${PYDEPS_DEBS[@]}")
    for deb in "$APT_DIR"/debs/*.deb; do dpkg-deb -x "$deb" "$PYDEPS_DIR"; done
  fi
  # Debian's +ds source drops the prebuilt EDK2 images (pc-bios/edk2-*.fd.bz2), and QEMU 10's meson wants to
  # unpack them whenever it finds bzip2: configure with a PATH where bzip2 is absent (links to everything else).
  NOBZ="$CACHE/path-without-bzip2"
  if [ ! -d "$NOBZ" ]; then
    mkdir -p "$NOBZ"
    for f in /usr/bin/*; do
      case "${f##*/}" in bzip2|bunzip2|bzcat) ;; *) ln -sf "$f" "$NOBZ/${f##*/}" ;; esac
    done
  fi
  CONFIGURE_ENV=(env "PYTHONPATH=$PYDEPS_PY" "PATH=$NOBZ:/usr/local/bin:/usr/sbin:/sbin")
  EXTRA_CONFIGURE=(--disable-install-blobs)
fi

# --- configure and build one target --------------------------------------------------------------------------
cd "$BUILD"
if [ ! -f build.ninja ]; then
  "${CONFIGURE_ENV[@]}" "../src/$SRC_DIR_NAME/configure" --target-list=x86_64-softmmu --enable-debug-info --disable-strip \
    --disable-docs --disable-tools --disable-werror --disable-user --enable-slirp --disable-gtk --disable-sdl \
    --disable-vnc --disable-opengl --disable-spice --disable-xen --disable-kvm --enable-tcg \
    --firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu "${EXTRA_CONFIGURE[@]}"
fi
if [ -n "${QMM_CONFIGURE_ONLY:-}" ]; then echo "configured $BUILD (QMM_CONFIGURE_ONLY set: not building)"; exit 0; fi
JOBS="${QMM_JOBS:-2}"
"${CONFIGURE_ENV[@]}" nice -n 19 ninja -j"$JOBS" qemu-system-x86_64

"$BINARY" --version | head -1
END=$(date +%s)
echo "built $BINARY in $(( (END - START) / 60 )) min $(( (END - START) % 60 )) s"
