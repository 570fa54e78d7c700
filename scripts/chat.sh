#!/usr/bin/env bash
# Chat in the terminal as a rep (REP, default R1: the demo's Dana Demo) through the servers, like
# any channel. Servers not yet running are started here and stopped when the chat ends.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
started=
if ! bash scripts/servers.sh running; then
  bash scripts/servers.sh start brief
  started=1
fi
trap 'if [ -n "$started" ]; then bash scripts/servers.sh stop >/dev/null; fi' EXIT
.venv/bin/python -m terminal --rep "${REP:-R1}"
