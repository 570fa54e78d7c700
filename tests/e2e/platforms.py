"""What Slack and Telegram send us and what the mock APIs receive from us, as the end-to-end tests
of both channels and of scale-out build and match them, and how they post to our servers."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
import uuid

from channels.telegram import SECRET_HEADER


def signed(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def dm_event(user: str, channel: str, text: str, event_id: str | None = None) -> bytes:
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": "T0TEAM",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}",
            "authorizations": [{"user_id": "U0BOT"}],
            "event": {
                "type": "message",
                "channel_type": "im",
                "channel": channel,
                "user": user,
                "text": text,
                "ts": f"{time.time():.6f}",
            },
        }
    ).encode()


def to(channel: str):
    return lambda call: call.api == "slack" and call.body.get("channel") == channel


DANA, SAM = 100001, 100002  # demo_data/reps.csv telegram ids
_update_ids = itertools.count(int(time.time()))


def update(user: int, text: str, chat_type: str = "private", update_id: int | None = None) -> dict:
    return {
        "update_id": update_id or next(_update_ids),
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": text,
            "from": {"id": user, "is_bot": False, "first_name": "Rep"},
            "chat": {"id": user if chat_type == "private" else -4000 - user, "type": chat_type},
        },
    }


def sent_to(chat: int):
    return lambda c: (
        c.api == "telegram"
        and c.method == "sendMessage"
        and str(c.body.get("chat_id")) == str(chat)
    )


def post_event(servers, body: bytes, headers: dict[str, str]) -> int:
    """A Slack event to the Rasa server; its status."""
    status, _ = servers.post(
        "/webhooks/slack/webhook", body, {"Content-Type": "application/json", **headers}
    )
    return status


def click(servers, user: str, channel: dict[str, str], value: str) -> int:
    """A Slack button click (block_actions, form-encoded as Slack sends it) with the signing
    secret of the servers; its status."""
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": channel,
        "message": {"ts": "1.0"},
        "actions": [{"type": "button", "value": value, "action_ts": f"{time.time():.6f}"}],
    }
    form = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    headers = signed(servers.env["SLACK_SIGNING_SECRET"], form)
    status, _ = servers.post(
        "/webhooks/slack/webhook",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", **headers},
    )
    return status


def post(servers, body: dict, secret: str | None) -> int:
    """A Telegram update to the Rasa server, with the webhook's secret token or none."""
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    status, _ = servers.post("/webhooks/telegram/webhook", body, headers)
    return status


def exchange(servers, mock_apis, user: int, text: str, settle: float = 0.8) -> list[dict]:
    """Send one private Telegram message; the messages the bot sends back to that chat."""
    before = len(mock_apis.taken(sent_to(user)))
    assert post(servers, update(user, text), servers.env["TELEGRAM_SECRET_TOKEN"]) == 200
    return [
        c.body for c in mock_apis.wait_for(sent_to(user), count=before + 1, settle=settle)[before:]
    ]
