"""channels/telegram.py: message chunks, the reply keyboard's memory of button titles, reading
updates (malformed ones dropped) and keeping the bot token out of the log."""

from __future__ import annotations

import asyncio
import logging

import pytest

from channels.telegram import (
    MESSAGE_CHARS,
    Keyboards,
    TelegramChannel,
    TelegramReplies,
    chunks,
    usable_api_url,
)
from dunning_coach.common.reply import Line, written
from tests.unit.channels.redis_stand_in import RedisStandIn


def test_long_replies_are_cut_between_lines_within_telegrams_limit():
    lines = [Line.step(n, "y" * 95) for n in range(1, 101)]
    parts = chunks(lines)
    assert len(parts) == 3 and all(len(written(p)) <= MESSAGE_CHARS for p in parts)
    assert [line for part in parts for line in part] == lines


def test_a_line_longer_than_a_message_goes_in_plain_pieces_and_a_blank_reply_in_none():
    parts = chunks([Line.heading("Notes:"), Line.bullet("z" * (MESSAGE_CHARS + 10))])
    assert "".join(written(p) for p in parts) == "Notes:" + "• " + "z" * (MESSAGE_CHARS + 10)
    assert all(len(written(p)) <= MESSAGE_CHARS for p in parts)
    assert chunks([Line.plain("  ")]) == []
    # A blank line at a cut is no message of its own: Telegram would refuse it, buttons and all.
    cut = chunks([Line.plain("a" * MESSAGE_CHARS), Line.plain(""), Line.plain("b" * MESSAGE_CHARS)])
    assert [written(p)[0] for p in cut] == ["a", "b"]


def test_a_tapped_title_becomes_its_payload_only_in_the_chat_it_was_offered_in():
    keyboards = Keyboards()
    keyboards.offer("1", [{"title": "Open invoices", "payload": "/show_account"}])
    assert keyboards.read("1", "Open invoices") == "/show_account"
    assert keyboards.read("2", "Open invoices") == "Open invoices"
    assert keyboards.read("1", "they will pay friday") == "they will pay friday"


def test_a_shared_keyboard_is_read_on_another_server():
    redis = RedisStandIn()
    offered_on, tapped_on = Keyboards(), Keyboards()
    offered_on.share(redis)
    tapped_on.share(redis)
    offered_on.offer("1", [{"title": "More tactics", "payload": "/more_tactics"}])
    assert tapped_on.read("1", "More tactics ") == "/more_tactics"
    assert tapped_on.read("2", "More tactics") == "More tactics"
    offered_on.offer("1", [{"title": "Stop", "payload": "/stop"}])  # the newest keyboard only
    assert tapped_on.read("1", "More tactics") == "More tactics"


# --- Reading updates: a malformed one is dropped (answered 200), never a crash. ---

TOKEN = "123456:unit-SECRET-key"
PRIVATE = {"id": 7, "type": "private"}


def channel(api_url: str = "") -> TelegramChannel:
    return TelegramChannel(TOKEN, "", "secret-token", api_url)


def test_a_private_message_and_a_button_press_are_read():
    telegram = channel()
    message = {"update_id": 1, "message": {"text": "hi", "from": {"id": 7}, "chat": PRIVATE}}
    assert telegram.read_update(message) == (1, "telegram:7", "hi")
    assert telegram.read_update(message) is None  # delivered again: taken once
    press = {"id": "q", "from": {"id": 7}, "data": "/more_tactics", "message": {"chat": PRIVATE}}
    assert telegram.read_update({"update_id": 2, "callback_query": press}) == (
        2,
        "telegram:7",
        "/more_tactics",
    )


