"""channels/collected.py: a REST or web chat call answers one message per reply, lines kept."""

from __future__ import annotations

import asyncio

from rasa.core.channels.channel import CollectingOutputChannel

from channels.collected import collect
from dunning_coach.common.reply import Button, Line, Reply, message_lines

REPLY = Reply.of(
    [Line.heading("Do:"), Line.plain(""), Line.plain(""), Line.say("Say:", "Today?")],
    (Button("Stop", "/stop"),),
)


def test_a_reply_with_blank_lines_stays_one_message_with_its_lines_and_buttons():
    channel = CollectingOutputChannel()
    message = {**REPLY.as_message(), "timestamp": 1.0, "utter_action": None}
    asyncio.run(collect(channel, "dana", message))
    (kept,) = channel.messages
    assert kept["recipient_id"] == "dana" and kept["buttons"] == [REPLY.buttons[0].as_dict()]
    assert "timestamp" not in kept
    assert message_lines(kept) == REPLY.lines


def test_the_stock_collector_would_have_split_it_and_lost_the_lines():
    # Why collected.py exists: if Rasa's collector ever keeps lines, it can go.
    channel = CollectingOutputChannel()
    asyncio.run(channel.send_response("dana", {"text": "a\n\nb", "lines": ["x"]}))
    assert [m["text"] for m in channel.messages] == ["a", "b"]
    assert all("lines" not in m for m in channel.messages)
