#!/usr/bin/env bash
# Start or stop the action server and the Rasa server in the background, under supervisord, which
# restarts either one if it dies; `running` tells whether both are up; `start brief` prints only
# the progress line. Ports: RASA_PORT (5005), ACTION_PORT (5055). Logs in var/log/, the supervisor's
# files in var/run/. Secrets reach the servers through the environment, never a command line.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Where the supervisor's files and the logs go (a test runs its own servers beside a developer's).
RUN=$(realpath -m "${RUN_DIR:-var/run}") LOG=$(realpath -m "${LOG_DIR:-var/log}")
mkdir -p "$RUN" "$LOG"
chmod 700 "$RUN" "$LOG"
CONF="$RUN/supervisord.conf"
# A Unix socket's path has room for about 100 bytes; a deep folder gets one under /tmp instead.
SOCKET="$RUN/supervisor.sock"
if [ ${#SOCKET} -gt 100 ]; then
  SOCKET="/tmp/dunning-coach-$(printf '%s' "$RUN" | sha1sum | cut -c1-16).sock"
fi

supervised() { [ -f "$RUN/supervisord.pid" ] && kill -0 "$(cat "$RUN/supervisord.pid")" 2>/dev/null; }
ctl() { .venv/bin/supervisorctl -c "$CONF" "$@"; }

answers() {
  .venv/bin/python - "$1" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=2)
except Exception:
    sys.exit(1)
PY
}

wait_for() {  # name url seconds: until the url answers 200, the program fails, or time is up
  local name=$1 url=$2 deadline=$((SECONDS + $3))
  until answers "$url"; do
    if ctl status "$name" 2>/dev/null | grep -qE 'FATAL|BACKOFF|EXITED'; then
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

# One server as the supervisor runs it: started again whenever it dies, its output in its log.
program() {  # name command seconds-to-stop
  cat <<PROGRAM
[program:$1]
command=$2
directory=$PWD
autorestart=true
startsecs=3
startretries=5
stopasgroup=true
killasgroup=true
stopwaitsecs=$3
redirect_stderr=true
stdout_logfile=$LOG/$1.log
stdout_logfile_maxbytes=20MB
stdout_logfile_backups=5
PROGRAM
}

# The supervisor's configuration names programs and files only: no secret is written to it.
write_config() {
  local here=$PWD
  cat >"$CONF" <<CONF
[supervisord]
logfile=$LOG/supervisord.log
pidfile=$RUN/supervisord.pid
childlogdir=$LOG
directory=$here
umask=077
identifier=dunning-coach

[unix_http_server]
file=$SOCKET
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$SOCKET

$(program actions "bash scripts/run_actions.sh" 10)

$(program rasa ".venv/bin/python -m rasa_patches run -m \"$MODEL\" -i ${RASA_INTERFACE:-127.0.0.1} --port $RASA_PORT --endpoints endpoints.yml --credentials credentials.yml" 15)
CONF
}

start() {
  if supervised; then
    echo "Already running (make stop first). Rasa: http://127.0.0.1:$RASA_PORT"
    return 0
  fi
  # Rasa given a missing model would load the newest in models/, and given a damaged one would
  # serve on without any: both refused here, with the reason (make serve retrains a damaged one).
  if ! problem=$(.venv/bin/python scripts/check_model.py "$MODEL" 2>&1); then
    echo "Cannot start: $problem. Run make serve, which trains the model first." >&2
    return 1
  fi
  printf 'Starting the servers... '
  local began=$SECONDS
  # Files made by earlier releases, before the umask below, are made private too.
  for file in "$DUNNING_DB" "$TRACKER_DB" "$LOG"/*.log; do
    for part in "$file" "$file-wal" "$file-shm"; do
      if [ -f "$part" ]; then chmod go-rwx "$part"; fi
    done
  done
  write_config
  rm -f "$SOCKET"
  .venv/bin/supervisord -c "$CONF"
  if ! wait_for actions "http://127.0.0.1:$ACTION_PORT/health" 60 \
     || ! wait_for rasa "http://127.0.0.1:$RASA_PORT/ready" 180; then
    stop >/dev/null
    return 1
  fi
  echo "up ($((SECONDS - began)) s; logs in $LOG/)"
  [ "${1:-}" = brief ] && return 0
  # A postgresql:// URL may hold a password: shown without it.
  echo "Dunning Coach is up. Database: $(sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#' <<<"${DUNNING_DB:-var/dunning.db}"). Stop: make stop"
  echo "Web chat: http://127.0.0.1:$RASA_PORT/chat/ (sign-in codes: make signin-code REP=<rep id>)"
  if [ "${DUNNING_DB:-var/dunning.db}" = var/dunning.db ]; then
    .venv/bin/python -m dunning_coach.accounts.signin R1 | tail -n 1 | sed 's/^Or open:/Demo rep (Dana Demo):/'
  fi
}

stop() {
  if supervised; then
    local pid
    pid=$(cat "$RUN/supervisord.pid")
    # The supervisor stops both servers (TERM, then KILL after stopwaitsecs), then itself.
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    echo "Stopped the servers."
  fi
  rm -f "$RUN/supervisord.pid" "$SOCKET"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  running) supervised && ctl status >/dev/null 2>&1 ;;
  *) echo "usage: $0 start|stop|running" >&2; exit 2 ;;
esac
