# Defaults for the scripts when run without make (the Makefile exports the same names).
# What the scripts and the servers create (the ledger, the tracker database, logs, secrets) holds
# customer data or keys: readable by this user only.
umask 077
mkdir -p var
chmod 700 var
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export DUNNING_DB="${DUNNING_DB:-var/dunning.db}"
export RASA_PORT="${RASA_PORT:-5005}" ACTION_PORT="${ACTION_PORT:-5055}"
export TRACKER_DB="${TRACKER_DB:-var/tracker.db}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}"
export MODEL="${MODEL:-models/dunning-coach.tar.gz}"
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1

# Secrets come from the environment. For a local run without them, make them once, at random,
# in var/secrets.env (untracked, readable by this user only); values already set win.
if [ -z "${RASA_TOKEN:-}" ] || [ -z "${ACTION_SERVER_TOKEN:-}" ] || [ -z "${WEBCHAT_SECRET:-}" ]; then
  if [ ! -s var/secrets.env ]; then
    ( umask 077
      for name in RASA_TOKEN ACTION_SERVER_TOKEN WEBCHAT_SECRET; do
        echo ": \"\${$name:=$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')}\""
      done >var/secrets.env )
  fi
  source var/secrets.env
fi
export RASA_TOKEN ACTION_SERVER_TOKEN WEBCHAT_SECRET
# Slack and Telegram stay off until their variables are set (see docs/channels.md).
export SLACK_BOT_TOKEN="${SLACK_BOT_TOKEN:-}" SLACK_SIGNING_SECRET="${SLACK_SIGNING_SECRET:-}"
export SLACK_API_URL="${SLACK_API_URL:-}"
export TELEGRAM_BOT_TOKEN="${TELEGRAM_BOT_TOKEN:-}" TELEGRAM_WEBHOOK_URL="${TELEGRAM_WEBHOOK_URL:-}"
export TELEGRAM_SECRET_TOKEN="${TELEGRAM_SECRET_TOKEN:-}" TELEGRAM_API_URL="${TELEGRAM_API_URL:-}"
