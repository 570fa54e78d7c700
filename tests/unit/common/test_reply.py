"""dunning_coach/common/reply.py: a reply's typed lines, written out and carried in a message."""

from __future__ import annotations

import pytest

from dunning_coach.common.reply import Button, Kind, Line, Reply, message_lines, plain_lines

SHAPED = (
    Line.verdict("Cash is tight right now: ", "Likely excuse", "", "excuse"),
    Line.plain("Doubtful debt"),
    Line.bullet("INV-7 is 40 days overdue"),
    Line.heading("Do:"),
    Line.step(12, "Ask for a part payment"),
    Line.say("Say:", "Can we settle today?"),
)


def test_a_shaped_reply_writes_its_lines_out_as_its_text():
    reply = Reply.of(SHAPED, (Button("More tactics", "/more"),))
    assert reply.text.splitlines() == [
        "Cash is tight right now: Likely excuse",
        "Doubtful debt",
        "• INV-7 is 40 days overdue",
        "Do:",
        "12. Ask for a part payment",
        "Say: Can we settle today?",
    ]
    assert reply.shape() == SHAPED


def test_a_reply_cannot_say_one_thing_and_carry_lines_that_say_another():
    with pytest.raises(ValueError):
        Reply("Something else", (), SHAPED)


def test_a_plain_reply_is_all_text_lines_and_its_message_carries_none():
    reply = Reply("Northwind: a note: call Jo before 10:\n1. not a step")
    assert [line.kind for line in reply.shape()] == [Kind.TEXT, Kind.TEXT]
    assert "lines" not in reply.as_message()


def test_the_lines_travel_in_the_message_and_come_back_the_same():
    reply = Reply.of(SHAPED, (Button("More tactics", "/more"),))
    message = reply.as_message()
    assert message["buttons"] == [{"title": "More tactics", "payload": "/more"}]
    assert message_lines(message) == SHAPED
    assert message["lines"][0] == {
        "kind": "verdict",
        "text": "Cash is tight right now: ",
        "label": "Likely excuse",
        "after": "",
        "tone": "excuse",
    }


@pytest.mark.parametrize(
    "lines",
    [
        [{"kind": "shout", "text": "x"}],
        [{"kind": "verdict", "text": "x", "label": "y", "tone": "<script>"}],
        [{"kind": "step", "text": "x", "number": "1"}],
        [{"kind": "text", "text": ["x"]}],
        ["text"],
        [{"kind": "text", "text": "not what the message says"}],
    ],
)
def test_lines_that_are_malformed_or_do_not_match_the_text_are_read_as_plain_text(lines):
    message = {"text": "what the message says", "lines": lines}
    assert message_lines(message) == plain_lines("what the message says")


def test_new_buttons_keep_the_shape():
    buttons = (Button("Stop", "/stop"),)
    reply = Reply.of(SHAPED).with_buttons(buttons)
    assert (reply.lines, reply.buttons) == (SHAPED, buttons)
