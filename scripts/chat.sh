#!/usr/bin/env bash
# Chat in the terminal as the demo rep (sender id "demo-rep", registered in demo_data/reps.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mkdir -p var/log
bash scripts/run_actions.sh >var/log/chat-actions.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null || true' EXIT
echo "Starting Dunning Coach as the demo rep (today is ${DUNNING_TODAY:-the real date})..."
.venv/bin/python -m rasa_patches shell -m "$MODEL" --conversation-id "${CHAT_SENDER:-demo-rep}" \
  --port "$RASA_PORT" --endpoints endpoints.yml
