"""rasa-sdk's plugin hook (it imports this package by name): the action server answers only
callers that present ACTION_SERVER_TOKEN, which only the Rasa server has (endpoints.yml)."""

from __future__ import annotations

import logging
import os

import pluggy
from sanic import Sanic, response
from sanic.request import Request

from dunning_coach.common.tokens import bearer_matches

hookimpl = pluggy.HookimplMarker("rasa_sdk")
logger = logging.getLogger(__name__)

OPEN_PATHS = {"/health"}  # says only "ok": load balancers and start-up scripts poll it


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(__import__(__name__))


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    token = os.environ.get("ACTION_SERVER_TOKEN", "")
    if not token:
        logger.error("ACTION_SERVER_TOKEN is not set: the action server refuses every call.")

    @app.middleware("request")
    async def require_token(request: Request):
        if request.path in OPEN_PATHS:
            return None
        if not bearer_matches(request.headers.get("Authorization"), token):
            return response.json({"error": "a valid bearer token is required"}, status=401)
        return None
