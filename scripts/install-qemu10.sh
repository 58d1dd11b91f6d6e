#!/usr/bin/env bash
# Install QEMU 10.0.x from Debian bookworm-backports *beside* the system QEMU 7.2,
# without touching the system: the .debs are unpacked with `dpkg -x` into a prefix
# (default /opt/qemu-10), nothing is registered with dpkg and /etc/apt is not changed.
#
#   bash scripts/install-qemu10.sh [PREFIX]
#
# Run the result with (scripts/capture-fixtures.mjs --prefix PREFIX does this):
#   PREFIX/usr/bin/qemu-system-x86_64 -L PREFIX/usr/share/qemu -L PREFIX/usr/share/seabios ...
#   with QEMU_MODULE_DIR=PREFIX/usr/lib/x86_64-linux-gnu/qemu in the environment
# (the Debian build has absolute firmware/module paths compiled in, which point at 7.2's files).
#
# Binaries: qemu-system-x86_64, -aarch64 and -arm (qemu-system-arm), -riscv64 (qemu-system-riscv),
# -ppc64 (qemu-system-ppc; pseries' slof.bin is in qemu-system-data), plus qemu-system-misc.
#
# Idempotent: exits 0 at once if all those binaries (and the ui-opengl and ui-spice-core modules)
# exist; an older install without one of them is replaced by a fresh one.
# To remove: rm -rf PREFIX
set -euo pipefail

PREFIX="${1:-/opt/qemu-10}"
TARGETS=(x86_64 aarch64 arm riscv64 ppc64)
complete=1
for t in "${TARGETS[@]}"; do [[ -x "$PREFIX/usr/bin/qemu-system-$t" ]] || complete=0; done
if [[ $complete == 1 && -f "$PREFIX/usr/lib/x86_64-linux-gnu/qemu/ui-opengl.so" \
      && -f "$PREFIX/usr/lib/x86_64-linux-gnu/qemu/ui-spice-core.so" ]]; then
  echo "install-qemu10: $PREFIX already has qemu-system-{x86_64,aarch64,arm,riscv64,ppc64}: $("$PREFIX/usr/bin/qemu-system-x86_64" --version | head -1)"
  exit 0
fi

for tool in apt-get apt-cache dpkg dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "install-qemu10: $tool not found (Debian/Ubuntu only)" >&2; exit 1; }
done

# Mirror: the same URI the system uses for Debian main (deb822 or one-line format).
MIRROR=""
if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
  MIRROR="$(awk '
    /^[[:space:]]*$/ { uri=""; suite=0; next }
    /^URIs:/ { uri=$2 }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") suite=1 }
    uri != "" && suite { print uri; exit }
  ' /etc/apt/sources.list.d/debian.sources)"
fi
if [[ -z "$MIRROR" ]]; then
  MIRROR="$(grep -hE '^deb[[:space:]]+.*[[:space:]]bookworm[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' | head -1 || true)"
fi
MIRROR="${MIRROR:-http://deb.debian.org/debian}"

WORK="$(mktemp -d /tmp/qemu10-install-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial" "$WORK/debs"
echo "deb $MIRROR bookworm-backports main" > "$WORK/backports.list"
APTOPT=(-o "Dir::Etc::sourcelist=$WORK/backports.list" -o "Dir::Etc::sourceparts=-"
        -o "Dir::State::Lists=$WORK/lists" -o "Dir::Cache=$WORK/cache" -o "APT::Sandbox::User=root")
# (Dir::Cache keeps apt's binary caches private too, so /var/cache/apt is not rewritten.)

echo "install-qemu10: apt-get update ($MIRROR bookworm-backports main, private lists in $WORK)"
apt-get "${APTOPT[@]}" -q update

# Candidate version of a package in backports (only backports is in our private source list).
candidate() {
  apt-cache "${APTOPT[@]}" policy "$1" | awk '/Candidate:/ { print $2; exit }'
}

QV="$(candidate qemu-system-x86)"
case "$QV" in
  *:10.0.*) ;;
  *) echo "install-qemu10: bookworm-backports offers qemu-system-x86 '$QV', not 10.0.x" >&2; exit 1 ;;
esac
SEABIOS_V="$(candidate seabios)"
OPENSBI_V="$(candidate opensbi)"
[[ -n "$SEABIOS_V" && "$SEABIOS_V" != "(none)" ]] || { echo "install-qemu10: no seabios in backports" >&2; exit 1; }
[[ -n "$OPENSBI_V" && "$OPENSBI_V" != "(none)" ]] || { echo "install-qemu10: no opensbi in backports" >&2; exit 1; }

PKGS=()
# qemu-system-modules-opengl (ui-opengl.so) and qemu-system-modules-spice (ui-spice-core.so, ...):
# QEMU 10 probes these UI modules at every start, and a module missing from QEMU_MODULE_DIR is then
# looked up in the compiled-in /usr/lib/x86_64-linux-gnu/qemu, where it finds 7.2's copy
# ("failed to initialize module: .../ui-opengl.so / Only modules from the same build can be loaded",
#  "failed to open module: .../ui-spice-core.so: undefined symbol: ...").
for p in qemu-system-x86 qemu-system-data qemu-system-common qemu-system-arm qemu-system-misc qemu-system-riscv \
         qemu-system-ppc qemu-system-modules-opengl qemu-system-modules-spice; do
  PKGS+=("$p=$QV")
done
PKGS+=("seabios=$SEABIOS_V" "opensbi=$OPENSBI_V")
echo "install-qemu10: downloading ${PKGS[*]}"
(cd "$WORK/debs" && apt-get "${APTOPT[@]}" -q download "${PKGS[@]}")

# Unpack into a staging dir first so an interrupted run never leaves a half-filled PREFIX
# that the idempotency check above would take for a finished install.
STAGE="$PREFIX.partial.$$"
rm -rf "$STAGE"
mkdir -p "$STAGE"
: > "$WORK/DEBS.tsv"
for deb in "$WORK"/debs/*.deb; do
  dpkg -x "$deb" "$STAGE"
  printf '%s\t%s\t%s\t%s\t%s\n' "$(dpkg-deb -f "$deb" Package)" "$(dpkg-deb -f "$deb" Version)" \
    "$(dpkg-deb -f "$deb" Architecture)" "$(basename "$deb")" "$(sha256sum "$deb" | cut -d' ' -f1)" >> "$WORK/DEBS.tsv"
done
cp "$WORK/DEBS.tsv" "$STAGE/DEBS.tsv"
rm -rf "$PREFIX"
mv "$STAGE" "$PREFIX"

# Every shared library must come from the system (bookworm); report anything missing.
bins=()
for t in "${TARGETS[@]}"; do
  [[ -x "$PREFIX/usr/bin/qemu-system-$t" ]] || { echo "install-qemu10: $PREFIX/usr/bin/qemu-system-$t is missing after unpacking" >&2; exit 1; }
  bins+=("$PREFIX/usr/bin/qemu-system-$t")
done
missing="$(ldd "${bins[@]}" "$PREFIX"/usr/lib/x86_64-linux-gnu/qemu/*.so 2>/dev/null | grep 'not found' || true)"
if [[ -n "$missing" ]]; then
  echo "install-qemu10: warning: missing shared libraries:" >&2
  echo "$missing" >&2
fi
echo "install-qemu10: installed into $PREFIX:"
column -t "$PREFIX/DEBS.tsv" 2>/dev/null || cat "$PREFIX/DEBS.tsv"
"$PREFIX/usr/bin/qemu-system-x86_64" --version | head -1
