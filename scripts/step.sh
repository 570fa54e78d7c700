#!/usr/bin/env bash
# One set-up step as one short line: `step.sh "Training the model" train.log cmd args...` prints
# the line, sends the command's output (third-party warnings, progress bars, INFO logs) to
# var/log/<log>, and ends the line with the time taken; on failure it shows the log's end.
set -uo pipefail
cd "$(dirname "$0")/.."
umask 077  # logs and the demo database: this user's only
label=$1 log="${LOG_DIR:-var/log}/$2"
shift 2
mkdir -p "$(dirname "$log")"
printf '%s... ' "$label"
began=$SECONDS
if "$@" >"$log" 2>&1; then
  echo "done ($((SECONDS - began)) s)"
else
  status=$?
  echo "failed. The end of $log:"
  tail -n 25 "$log" | sed 's/^/  /'
  exit "$status"
fi
