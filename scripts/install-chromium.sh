#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium) for the browser tests (the demo's, backend-wasm's). Idempotent:
# does nothing when it is already there. Needs root (CI and the dev machines run as root).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "install-chromium: $CHROMIUM is already installed ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-chromium: $CHROMIUM is missing and this script is not running as root;" >&2
  echo "install-chromium: run it as root, or install Debian's chromium package yourself (apt-get install chromium)." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: $CHROMIUM is missing and apt-get is not available on this system;" >&2
  echo "install-chromium: install Chromium another way and set CHROMIUM_PATH to its executable." >&2
  exit 1
fi

echo "install-chromium: $CHROMIUM is missing; running apt-get update"
if ! apt-get update; then
  echo "install-chromium: apt-get update failed; cannot install chromium" >&2
  exit 1
fi
echo "install-chromium: installing chromium (apt-get install -y --no-install-recommends chromium)"
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; then
  echo "install-chromium: apt-get install chromium failed" >&2
  exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "install-chromium: the chromium package installed but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "install-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
