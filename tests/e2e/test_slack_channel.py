"""Slack end to end: signed events into the real Rasa server, replies caught by the mock Slack
Web API."""

from __future__ import annotations

import json
import re
import time
import urllib.parse

import pytest

from tests.e2e.conftest import SLACK_BOT_TOKEN
from tests.e2e.platforms import dm_event, post_event, signed, to


def test_a_signed_direct_message_is_answered_once_in_the_same_channel(servers, mock_apis):
    secret = servers.env["SLACK_SIGNING_SECRET"]
    body = dm_event("U0DEMO001", "D0DANA01", "I'm at Northwind")
    assert post_event(servers, body, signed(secret, body)) == 200
    (reply,) = mock_apis.wait_for(to("D0DANA01"), settle=1.0)
    assert reply.method == "chat.postMessage" and reply.token == f"Bearer {SLACK_BOT_TOKEN}"
    assert "With Northwind Retail Group now" in reply.body["text"]


def test_slack_retries_of_a_delivery_are_never_answered_twice(servers, mock_apis):
    secret = servers.env["SLACK_SIGNING_SECRET"]
    body = dm_event("U0DEMO001", "D0DANA02", "hello", event_id="EvRETRY0001")
    assert post_event(servers, body, signed(secret, body)) == 200
    for attempt in ("1", "2"):
        retry = {
            **signed(secret, body),
            "X-Slack-Retry-Num": attempt,
            "X-Slack-Retry-Reason": "http_timeout",
        }
        assert post_event(servers, body, retry) == 200
    assert len(mock_apis.wait_for(to("D0DANA02"), settle=2.0)) == 1


def test_excuse_reply_carries_slack_buttons_and_a_click_is_understood(servers, mock_apis):
    secret = servers.env["SLACK_SIGNING_SECRET"]
    for text in ("I'm at Bolt and Nut", "they say cash is tight this month"):
        body = dm_event("U0DEMO001", "D0DANA03", text)
        assert post_event(servers, body, signed(secret, body)) == 200
        mock_apis.wait_for(to("D0DANA03"), count=1 if text.startswith("I'm") else 2)
    verdict = mock_apis.taken(to("D0DANA03"))[-1].body
    assert verdict["text"].startswith("Cash is tight right now: Likely excuse")
    blocks = (
        json.loads(verdict["blocks"]) if isinstance(verdict["blocks"], str) else verdict["blocks"]
    )
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == ["More tactics", "Open invoices"]
    shown = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert shown.startswith("Cash is tight right now: 🔴 *Likely excuse*")
    assert "\n*Do:*\n1. " in shown and "\n>*Say:* " in shown

    open_invoices = next(b for b in buttons if b["text"]["text"] == "Open invoices")
    payload = {
        "type": "block_actions",
        "user": {"id": "U0DEMO001"},
        "channel": {"id": "D0DANA03"},
        "message": {"ts": "1.0"},
        "actions": [
            {"type": "button", "value": open_invoices["value"], "action_ts": f"{time.time():.6f}"}
        ],
    }
    form = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    status, _ = servers.post(
        "/webhooks/slack/webhook",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", **signed(secret, form)},
    )
    assert status == 200
    shown = mock_apis.wait_for(to("D0DANA03"), count=3)[-1].body["text"]
    # Slack's mrkdwn: & is written &amp;
    assert shown.startswith("Bolt &amp; Nut Hardware (C02)")
    assert "Recent excuses: Cash is tight right now" in shown


@pytest.mark.parametrize(
    "forge", ["wrong secret", "no signature", "stale timestamp", "body changed"]
)
def test_forged_or_unsigned_events_get_401_and_no_reply(servers, mock_apis, forge):
    secret = servers.env["SLACK_SIGNING_SECRET"]
    channel = f"D0FORGE{abs(hash(forge)) % 1000:03d}"
    body = dm_event("U0DEMO001", channel, "I'm at Northwind")
    headers = {
        "wrong secret": signed("not-the-secret", body),
        "no signature": {},
        "stale timestamp": signed(secret, body, int(time.time()) - 600),
        "body changed": signed(secret, body.replace(b"Northwind", b"Greenleaf")),
    }[forge]
    assert post_event(servers, body, headers) == 401
    time.sleep(1.0)
    assert mock_apis.taken(to(channel)) == []


def test_an_unknown_slack_member_gets_one_registration_message_and_no_data(servers, mock_apis):
    secret = servers.env["SLACK_SIGNING_SECRET"]
    body = dm_event("U0STRANGER", "D0STRANGE", "I'm at Northwind, what do they owe?")
    assert post_event(servers, body, signed(secret, body)) == 200
    (reply,) = mock_apis.wait_for(to("D0STRANGE"), settle=1.5)
    assert (
        "not registered" in reply.body["text"]
        and "Slack member id (U0STRANGER)" in reply.body["text"]
    )
    assert "Northwind" not in reply.body["text"] and "€" not in reply.body["text"]


def test_the_korean_demo_rep_gets_the_verdict_in_korean_with_slack_markup(servers, mock_apis):
    secret = servers.env["SLACK_SIGNING_SECRET"]
    for n, text in enumerate(("지금 하나상사에 와 있어요", "수표는 벌써 보냈다고 하네요"), 1):
        body = dm_event("U0KIMMJ08", "D0KIM08", text)  # demo_data/reps.csv: 김민준, ko
        assert post_event(servers, body, signed(secret, body)) == 200
        mock_apis.wait_for(to("D0KIM08"), count=n)
    verdict = mock_apis.taken(to("D0KIM08"))[-1].body
    assert verdict["text"].startswith("수표는 이미 보냈다: ")
    blocks = (
        json.loads(verdict["blocks"]) if isinstance(verdict["blocks"], str) else verdict["blocks"]
    )
    shown = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert re.search(
        r"^수표는 이미 보냈다: \S+ \*(사실일 가능성 높음|핑계일 가능성 높음|아직 판단 불가)\*",
        shown,
    )
    assert "\n*이렇게 하세요:*\n1. " in shown and "\n>*이렇게 말하세요:* " in shown
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == ["대응 더 보기", "미결제 계산서"]
