"""The team page: /team/, a page of charts of the team's collection, and the JSON it draws.

It signs in as the web chat does (the same code, kept on the phone by the chat page), and shows
a manager their team's figures and a rep their own (`dunning_coach.team`). Each chart is its own
call, worked out in one of a few threads with a ledger of their own, read only, so that the
charts come in side by side and no chart holds up the chat's event loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.webchat import SECURITY_HEADERS, WebChatInput
from dunning_coach.accounts.connection import UNREADABLE, file_identity
from dunning_coach.accounts.store import AccountStore
from dunning_coach.accounts.turn_context import answer_language
from dunning_coach.common import environment, settings
from dunning_coach.language import languages, messages
from dunning_coach.playbook import playbook_languages
from dunning_coach.team import charts
from dunning_coach.team.figures import Viewer

logger = logging.getLogger(__name__)

PAGE_DIR = Path(__file__).parent / "team_page"
PAGE_FILES = {
    "": ("index.html", "text/html; charset=utf-8"),
    "team.js": ("team.js", "text/javascript; charset=utf-8"),
    "team.css": ("team.css", "text/css; charset=utf-8"),
    # Chart.js, served from here: the page works with no network beyond this server.
    "chart.umd.min.js": ("vendor/chart.umd.min.js", "text/javascript; charset=utf-8"),
}
# Two charts at once: a server has two cores, and a chart's sums hold one.
_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="team-page")
_local = threading.local()


def _ledger(location: Path | str) -> AccountStore:
    """This thread's ledger, read only; opened again when the file at the path was replaced."""
    held = getattr(_local, "held", None)
    identity = file_identity(location)
    if held is None or held[1] != location or held[2] != identity:
        if held is not None:
            held[0].close()
        held = (AccountStore(location, read_only=True), location, identity)
        _local.held = held
    return held[0]


def chart_json(location: Path | str, rep_id: str, name: str, asked: str | None) -> dict[str, Any]:
    """One chart for rep `rep_id`, in the language asked for (else the rep's own)."""
    store = _ledger(location)
    rep = store.rep(rep_id)
    if rep is None:
        raise LookupError(rep_id)
    language = answer_language(rep, languages.known(asked) if asked in languages.CODES else None)
    viewer = Viewer(
        store,
        rep,
        environment.today(),
        playbook_languages.load(language),
        settings.load(),
        language,
    )
    chart = charts.CHARTS[name](viewer, charts.names_for(viewer))
    return {
        **chart.as_dict(),
        "csv": chart.csv(),
        "heading": messages.text(
            "team_page.heading" if rep.is_manager else "team_page.heading_own", language
        ),
    }


class TeamPageInput(WebChatInput):
    """Signs in as the web chat does; sends no messages to the assistant."""

    @classmethod
    def name(cls) -> str:
        return "team"

    def url_prefix(self) -> str:
        return "/team"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        page = Blueprint("team_page", __name__)
        files = {
            path: ((PAGE_DIR / name).read_bytes(), kind)
            for path, (name, kind) in PAGE_FILES.items()
        }
        page_texts = messages.load().section("team_page.")

        def static(path: str) -> HTTPResponse:
            body, kind = files[path]
            return response.raw(body, content_type=kind, headers=SECURITY_HEADERS)

        @page.route("/", methods=["GET"])
        async def index(_: Request) -> HTTPResponse:
            return static("")

        @page.route("/<name:(team\\.js|team\\.css|chart\\.umd\\.min\\.js)>", methods=["GET"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            return static(name)

        @page.route("/texts.json", methods=["GET"])
        async def texts(_: Request) -> HTTPResponse:
            return response.json(page_texts, headers=SECURITY_HEADERS)

        @page.route("/charts/<file:str>", methods=["GET"])
        async def chart(request: Request, file: str) -> HTTPResponse:
            name = file.removesuffix(".json")
            if name == file or name not in charts.CHARTS:
                return response.json({"error": "No such chart."}, status=HTTPStatus.NOT_FOUND)
            who = self.signed_in(request)
            if who is None:
                return response.json(
                    {"error": "Sign in again: your code is missing, wrong, expired or revoked."},
                    status=HTTPStatus.UNAUTHORIZED,
                )
            asked = request.args.get("lang")
            work = lambda: chart_json(self.ledger_path, who.rep_id, name, asked)  # noqa: E731
            try:
                found = await asyncio.get_running_loop().run_in_executor(_POOL, work)
            except LookupError:  # the rep left the ledger since the code was checked
                return response.json(
                    {"error": "Sign in again: your code is missing, wrong, expired or revoked."},
                    status=HTTPStatus.UNAUTHORIZED,
                )
            except UNREADABLE as error:
                # Nothing about the rep or the ledger's contents in the log: the chart and why.
                logger.error("The team page could not draw %s: %s", name, type(error).__name__)
                return response.json(
                    {"error": "The figures cannot be read just now."},
                    status=HTTPStatus.SERVICE_UNAVAILABLE,
                )
            return response.json(found, headers={**SECURITY_HEADERS, "Cache-Control": "no-store"})

        return page
