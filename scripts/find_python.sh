#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 supports 3.8 to 3.10 only), or explain.
set -euo pipefail
candidates=(python3.10)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for dir in "$root"/versions/3.10*; do
    [ -x "$dir/bin/python3.10" ] && candidates+=("$dir/bin/python3.10")
  done
fi
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10)
for py in "${candidates[@]}"; do
  if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    command -v "$py"
    exit 0
  fi
done
cat >&2 <<'MSG'
Dunning Coach needs Python 3.10 (Rasa Open Source 3.6 runs on Python 3.8 to 3.10 only).
Install one of these, then run the command again:
  - pyenv:          pyenv install 3.10
  - Debian/Ubuntu:  apt-get install python3.10 python3.10-venv  (deadsnakes PPA on Ubuntu)
  - macOS:          brew install python@3.10
MSG
exit 1
