#!/usr/bin/env bash
# The web chat test drives Debian's chromium through its chromedriver; install them if missing.
# (Test tools that download their own browser cannot work offline.)
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Installing chromium needs root: apt-get install chromium chromium-driver" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing Debian's chromium and chromium-driver for the web chat test..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -q chromium chromium-driver >/dev/null \
  || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q chromium chromium-driver >/dev/null; }
