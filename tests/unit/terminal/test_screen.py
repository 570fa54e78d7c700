"""terminal/screen.py: numbered options, a number or free text, the verdict coloured."""

from __future__ import annotations

from dunning_coach.excuses.layout import TONES
from dunning_coach.excuses.verdicts import Label
from terminal.screen import RESET, TONE_COLOURS, meant, show

REPLY = [
    {"text": "Cash is tight right now: Likely excuse\nDo:\n1. Ask for a part payment\nSay: Can we"},
    {
        "text": "Which one?",
        "buttons": [
            {"title": "More tactics", "payload": "/more_tactics"},
            {"title": "Open invoices", "payload": "/account_summary"},
        ],
    },
]


def test_buttons_are_numbered_and_a_number_picks_one():
    shown = show(REPLY, colour=False)
    assert shown.text.splitlines()[-2:] == ["  1) More tactics", "  2) Open invoices"]
    assert meant("2", shown.options) == "/account_summary"
    assert meant(" 1 ", shown.options) == "/more_tactics"


def test_anything_else_is_sent_as_typed():
    options = show(REPLY, colour=False).options
    assert meant("400", options) == "400"  # an amount, not an option
    assert meant("0", options) == "0"
    assert meant("the boss is away", options) == "the boss is away"
    assert meant("1", ()) == "1"


def test_the_verdict_is_coloured_and_only_in_colour_mode():
    for label in Label:
        text = show([{"text": f"Cheque in the post: {label.value}"}], colour=True).text
        assert f"{TONE_COLOURS[TONES[label]]}{label.value}{RESET}" in text
    assert "\x1b" not in show(REPLY, colour=False).text


def test_text_from_the_database_cannot_send_escape_sequences():
    hostile = [
        {"text": "Acme \x1b[2J Ltd\x07", "buttons": [{"title": "\x1b[31mX", "payload": "/x"}]}
    ]
    shown = show(hostile, colour=True)
    assert (
        "\x1b[2J" not in shown.text and "\x07" not in shown.text and "\x1b[31mX" not in shown.text
    )
    assert "Acme [2J Ltd" in shown.text


def test_colours_each_tone_differently():
    assert len(set(TONE_COLOURS.values())) == len(TONES) == 3
    assert set(TONE_COLOURS) == set(TONES.values())
