#!/usr/bin/env bash
# Create .venv with Python 3.10 and install exactly the locked dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(bash scripts/find_python.sh)
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  rm -rf .venv
  echo "Creating .venv with $python"
  "$python" -m venv .venv
fi
# uv installs the ~3 GB of Rasa's dependencies several times faster than pip; pinned for repeatability.
.venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
.venv/bin/uv pip sync --quiet --python .venv/bin/python requirements.lock
