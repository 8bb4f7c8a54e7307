#!/usr/bin/env bash
# Installs Debian's Chromium (for the HTML coverage report check) when it is not there yet.
# Idempotent: does nothing when /usr/bin/chromium already runs. Needs root (CI and the dev
# machines run as root); elsewhere it prints what to install and fails.
set -euo pipefail

if [ -x /usr/bin/chromium ] && /usr/bin/chromium --version >/dev/null 2>&1; then
  echo "== chromium present: $(/usr/bin/chromium --version 2>/dev/null)"
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-chromium: Debian's chromium is missing and this is not root; run: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "== installing Debian chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "== chromium installed: $(/usr/bin/chromium --version 2>/dev/null)"
