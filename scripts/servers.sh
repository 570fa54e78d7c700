#!/usr/bin/env bash
# Start or stop the action server and the Rasa server (REST channel + HTTP API) in the background;
# `running` tells whether both are up; `start brief` prints only the progress line.
# Ports: RASA_PORT (5005), ACTION_PORT (5055). Logs in var/log/, pids in var/run/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Where pids and logs go (a test runs its own servers beside a developer's).
RUN=${RUN_DIR:-var/run} LOG=${LOG_DIR:-var/log}
mkdir -p "$RUN" "$LOG"

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

answers() {
  .venv/bin/python - "$1" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=2)
except Exception:
    sys.exit(1)
PY
}

wait_for() {  # name url seconds
  local name=$1 url=$2 deadline=$((SECONDS + $3))
  until answers "$url"; do
    if ! alive "$name"; then
      echo >&2; echo "The $name server stopped while starting; the end of $LOG/$name.log:" >&2
      tail -n 25 "$LOG/$name.log" >&2
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo >&2; echo "The $name server did not answer at $url within $3 s; see $LOG/$name.log" >&2
      return 1
    fi
    sleep 0.5
  done
}

start() {
  if alive actions || alive rasa; then
    echo "Already running (make stop first). Rasa: http://127.0.0.1:$RASA_PORT"
    return 0
  fi
  printf 'Starting the servers... '
  local began=$SECONDS
  nohup bash scripts/run_actions.sh >"$LOG/actions.log" 2>&1 &
  echo $! >"$RUN/actions.pid"
  nohup .venv/bin/python -m rasa_patches run --enable-api --auth-token="$RASA_TOKEN" -m "$MODEL" -i "${RASA_INTERFACE:-127.0.0.1}" \
    --port "$RASA_PORT" --endpoints endpoints.yml --credentials credentials.yml \
    >"$LOG/rasa.log" 2>&1 &
  echo $! >"$RUN/rasa.pid"
  if ! wait_for actions "http://127.0.0.1:$ACTION_PORT/health" 60 \
     || ! wait_for rasa "http://127.0.0.1:$RASA_PORT/" 180; then
    stop
    return 1
  fi
  echo "up ($((SECONDS - began)) s; logs in $LOG/)"
  [ "${1:-}" = brief ] && return 0
  echo "Dunning Coach is up. Database: ${DUNNING_DB:-var/dunning.db}. Stop: make stop"
  echo "Web chat: http://127.0.0.1:$RASA_PORT/chat/ (sign-in codes: make signin-code REP=<rep id>)"
  if [ "${DUNNING_DB:-var/dunning.db}" = var/dunning.db ]; then
    .venv/bin/python -m dunning_coach.accounts.signin R1 | tail -n 1 | sed 's/^Or open:/Demo rep (Dana Demo):/'
  fi
}

stop() {
  for name in rasa actions; do
    if alive "$name"; then
      local pid
      pid=$(cat "$RUN/$name.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
      echo "Stopped $name."
    fi
    rm -f "$RUN/$name.pid"
  done
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  running) alive actions && alive rasa ;;
  *) echo "usage: $0 start|stop|running" >&2; exit 2 ;;
esac
