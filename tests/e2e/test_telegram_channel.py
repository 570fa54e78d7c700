"""Telegram end to end: updates with and without the webhook's secret token into the real Rasa
server, replies caught by the mock Bot API."""

from __future__ import annotations

import itertools
import json
import re
import time

import pytest

from channels.telegram import SECRET_HEADER
from tests.e2e.conftest import SLACK_BOT_TOKEN, TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_URL
from tests.e2e.platforms import (
    DANA,
    SAM,
    dm_event,
    exchange,
    post,
    post_event,
    sent_to,
    signed,
    to,
    update,
)
from tests.harness import CHANNEL_SETTINGS, Servers


def test_the_webhook_is_registered_with_its_secret_token_at_start(servers, mock_apis):
    # Once per start of the Rasa server (another test restarts it).
    calls = mock_apis.wait_for(lambda c: c.api == "telegram" and c.method == "setWebhook")
    assert {(c.token, c.body["url"], c.body["secret_token"]) for c in calls} == {
        (TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_URL, servers.env["TELEGRAM_SECRET_TOKEN"])
    }


def test_a_rep_gets_the_verdict_with_a_reply_keyboard_and_a_tapped_button_works(servers, mock_apis):
    replies = exchange(servers, mock_apis, SAM, "I'm at Riverside")
    assert "Riverside Pharmacy" in replies[0]["text"]
    verdict = exchange(servers, mock_apis, SAM, "they say cash is tight")[-1]
    assert verdict["parse_mode"] == "HTML"
    assert re.match(
        r"Cash is tight right now: \S+ <b>(Likely excuse|Likely true|Can't tell yet)</b>",
        verdict["text"],
    )
    assert "\n<b>Do:</b>\n1. " in verdict["text"] and "\n<b>Say:</b> <i>" in verdict["text"]
    keyboard = json.loads(verdict["reply_markup"])
    # Undo when this turn wrote the log line (not when a test before logged this excuse today).
    titles = [row[0]["text"] for row in keyboard["keyboard"]]
    assert titles[:2] == ["More tactics", "Open invoices"] and titles[2:] in ([], ["Undo"])
    assert keyboard["one_time_keyboard"] is True
    shown = exchange(servers, mock_apis, SAM, "Open invoices")[0]["text"]
    assert shown.startswith("Riverside Pharmacy (C11)")


@pytest.mark.parametrize("secret", [None, "wrong-secret", ""])
def test_updates_without_the_secret_token_get_401_and_no_reply(servers, mock_apis, secret):
    before = len(mock_apis.taken(sent_to(DANA)))
    assert post(servers, update(DANA, "I'm at Northwind"), secret) == 401
    time.sleep(1.0)
    assert len(mock_apis.taken(sent_to(DANA))) == before


def test_a_redelivered_update_is_answered_once(servers, mock_apis):
    secret = servers.env["TELEGRAM_SECRET_TOKEN"]
    before = len(mock_apis.taken(sent_to(DANA)))
    again = update(DANA, "hello")
    assert post(servers, again, secret) == 200 and post(servers, again, secret) == 200
    assert len(mock_apis.wait_for(sent_to(DANA), count=before + 1, settle=2.0)) == before + 1


def test_unknown_users_get_one_registration_message_and_group_chats_are_ignored(servers, mock_apis):
    (reply,) = exchange(servers, mock_apis, 999999, "I'm at Northwind", settle=1.5)
    assert "not registered" in reply["text"] and "Telegram user id (999999)" in reply["text"]
    assert "€" not in reply["text"]
    group = update(DANA, "I'm at Northwind", chat_type="group")
    assert post(servers, group, servers.env["TELEGRAM_SECRET_TOKEN"]) == 200
    time.sleep(1.0)
    assert mock_apis.taken(sent_to(group["message"]["chat"]["id"])) == []


def test_the_chinese_demo_rep_gets_the_verdict_in_chinese_with_telegram_markup(servers, mock_apis):
    wang = 100006  # demo_data/reps.csv: 王芳, zh-Hans
    chosen = exchange(servers, mock_apis, wang, "我现在在鸿运五金")[0]["text"]
    assert chosen.startswith("现在在鸿运五金商行。逾期")
    verdict = exchange(servers, mock_apis, wang, "他说电脑坏了,支票打不出来")[-1]
    assert verdict["text"].startswith("系统坏了,开不出支票: ")
    assert re.search(r": \S+ <b>(多半属实|多半是借口|尚难判断)</b>", verdict["text"])
    assert "\n<b>怎么做:</b>\n1. " in verdict["text"] and "\n<b>这样说:</b> <i>" in verdict["text"]
    keyboard = json.loads(verdict["reply_markup"])
    titles = [row[0]["text"] for row in keyboard["keyboard"]]
    assert titles[:2] == ["更多对策", "未付发票"] and titles[2:] in ([], ["撤销"])


