"""channels/slack.py: how replies are laid out in Slack blocks."""

from __future__ import annotations

from channels.slack import BUTTONS_PER_BLOCK, SECTION_CHARS, button_blocks


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
