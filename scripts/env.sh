# Defaults for the scripts when run without make (the Makefile exports the same names).
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export DUNNING_DB="${DUNNING_DB:-var/dunning.db}"
export RASA_PORT="${RASA_PORT:-5005}" ACTION_PORT="${ACTION_PORT:-5055}"
export TRACKER_DB="${TRACKER_DB:-var/tracker.db}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}"
export MODEL="${MODEL:-models/dunning-coach.tar.gz}"
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1