# --- Malformed updates: 200 (Telegram resends anything else for a day), ignored, logged bare. ---

MARK = "MALFORMED-7Q"  # in every malformed update's text: it must reach neither a turn nor the log
PRIVATE = {"id": DANA, "type": "private"}
MALFORMED = {
    "button without from": {
        "callback_query": {"id": "1", "data": MARK, "message": {"chat": PRIVATE}}
    },
    "button not an object": {"callback_query": MARK},
    "button's message a list": {
        "callback_query": {"id": "1", "from": {"id": DANA}, "data": MARK, "message": [MARK]}
    },
    "from a list": {"message": {"text": MARK, "from": ["id", MARK], "chat": PRIVATE}},
    "from a string": {"message": {"text": MARK, "from": MARK, "chat": PRIVATE}},
    "message a string": {"message": MARK},
    "chat a list": {"message": {"text": MARK, "from": {"id": DANA}, "chat": [DANA, MARK]}},
    "ids of the wrong type": {
        "message": {"text": MARK, "from": {"id": {"id": DANA}}, "chat": {**PRIVATE, "id": [DANA]}}
    },
    "id a string": {"message": {"text": MARK, "from": {"id": str(DANA)}, "chat": PRIVATE}},
    "id a lone surrogate": {"message": {"text": MARK, "from": {"id": "\udc80"}, "chat": PRIVATE}},
    "text not a string": {"message": {"text": [MARK], "from": {"id": DANA}, "chat": PRIVATE}},
    "update id a list": {"update_id": [1], "message": {"text": MARK, "from": {"id": DANA}}},
    "a list": b"[1, 2]",
    "not JSON": b"{not json",
    "a string": b'"update"',
    "message a lone surrogate": rb'{"update_id": 1, "message": "\udc80"}',
}


@pytest.mark.parametrize("shape", MALFORMED)
def test_a_malformed_update_gets_200_and_is_ignored_without_its_content_in_the_log(
    servers, mock_apis, shape
):
    log = servers.tmp / "rasa.log"
    logged_before = log.stat().st_size
    before = len(mock_apis.taken(lambda c: c.api == "telegram"))
    malformed = MALFORMED[shape]
    if isinstance(malformed, dict):
        malformed = json.dumps({"update_id": next(update_ids), **malformed}).encode()
    status, _ = servers.post(
        "/webhooks/telegram/webhook", malformed, {SECRET_HEADER: secret(servers)}
    )
    assert status == 200
    time.sleep(1.0)
    assert len(mock_apis.taken(lambda c: c.api == "telegram")) == before  # nothing answered
    with log.open("rb") as file:
        file.seek(logged_before)
        logged = file.read().decode(errors="replace")
    assert MARK not in logged and "Traceback" not in logged
    assert exchange(servers, mock_apis, SAM, "hello")  # and the server goes on answering


def test_a_lone_surrogate_in_the_text_is_dropped_and_the_rep_answered(servers, mock_apis):
    body = update(SAM, "I'm at Riverside\udc80")
    assert post(servers, body, secret(servers)) == 200
    replies = mock_apis.wait_for(
        lambda c: sent_to(SAM)(c) and "Riverside Pharmacy" in c.body["text"]
    )
    assert "\udc80" not in replies[-1].body["text"]


# --- The bot token never reaches the log. ---


def test_a_malformed_api_url_turns_telegram_off_without_logging_the_token(
    servers, mock_apis, tmp_path
):
    """Another Rasa server on the same action server, its Telegram pointed at an address aiohttp
    refuses with the whole address (token included) in the error; Slack must go on working."""
    shared = ("ACTION_ENDPOINT_URL", "ACTION_SERVER_TOKEN", "DUNNING_DB", "DUNNING_TODAY")
    env = {name: servers.env[name] for name in (*CHANNEL_SETTINGS, *shared)}
    broken = Servers(tmp_path, {**env, "TELEGRAM_API_URL": "http://[::1"})
    broken.start("rasa")
    try:
        assert post(broken, update(DANA, "hello"), secret(servers)) == 403  # Telegram: off
        body = dm_event("U0DEMO001", "D0BROKEN1", "I'm at Northwind")
        assert post_event(broken, body, signed(servers.env["SLACK_SIGNING_SECRET"], body)) == 200
        (reply,) = mock_apis.wait_for(to("D0BROKEN1"), settle=1.0)
        assert "With Northwind Retail Group now" in reply.body["text"]
    finally:
        broken.stop("rasa")
    logged = (tmp_path / "rasa.log").read_text(errors="replace")
    assert "Telegram is off: TELEGRAM_API_URL" in logged
    for token in (TELEGRAM_BOT_TOKEN, TELEGRAM_BOT_TOKEN.split(":")[1], SLACK_BOT_TOKEN):
        assert token not in logged


def secret(servers) -> str:
    return servers.env["TELEGRAM_SECRET_TOKEN"]


update_ids = itertools.count(int(time.time()) + 10_000_000)
