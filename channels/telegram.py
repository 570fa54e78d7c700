"""Telegram through the installed aiogram 2.x, built to work where the stock channel does not.

The stock channel makes its bot at import time inside a throw-away event loop, so every update
later fails with "Event loop is closed", exits when setWebhook cannot be reached, and accepts
forged updates. Here the bot is made inside the server's own loop, the webhook is registered with
a secret token that every update must carry, and buttons are reply keyboards: Telegram sends a
tapped button back as its title, which is mapped back to the button's payload. Replies are HTML:
a bold verdict, database text escaped (channels/markup.py).

Telegram delivers an update again for as long as the webhook answers an error, so an update is
read field by field and a malformed one is answered 200 and dropped. The bot token is part of
every Bot API address, so an address that cannot work turns the channel off at start-up, and a
failed call is logged with the token cut out, never raised with it.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import urllib.parse
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from http import HTTPStatus
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer, check_token
from aiogram.types import KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.exceptions import ValidationError
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import markup, shared_redis
from channels.redaction import hide_token, safe_error
from channels.seen import SeenDeliveries
from channels.shared_redis import KEY_PREFIX, SharedRedis
from channels.turn_guard import TurnGuard
from dunning_coach.common import identity
from dunning_coach.common.reply import Line, message_lines, written

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MESSAGE_CHARS = 4096  # Telegram's limit for one message
# Room for what drawing adds to the text (a verdict's mark), so a drawn part stays in the limit.
DRAWN_ROOM = 16
KEYBOARDS_KEPT = 10_000  # chats whose last buttons are remembered
KEYBOARD_SECONDS = 7 * 24 * 3600  # a keyboard stays on the rep's phone until the next reply
START = {"/start": "/greet"}  # what Telegram sends when a user opens the bot


def chunks(lines: Sequence[Line], size: int = MESSAGE_CHARS) -> list[list[Line]]:
    """The lines in messages of at most `size` characters written out, cut between lines; a
    line longer than that alone goes as plain text in pieces. Nothing for a blank reply."""
    if not written(lines).strip():
        return []
    parts: list[list[Line]] = [[]]
    length = 0  # of the last part written out
    for line in lines:
        pieces = [line] if len(line.written) <= size else _cut(line.written, size)
        for piece in pieces:
            grown = length + bool(parts[-1]) + len(piece.written)  # a line break between
            if parts[-1] and grown > size:
                parts.append([])
                grown = len(piece.written)
            parts[-1].append(piece)
            length = grown
    # Telegram refuses an empty message, and the buttons would go with it.
    return [part for part in parts if written(part).strip()]


def _cut(text: str, size: int) -> list[Line]:
    return [Line.plain(text[at : at + size]) for at in range(0, len(text), size)]


class Keyboards:
    """Each chat's last buttons, title to payload, so a tapped title becomes its payload. In
    process by default; `share` keeps them in the Redis several Rasa servers share, so a title
    tapped on another server than the one that offered it still becomes its payload."""

    def __init__(self, size: int = KEYBOARDS_KEPT) -> None:
        self.size = size
        self._by_chat: OrderedDict[str, dict[str, str]] = OrderedDict()
        self._shared: SharedRedis | None = None

    def share(self, redis: SharedRedis) -> None:
        self._shared = redis

    def offer(self, chat_id: str, buttons: list[dict[str, Any]]) -> None:
        titles = {b["title"]: b["payload"] for b in buttons}
        if self._shared is not None:
            self._shared.set(_keyboard_key(chat_id), json.dumps(titles), ex=KEYBOARD_SECONDS)
            return
        self._by_chat.pop(chat_id, None)
        self._by_chat[chat_id] = titles
        while len(self._by_chat) > self.size:
            self._by_chat.popitem(last=False)

    def read(self, chat_id: str, text: str) -> str:
        if self._shared is not None:
            stored = self._shared.get(_keyboard_key(chat_id))
            titles = json.loads(stored) if stored else {}
        else:
            titles = self._by_chat.get(chat_id, {})
        return titles.get(text.strip(), text)


def _keyboard_key(chat_id: str) -> str:
    return f"{KEY_PREFIX}telegram:keyboard:{chat_id}"


def usable_api_url(url: str) -> bool:
    """Whether `url` can be the Bot API's base address: http(s) with a host, nothing aiohttp
    would refuse with the whole address, token included, in its error."""
    if not url.isprintable() or set(url) & set("{} "):  # aiogram formats it with the token
        return False
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def usable_token(token: str) -> bool:
    try:
        return check_token(token)
    except ValidationError:
        return False


def _is_id(value: Any) -> bool:
    """Telegram's user and chat ids are integers (bool is an int to Python, not to Telegram)."""
    return isinstance(value, int) and not isinstance(value, bool)


