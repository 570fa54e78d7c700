"""The mobile web chat: a page at /chat/ and the JSON calls it makes.

A rep signs in with a code from their manager (`make signin-code REP=...`), signed with
WEBCHAT_SECRET; the page keeps it on the phone and sends it with every call, so the sender is
the rep the code names and nobody can type their way into another rep's conversation. Every
call also asks the ledger (DUNNING_DB) whether it still stands behind the code: a rep removed
from it, or whose codes were revoked (`make signin-revoke`), is signed out. The conversation
lives in Rasa's tracker store, so a reload shows it again from /chat/history.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.turn_guard import TurnGuard
from dunning_coach.accounts import signin
from dunning_coach.accounts.connection import UNREADABLE, described, file_identity
from dunning_coach.accounts.store import AccountStore
from dunning_coach.common import environment, tokens
from dunning_coach.common.rasa_names import Slot
from dunning_coach.common.reply import message_lines
from dunning_coach.language import messages

logger = logging.getLogger(__name__)

PAGE_DIR = Path(__file__).parent / "webchat_page"
PAGE_FILES = {
    "": ("index.html", "text/html; charset=utf-8"),
    "chat.js": ("chat.js", "text/javascript; charset=utf-8"),
    "chat.css": ("chat.css", "text/css; charset=utf-8"),
}
SECURITY_HEADERS = {
    # No other site may frame the page (clickjacking a signed-in rep into sending messages).
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
HISTORY_MESSAGES = 200  # what a reload shows: plenty for a visit, small enough for a phone


def history(events: list[Any], limit: int = HISTORY_MESSAGES) -> list[dict[str, Any]]:
    """The conversation as the page shows it; a pressed button shows as its title."""
    shown: list[dict[str, Any]] = []
    offered: dict[str, str] = {}
    for event in events:
        if isinstance(event, UserUttered) and event.text is not None:
            shown.append({"from": "rep", "text": offered.get(event.text, event.text)})
        elif isinstance(event, BotUttered):
            message = {**(event.metadata or {}), **(event.data or {}), "text": event.text or ""}
            shown.append(_bot(message))
            offered = {b["payload"]: b["title"] for b in shown[-1]["buttons"]}
    return shown[-limit:]


def bot_messages(collected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_bot(m) for m in collected]


def _bot(message: dict[str, Any]) -> dict[str, Any]:
    """A bot message with its typed lines, which the page draws (the verdict as a coloured
    badge, evidence as a list, the line to say set apart), every part as text."""
    return {
        "from": "bot",
        "text": message.get("text") or "",
        "buttons": [
            {"title": b.get("title", ""), "payload": b.get("payload", "")}
            for b in message.get("buttons") or []
        ],
        "lines": [line.as_dict() for line in message_lines(message)],
    }


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "chat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls((credentials or {}).get("secret") or "")

    def __init__(self, secret: str, ledger: Path | str | None = None) -> None:
        self.secret = secret
        self.ledger_path = ledger if ledger is not None else environment.db_location()
        self._ledger: AccountStore | None = None
        self._ledger_file: tuple[int, int] | None = None
        if not secret:
            logger.info("The web chat is off: WEBCHAT_SECRET is not set.")

    def ledger(self) -> AccountStore:
        """The account database, opened on first use (inside the event loop thread that uses
        it) and then only read: one indexed query per call. Opened again when the file was
        replaced, as `make db` rebuilds the demo database, so it never reads a deleted one."""
        if self._ledger is None or file_identity(self.ledger_path) != self._ledger_file:
            if self._ledger is not None:
                self._ledger.close()
            # Read only: the Rasa server checks sign-ins; only the action server writes.
            self._ledger = AccountStore(self.ledger_path, read_only=True)
            self._ledger_file = file_identity(self.ledger_path)
        return self._ledger

    def url_prefix(self) -> str:
        return "/chat"  # an absolute prefix: Rasa joins it onto /webhooks/ as just /chat

    def signed_in(self, request: Request) -> tokens.SignIn | None:
        """The sign-in of a call whose code is signed, unexpired and still honoured by the
        ledger; None for anything else."""
        who = tokens.verify(self.secret, tokens.bearer(request.headers.get("Authorization")))
        if who is None:
            return None
        try:
            ledger = self.ledger()
        except UNREADABLE as error:
            # Every sign-in is refused: say why once per call, without the rep's details.
            logger.error(
                "The web chat cannot check sign-ins (%s): %s", described(self.ledger_path), error
            )
            return None
        return who if signin.accepted(ledger, who) else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        chat = Blueprint("web_chat", __name__)
        on_new_message = TurnGuard(on_new_message)
        on_new_message.attach(chat)
        pages = {
            path: ((PAGE_DIR / name).read_bytes(), kind)
            for path, (name, kind) in PAGE_FILES.items()
        }

        def refused() -> HTTPResponse:
            return response.json(
                {"error": "Sign in again: your code is missing, wrong, expired or revoked."},
                status=HTTPStatus.UNAUTHORIZED,
            )

        @chat.route("/", methods=["GET"])
        async def page(_: Request) -> HTTPResponse:
            return static("")

        @chat.route("/<name:(chat\\.js|chat\\.css)>", methods=["GET"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            return static(name)

        def static(path: str) -> HTTPResponse:
            body, kind = pages[path]
            return response.raw(body, content_type=kind, headers=SECURITY_HEADERS)

        # The page's own words in every language (messages/page.yml); nothing secret in them.
        page_texts = messages.load().section("page.")

        @chat.route("/texts.json", methods=["GET"])
        async def texts(_: Request) -> HTTPResponse:
            return response.json(page_texts, headers=SECURITY_HEADERS)

        @chat.route("/signin", methods=["POST"])
        async def signin(request: Request) -> HTTPResponse:
            who = self.signed_in(request)
            return response.json({"ok": True}) if who else refused()

        @chat.route("/history", methods=["GET"])
        async def conversation(request: Request) -> HTTPResponse:
            who = self.signed_in(request)
            if who is None:
                return refused()
            tracker = await request.app.ctx.agent.tracker_store.retrieve(who.web_id)
            return response.json(
                {
                    "messages": history(list(tracker.events) if tracker else []),
                    "language": tracker.get_slot(Slot.LANGUAGE) if tracker else None,
                }
            )

        @chat.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            who = self.signed_in(request)
            if who is None:
                return refused()
            body = request.json if isinstance(request.json, dict) else {}
            text = body.get("message")
            if not isinstance(text, str) or not text.strip():
                return response.json(
                    {"error": "Send a message as text."}, status=HTTPStatus.BAD_REQUEST
                )
            collector = CollectingOutputChannel()
            await on_new_message(
                UserMessage(
                    text,
                    collector,
                    who.web_id,
                    input_channel=self.name(),
                    metadata={"channel": self.name()},
                )
            )
            # The page follows the conversation's language, as this turn left it.
            tracker = await request.app.ctx.agent.tracker_store.retrieve(who.web_id)
            return response.json(
                {
                    "messages": bot_messages(collector.messages),
                    "language": tracker.get_slot(Slot.LANGUAGE) if tracker else None,
                }
            )

        return chat
