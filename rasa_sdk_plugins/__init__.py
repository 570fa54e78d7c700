"""rasa-sdk's plugin hook (it imports this package by name): the action server answers only
callers that present ACTION_SERVER_TOKEN, which only the Rasa server has (endpoints.yml), and an
action that fails is answered and logged without the conversation it was given. It also reads a
role-play answer ahead when the Rasa server sends it (dunning_coach/training/read_ahead.py)."""

from __future__ import annotations

import asyncio
import logging
import os
import traceback
from http import HTTPStatus

import pluggy
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from dunning_coach.common.tokens import bearer_matches
from dunning_coach.language.languages import Language
from dunning_coach.training import read_ahead

hookimpl = pluggy.HookimplMarker("rasa_sdk")
logger = logging.getLogger(__name__)

OPEN_PATHS = {"/health"}  # says only "ok": load balancers and start-up scripts poll it
FAILED = "the action failed; see the action server's log"


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(__import__(__name__))


def where_it_failed(exception: BaseException) -> str:
    """The exception's type and the code it went through, without its message or values: both can
    hold a customer's name or figures, and logs are read by more people than the ledger."""
    frames = traceback.extract_tb(exception.__traceback__)
    path = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in frames[::-1])
    return f"{type(exception).__name__} at {path or 'unknown'}"


def json_body(request: Request) -> object:
    """The request's JSON body; None for a body that is not JSON (it names no action and holds
    no answer)."""
    try:
        return request.json
    except Exception:
        return None


def next_action(request: Request) -> str:
    body = json_body(request)
    name = body.get("next_action") if isinstance(body, dict) else None
    return name if isinstance(name, str) and name.isidentifier() else "?"


def read_quietly(answer: str, language: Language) -> None:
    """Reads an answer ahead; a failure is logged without the answer (the action reads it again
    when its turn comes, and fails there in the open if it must)."""
    try:
        read_ahead.read(answer, language)
    except Exception as error:
        logger.error("reading an answer ahead failed: %s", where_it_failed(error))


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

    @app.post(read_ahead.PATH)
    async def read_answer_ahead(request: Request) -> HTTPResponse:
        wanted = read_ahead.wanted(json_body(request))
        if wanted is None:
            return response.json({"error": "an answer and a language are required"}, status=400)
        # Answered first, read after: the Rasa server does not wait for the reading, and this
        # server is idle while Rasa parses the message.
        asyncio.get_running_loop().call_soon(read_quietly, *wanted)
        return response.empty(status=HTTPStatus.ACCEPTED)

    # Replaces rasa-sdk's own handler, which logs the error's message and sends the whole request
    # body (the conversation, with the account's figures) back to Rasa, which logs it again.
    @app.exception(Exception)
    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        if isinstance(exception, SanicException):  # 404, 405, a malformed request: not ours
            status = getattr(exception, "status_code", HTTPStatus.BAD_REQUEST)
            return response.json({"error": HTTPStatus(status).phrase}, status=status)
        logger.error("%s failed: %s", next_action(request), where_it_failed(exception))
        return response.json({"error": FAILED}, status=HTTPStatus.INTERNAL_SERVER_ERROR)
