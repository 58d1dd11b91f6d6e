#!/usr/bin/env bash
# Fetch QEMU's Debian source packages, 7.2 (bookworm) and 10.0.x (bookworm-backports), unpacked with
# Debian's patches applied, for scripts/gen-region-knowledge.mjs:
#
#   bash scripts/qemu-source.sh            (as root: it adds a deb-src entry and runs apt-get update)
#
# Result: ${XDG_CACHE_HOME:-$HOME/.cache}/qemu-memmap/qemu-src/<debian version>/qemu-<upstream>/
# (the .dsc is kept beside the tree, the tarballs are removed once unpacked; .origin says what it is).
#
# Idempotent: a version whose tree is already there is skipped, and when both are there nothing else
# is done. The deb-src entry (/etc/apt/sources.list.d/qemu-memmap-src.sources) uses the URIs and
# keyring of the system's own entry for bookworm; remove that file to undo it.
set -euo pipefail

DEST="${XDG_CACHE_HOME:-$HOME/.cache}/qemu-memmap/qemu-src"
SRC_LIST=/etc/apt/sources.list.d/qemu-memmap-src.sources
SUITES=(bookworm bookworm-backports)

log() { echo "qemu-source: $*"; }
die() { echo "qemu-source: $*" >&2; exit 1; }

# Every suite already unpacked? (<dest>/<version>/.suite names the suite it came from.)
all_there() {
  local s
  for s in "${SUITES[@]}"; do
    grep -qsxF "$s" "$DEST"/*/.suite || return 1
  done
}
if all_there; then
  log "already there:"
  for d in "$DEST"/*/; do [[ -f "$d/.suite" ]] && log "  $(cat "$d/.suite"): $d"; done
  exit 0
fi

[[ "$(id -u)" -eq 0 ]] || die "run as root (it adds a deb-src entry and runs apt-get update)"
for tool in apt-get apt-cache dpkg; do
  command -v "$tool" >/dev/null || die "$tool not found (Debian only)"
done

# The system's Debian entry for bookworm: its URIs and keyring (deb822 first, then one-line format).
URIS=""
KEYRING=""
for f in /etc/apt/sources.list.d/*.sources; do
  [[ -f "$f" && "$f" != "$SRC_LIST" ]] || continue
  read -r URIS KEYRING < <(awk '
    function flush() { if (deb && suite && uris != "") { print uris, (key == "" ? "-" : key); found=1; exit } }
    /^[[:space:]]*$/ { flush(); deb=0; suite=0; uris=""; key=""; next }
    /^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") deb=1 }
    /^URIs:/ { uris=$2; for (i = 3; i <= NF; i++) uris = uris "," $i }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") suite=1 }
    /^Signed-By:/ { key=$2 }
    END { if (!found) flush() }
  ' "$f") || true
  [[ -n "$URIS" ]] && break
done
if [[ -z "$URIS" ]]; then
  # One-line format: deb [options] URI bookworm components...
  URIS="$(grep -hE '^[[:space:]]*deb[[:space:]].*[[:space:]]bookworm([[:space:]]|$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; exit } }' | head -1 || true)"
  KEYRING="-"
fi
[[ -n "$URIS" ]] || die "no Debian entry for bookworm in /etc/apt/sources.list{,.d}: cannot tell which URIs to use"

ENTRY="Types: deb-src
URIs: ${URIS//,/ }
Suites: ${SUITES[*]}
Components: main"
[[ "$KEYRING" != "-" && -n "$KEYRING" ]] && ENTRY+="
Signed-By: $KEYRING"
if [[ "$(cat "$SRC_LIST" 2>/dev/null)" != "$ENTRY" ]]; then
  log "writing $SRC_LIST (deb-src, ${SUITES[*]}, the URIs of the system's bookworm entry)"
  printf '%s\n' "$ENTRY" > "$SRC_LIST"
fi
log "apt-get update"
apt-get -q update >/dev/null

# apt-get source unpacks with dpkg-source (dpkg-dev).
if ! command -v dpkg-source >/dev/null; then
  log "installing dpkg-dev"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dpkg-dev >/dev/null
fi

log "source versions of qemu: $(apt-cache showsrc qemu | awk '/^Version:/ { printf "%s ", $2 }')"
mkdir -p "$DEST"
for suite in "${SUITES[@]}"; do
  # What apt would fetch: one line per file, 'URI' name size SHA256:hash (the name is not URI-encoded).
  uris="$(apt-get source --print-uris "qemu/$suite" 2>/dev/null | grep -E "^'" || true)"
  dsc="$(awk '$2 ~ /\.dsc$/ { print $2; exit }' <<<"$uris")"
  [[ -n "$dsc" ]] || die "no qemu source in $suite"
  version="${dsc#qemu_}"; version="${version%.dsc}"
  case "$suite:$version" in
    bookworm:7.2*|bookworm-backports:10.0.*) ;;
    *) die "$suite offers qemu $version, not the expected 7.2 / 10.0.x" ;;
  esac
  out="$DEST/$version"
  if [[ -f "$out/.suite" ]]; then
    log "$suite: $version already in $out"
    continue
  fi
  stage="$DEST/.partial-$version"
  rm -rf "$stage"
  mkdir -p "$stage"
  start=$SECONDS
  log "$suite: apt-get source qemu=$version into $out"
  if (cd "$stage" && apt-get -q source "qemu/$suite" >/dev/null); then
    echo "debian source package qemu $version, Debian patches applied" > "$stage/.origin"
  else
    # Some archives serve the upstream tarball but not the .dsc / .debian.tar.xz of a backport:
    # then take the upstream tarball alone (same upstream version), checked against the signed index.
    log "$suite: apt-get source failed; falling back to the upstream tarball alone (no Debian patches)"
    rm -rf "$stage"; mkdir -p "$stage"
    orig="$(awk '$2 ~ /\.orig\.tar\./ { print; exit }' <<<"$uris")"
    [[ -n "$orig" ]] || die "$suite: no upstream tarball listed for qemu $version"
    read -r uri name _size hash <<<"$orig"
    /usr/lib/apt/apt-helper -q download-file "${uri//\'/}" "$stage/$name" "$hash" >/dev/null
    tar --no-same-owner -C "$stage" -xf "$stage/$name"
    echo "upstream tarball $name of debian source package qemu $version, Debian patches NOT applied" > "$stage/.origin"
  fi
  rm -f "$stage"/*.tar.*
  echo "$suite" > "$stage/.suite"
  rm -rf "$out"
  mv "$stage" "$out"
  log "$suite: done in $((SECONDS - start)) s, $(du -sh "$out" | cut -f1): $(cat "$out/.origin")"
done
log "total: $(du -sh "$DEST" | cut -f1) in $DEST"
