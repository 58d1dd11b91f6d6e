#!/usr/bin/env bash
# Installs everything the main job and the tests need on a fresh Debian machine (run as root for apt).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: editors the language server is tested with (third-party LSP clients),
# chromium for the webview and VS Code integration tests, libkrb5-dev for code-server's native modules,
# qemu-system-x86 for the live QMP capture tests (test/live: a real QEMU, paused, TCG), gdb for the
# captures through gdb (qemu-memmap capture --gdb, test/gdb; `npm run test:gdb` also builds a QEMU with debug info).
# Only what is missing is installed.
APT_WANTED=(neovim emacs-nox elpa-eglot chromium libkrb5-dev qemu-system-x86 gdb)
APT_PACKAGES=()
for p in "${APT_WANTED[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || APT_PACKAGES+=("$p"); done
if [ "${#APT_PACKAGES[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}"
  else
    echo "setup: please install: ${APT_PACKAGES[*]}" >&2
  fi
fi

# npm packages, exactly as locked.
npm ci --no-audit --no-fund
