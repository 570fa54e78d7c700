"""channels/slack.py: how replies are laid out in Slack blocks, how events and clicks are read
(a member's words, where, and whether that is their DM), and that replies go only to the DM."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from channels.slack import (
    BUTTONS_PER_BLOCK,
    SECTION_CHARS,
    Said,
    SlackReplies,
    button_blocks,
    read_click,
    read_event,
)


def test_long_text_is_cut_into_sections_slack_accepts_at_line_breaks():
    text = "\n".join(f"line {i:04d} " + "x" * 90 for i in range(100))  # about 10,000 characters
    blocks = button_blocks(text, [])
    sections = [b["text"]["text"] for b in blocks]
    assert all(len(s) <= SECTION_CHARS for s in sections) and len(sections) == 4
    assert "\n".join(sections) == text  # nothing lost, cut only at line breaks


def test_buttons_come_five_to_a_row_with_their_payloads():
    buttons = [{"title": f"B{i}", "payload": f"/p{i}"} for i in range(7)]
    rows = [b for b in button_blocks("Pick one", buttons) if b["type"] == "actions"]
    assert [len(r["elements"]) for r in rows] == [BUTTONS_PER_BLOCK, 2]
    assert rows[1]["elements"][1] == {
        "type": "button",
        "text": {"type": "plain_text", "text": "B6"},
        "value": "/p6",
    }


# --- Reading what Slack sends: only a member's words, and where they were said. ---


def event_body(**event: object) -> dict:
    base = {"type": "message", "channel_type": "im", "channel": "D0DM01", "user": "U0REP01"}
    return {
        "type": "event_callback",
        "event_id": "Ev0001",
        "authorizations": [{"user_id": "U0BOT"}],
        "event": {**base, "text": "what do they owe", **event},
    }


def test_a_direct_message_is_read_as_direct():
    assert read_event(event_body()) == Said(
        "U0REP01", "what do they owe", "D0DM01", direct=True, delivery="Ev0001"
    )


def test_a_mention_anywhere_is_read_without_the_mention_and_never_as_direct():
    said = read_event(event_body(type="app_mention", channel="C0PUB01", text="<@U0BOT> plan"))
    assert said is not None and (said.text, said.channel, said.direct) == ("plan", "C0PUB01", False)
    # Even a mention that claims a DM's channel type is answered as a mention: in the DM.
    claimed = read_event(event_body(type="app_mention", channel_type="im", channel="C0PUB01"))
    assert claimed is not None and not claimed.direct


@pytest.mark.parametrize("channel_type", ["channel", "group", "mpim", None])
def test_a_plain_message_outside_a_dm_is_not_for_the_bot(channel_type):
    assert read_event(event_body(channel_type=channel_type, channel="C0PUB02")) is None


@pytest.mark.parametrize(
    "event",
    [
        {"bot_id": "B0BOT"},  # our own reply
        {"subtype": "message_changed", "user": None, "text": None, "message": {"text": "x"}},
        {"user": "U\udc80"},
        {"user": {"id": "U0REP01"}},
        {"user": "u0rep01"},
        {"channel": ["D0DM01"]},
        {"channel": "D0\udc80"},
        {"text": ["what do they owe"]},
        {"text": "  "},
    ],
)
def test_a_malformed_or_foreign_event_is_not_read(event):
    assert read_event(event_body(**event)) is None


@pytest.mark.parametrize("body", [None, [], "event", {"event": [1]}, {"event": "x"}])
def test_a_body_that_is_no_event_is_not_read(body):
    assert read_event(body) is None


@pytest.mark.parametrize("grants", [5, "U0BOT", {"user_id": "U0BOT"}, [None, 3], None])
def test_odd_authorizations_only_leave_the_mention_in_the_text(grants):
    body = {**event_body(type="app_mention", text="<@U0BOT> plan"), "authorizations": grants}
    said = read_event(body)
    assert said is not None and said.text == "<@U0BOT> plan"


def test_an_unusable_delivery_id_is_read_as_none_not_used_as_a_key():
    said = read_event({**event_body(), "event_id": "Ev\udc80"})
    assert said is not None and said.delivery is None


def click(channel: object, **action: object) -> dict:
    return {
        "type": "block_actions",
        "user": {"id": "U0REP01"},
        "channel": {"id": channel},
        "actions": [{"type": "button", "value": "/show_account", "action_ts": "1.5", **action}],
    }


def test_a_click_is_direct_only_in_a_dm():
    assert read_click(click("D0DM01")) == Said(
        "U0REP01", "/show_account", "D0DM01", direct=True, delivery="U0REP01:1.5"
    )
    for elsewhere in ("C0PUB01", "G0MPIM01"):
        said = read_click(click(elsewhere))
        assert said is not None and not said.direct


@pytest.mark.parametrize(
    "payload",
    [
        click(["D0DM01"]),
        click("D0DM01", value=["x"]),
        click("D0DM01", type="static_select"),
        {**click("D0DM01"), "user": "U0REP01"},
        {**click("D0DM01"), "actions": "button"},
        {**click("D0DM01"), "actions": []},
        [],
        None,
    ],
)
def test_a_malformed_click_is_not_read(payload):
    assert read_click(payload) is None


# --- Replies go to the one DM they were made for, and failures never log the token. ---


class Client:
    """Stands in for slack_sdk's AsyncWebClient: records posts, or fails with the token."""

    token = "xoxb-unit-secret"

    def __init__(self, fail: bool = False) -> None:
        self.posts: list[dict] = []
        self.fail = fail

    async def chat_postMessage(self, **kwargs: object) -> SimpleNamespace:
        if self.fail:
            raise ConnectionError(f"could not reach http://proxy/?token={self.token}")
        self.posts.append(kwargs)
        return SimpleNamespace(data={"ok": True})


def replies_to(channel: str | None, client: Client) -> SlackReplies:
    replies = SlackReplies(client.token, channel, None)
    replies.client = client
    return replies


def test_a_reply_goes_only_to_its_dm_whatever_channel_it_is_asked_for():
    client = Client()
    replies = replies_to("D0DM01", client)
    asyncio.run(replies.send_text_message("C0PUBLIC", "Northwind owes €8,450.00"))
    asyncio.run(replies.send_custom_json("x", {"channel": "C0PUBLIC", "text": "hi"}))
    asyncio.run(replies.send_image_url("C0PUBLIC", "https://example.test/a.png"))
    assert [p["channel"] for p in client.posts] == ["D0DM01"] * 3


def test_a_reply_without_a_dm_is_not_sent_anywhere():
    client = Client()
    asyncio.run(replies_to(None, client).send_text_message("slack:U0REP01", "€8,450.00"))
    assert client.posts == []


def test_a_failed_post_is_logged_without_the_token_and_not_raised(caplog):
    client = Client(fail=True)
    asyncio.run(replies_to("D0DM01", client).send_text_message("D0DM01", "hello"))
    assert "chat.postMessage failed: ConnectionError" in caplog.text
    assert client.token not in caplog.text and "<bot token>" in caplog.text
