#!/usr/bin/env bash
# The action server, as every start path runs it: on loopback unless ACTION_HOST says otherwise
# (it holds the account data), on ACTION_PORT, answering only ACTION_SERVER_TOKEN (rasa_sdk_plugins).
set -euo pipefail
cd "$(dirname "$0")/.."
export SANIC_HOST="${ACTION_HOST:-127.0.0.1}"
exec .venv/bin/rasa run actions --actions actions --port "${ACTION_PORT:-5055}"