class TelegramReplies(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, bot: Bot, keyboards: Keyboards, token: str) -> None:
        self.bot = bot
        self.keyboards = keyboards
        self.token = token  # only to keep it out of the log

    @staticmethod
    def _chat(recipient_id: str) -> str:
        # Rasa hands back the conversation id; private chats share the user's id.
        return identity.user_id("telegram", recipient_id) or recipient_id

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in chunks(message_lines({**kwargs, "text": text}), MESSAGE_CHARS - DRAWN_ROOM):
            await self._send(self._chat(recipient_id), part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        keyboard = ReplyKeyboardMarkup(resize_keyboard=True, one_time_keyboard=True)
        for button in buttons:
            keyboard.add(KeyboardButton(button["title"]))
        chat = self._chat(recipient_id)
        self.keyboards.offer(chat, buttons)
        lines = message_lines({**kwargs, "text": text})
        *first, last = chunks(lines, MESSAGE_CHARS - DRAWN_ROOM) or [[Line.plain(" ")]]
        for part in first:
            await self._send(chat, part)
        await self._send(chat, last, reply_markup=keyboard)

    async def _send(self, chat: str, part: list[Line], **kwargs: Any) -> None:
        # Cut into lines first, so no tag is split and each part's shown length stays in limits.
        html = markup.telegram_html(part)
        sending = self.bot.send_message(chat, html, parse_mode="HTML", **kwargs)
        await self._call("sendMessage", sending)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._call("sendPhoto", self.bot.send_photo(self._chat(recipient_id), image))

    async def _call(self, method: str, call: Awaitable[Any]) -> None:
        # Logged, not raised: Rasa would log the error with the address, token and all.
        try:
            await call
        except Exception as error:  # aiogram and aiohttp raise many kinds; none may escape
            logger.error("Telegram %s failed: %s", method, safe_error(error, self.token))


class TelegramChannel(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            credentials.get("access_token") or "",
            credentials.get("webhook_url") or "",
            credentials.get("secret_token") or "",
            credentials.get("api_url") or "",
        )

    def __init__(
        self, access_token: str, webhook_url: str, secret_token: str, api_url: str = ""
    ) -> None:
        self.access_token = access_token
        self.webhook_url = webhook_url
        self.secret_token = secret_token
        self.api_url = api_url
        self.bot: Bot | None = None
        self.keyboards = Keyboards()
        self.seen = SeenDeliveries(self.name())
        self._tasks: set[asyncio.Task] = set()
        self.off_because = self._why_off()
        if self.off_because:
            configured = self.access_token and self.secret_token
            logger.log(
                logging.ERROR if configured else logging.INFO,
                "Telegram is off: %s",
                self.off_because,
            )

    def _why_off(self) -> str | None:
        # No secret, no channel: without it anyone could post updates as any rep.
        if not (self.access_token and self.secret_token):
            return "TELEGRAM_BOT_TOKEN and TELEGRAM_SECRET_TOKEN are not both set."
        if not usable_token(self.access_token):
            return "TELEGRAM_BOT_TOKEN is not a bot token (digits, a colon, then the key)."
        if self.api_url and not usable_api_url(self.api_url):
            return "TELEGRAM_API_URL is not an http(s) address with a host."
        return None

    @property
    def enabled(self) -> bool:
        return self.off_because is None

    @property
    def _shown_webhook(self) -> str:
        return hide_token(self.webhook_url, self.access_token)

    def _make_bot(self) -> Bot:
        if self.api_url:
            return Bot(self.access_token, server=TelegramAPIServer.from_base(self.api_url))
        return Bot(self.access_token)

    def get_output_channel(self) -> OutputChannel:
        if self.bot is None:
            self.bot = self._make_bot()
        return TelegramReplies(self.bot, self.keyboards, self.access_token)

    async def register_webhook(self) -> None:
        """Tell Telegram where to send updates and the secret to send with them. Failing here
        (offline, say) is logged, not fatal: the other channels keep working."""
        if not (self.enabled and self.webhook_url):
            return
        try:
            await self.get_output_channel().bot.request(
                "setWebhook",
                {
                    "url": self.webhook_url,
                    "secret_token": self.secret_token,
                    "allowed_updates": '["message","callback_query"]',
                },
            )
            logger.info("Telegram webhook registered at %s", self._shown_webhook)
        except Exception as error:  # aiogram raises many kinds; none should stop the server
            logger.error(
                "Could not register the Telegram webhook at %s: %s",
                self._shown_webhook,
                safe_error(error, self.access_token),
            )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram = Blueprint("telegram_channel", __name__)
        on_new_message = TurnGuard(on_new_message)
        on_new_message.attach(telegram)

        @telegram.listener("after_server_start")
        async def start(app: Any, _loop: Any) -> None:
            redis = shared_redis.of(app)
            if redis is not None:
                self.seen.share(redis)
                self.keyboards.share(redis)
            await self.register_webhook()

        @telegram.listener("before_server_stop")
        async def stop(_app: Any, _loop: Any) -> None:
            if self.bot is not None:
                await self.bot.session.close()  # not bot.close(): that is the Bot API's log-out

        @telegram.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "off"})

        @telegram.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.enabled:
                return response.text(
                    "Telegram is not configured here.", status=HTTPStatus.FORBIDDEN
                )
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.secret_token.encode()):
                return response.text(
                    "Missing or wrong secret token.", status=HTTPStatus.UNAUTHORIZED
                )
            try:
                update = json.loads(request.body)
            except ValueError:  # UnicodeDecodeError included
                update = None
            read = self.read_update(update)
            if read is None:
                return response.text("ignored")  # 200, so Telegram does not send it again
            update_id, sender_id, text = read
            message = UserMessage(
                text,
                self.get_output_channel(),
                sender_id,
                input_channel=self.name(),
                metadata={"channel": self.name(), "update_id": update_id},
            )
            # Answer Telegram at once and reply through the Bot API, so a slow turn never
            # makes Telegram deliver the update again.
            task = asyncio.create_task(on_new_message(message))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return response.text("ok")

        return telegram

    def read_update(self, update: Any) -> tuple[int, str, str] | None:
        """(update id, sender id, text) of a new private message or button press, else None: a
        repeat, a group chat, an update without text or of another kind, or a malformed one
        (logged without its content)."""
        update_id = _get(update, "update_id")
        query, message = _get(update, "callback_query"), _get(update, "message")
        sender = text = None
        if query is not None:  # a button under a message: that message's chat, the tapper, data
            message, sender, text = _get(query, "message"), _get(query, "from"), _get(query, "data")
        elif message is not None:
            sender, text = _get(message, "from"), _get(message, "text")
        elif _is_id(update_id):
            return None  # a kind of update never asked for
        chat = _get(message, "chat")
        chat_id, user_id = _get(chat, "id"), _get(sender, "id")
        if not (_is_id(update_id) and _is_id(chat_id) and _is_id(user_id)):
            logger.warning("A malformed Telegram update was ignored.")
            return None
        # Only one-to-one chats: in a group, a reply would show one rep's accounts to everyone.
        if not isinstance(text, str) or _get(chat, "type") != "private":
            return None  # a photo or a sticker has no text to read
        if not self.seen.first_time(str(update_id)):
            return None
        text = START.get(text.strip(), self.keyboards.read(str(chat_id), text))
        return update_id, identity.conversation_id(self.name(), str(user_id)), text


def _get(data: Any, key: str) -> Any:
    """data[key] when data is an object, else None."""
    return data.get(key) if isinstance(data, dict) else None