@pytest.mark.parametrize(
    "update",
    [
        None,
        [1, 2],
        "update",
        {"message": {"text": "hi", "from": {"id": 7}, "chat": PRIVATE}},  # no update id
        {"update_id": "1", "message": {"text": "hi", "from": {"id": 7}, "chat": PRIVATE}},
        {"update_id": 1, "callback_query": "press"},
        {"update_id": 1, "callback_query": {"data": "x", "message": {"chat": PRIVATE}}},
        {"update_id": 1, "callback_query": {"from": {"id": 7}, "data": "x", "message": [1]}},
        {"update_id": 1, "message": "hi"},
        {"update_id": 1, "message": {"text": "hi", "from": ["id"], "chat": PRIVATE}},
        {"update_id": 1, "message": {"text": "hi", "from": "7", "chat": PRIVATE}},
        {"update_id": 1, "message": {"text": "hi", "from": {"id": "7"}, "chat": PRIVATE}},
        {"update_id": 1, "message": {"text": "hi", "from": {"id": "\udc80"}, "chat": PRIVATE}},
        {"update_id": 1, "message": {"text": "hi", "from": {"id": True}, "chat": PRIVATE}},
        {"update_id": 1, "message": {"text": "hi", "from": {"id": 7}, "chat": [7]}},
        {"update_id": 1, "message": {"text": "hi", "from": {"id": 7}, "chat": {"id": [7]}}},
        {"update_id": 1, "message": {"text": ["hi"], "from": {"id": 7}, "chat": PRIVATE}},
        {"update_id": 1, "message": {"text": "hi", "from": {"id": 7}, "chat": {"id": -7}}},
        {"update_id": 1, "edited_message": {"text": "hi", "from": {"id": 7}, "chat": PRIVATE}},
    ],
)
def test_a_malformed_or_unwanted_update_is_not_read(update, caplog):
    assert channel().read_update(update) is None
    assert "hi" not in caplog.text and "press" not in caplog.text  # nothing of its content


def test_a_malformed_update_is_logged_without_its_content(caplog):
    text = "they say the cheque is in the post"
    assert channel().read_update({"update_id": 1, "message": {"text": text, "from": "x"}}) is None
    assert "malformed Telegram update" in caplog.text and text not in caplog.text


# --- The bot token never reaches the log. ---


@pytest.mark.parametrize(
    "url, usable",
    [
        ("http://127.0.0.1:8081", True),
        ("https://api.telegram.org", True),
        ("http://[::1]:8081/telegram", True),
        ("http://[::1", False),
        ("not a url", False),
        ("ftp://files.example", False),
        ("http://", False),
        ("http://host:port", False),
        ("http://host/{method}", False),
        ("http://host/\n", False),
    ],
)
def test_only_an_http_address_with_a_host_is_usable_as_the_api_url(url, usable):
    assert usable_api_url(url) is usable


def test_an_unusable_api_url_or_token_turns_the_channel_off_and_logs_neither(caplog):
    caplog.set_level(logging.INFO)
    assert not channel("http://[::1").enabled
    assert "TELEGRAM_API_URL is not an http(s) address" in caplog.text
    assert not TelegramChannel("not a token", "", "secret-token").enabled
    assert channel().enabled and channel("http://127.0.0.1:8081").enabled
    assert TOKEN not in caplog.text and "[::1" not in caplog.text


class FailingBot:
    """Stands in for aiogram's Bot: every call fails with the whole address in the error."""

    async def send_message(self, *args: object, **kwargs: object) -> None:
        raise ValueError(f"InvalidURL: http://[::1/bot{TOKEN}/sendMessage")

    async def send_photo(self, *args: object, **kwargs: object) -> None:
        raise ValueError(f"InvalidURL: http://[::1/bot{TOKEN}/sendPhoto")


def test_a_failed_send_is_logged_without_the_token_and_not_raised(caplog):
    replies = TelegramReplies(FailingBot(), Keyboards(), TOKEN)
    asyncio.run(replies.send_text_message("telegram:7", "Northwind owes €8,450.00"))
    asyncio.run(
        replies.send_text_with_buttons("telegram:7", "Pick", [{"title": "A", "payload": "/a"}])
    )
    asyncio.run(replies.send_image_url("telegram:7", "https://example.test/a.png"))
    assert caplog.text.count("failed: ValueError") == 3
    assert "SECRET" not in caplog.text and "Northwind" not in caplog.text
