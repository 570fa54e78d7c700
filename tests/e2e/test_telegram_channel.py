"""Telegram end to end: updates with and without the webhook's secret token into the real Rasa
server, replies caught by the mock Bot API."""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.e2e.conftest import TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_URL
from tests.e2e.platforms import DANA, SAM, exchange, post, sent_to, update


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
    assert [row[0]["text"] for row in keyboard["keyboard"]] == ["More tactics", "Open invoices"]
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
    assert [row[0]["text"] for row in keyboard["keyboard"]] == ["更多对策", "未付发票"]
