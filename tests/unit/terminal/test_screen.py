"""terminal/screen.py: numbered options, a number or free text, the verdict coloured."""

from __future__ import annotations

from dunning_coach.common.reply import TONES, Line, Reply
from dunning_coach.excuses.verdicts import Label
from terminal.screen import BOLD, RESET, TONE_COLOURS, meant, show

SHAPED = Reply.of(
    [
        Line.verdict("Cash is tight right now: ", "Likely excuse", "", "excuse"),
        Line.heading("Do:"),
        Line.step(1, "Ask for a part payment"),
        Line.say("Say:", "Can we"),
    ]
)
REPLY = [
    SHAPED.as_message(),
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
        verdict = Reply.of([Line.verdict("Cheque in the post: ", label.value, "", label.tone)])
        text = show([verdict.as_message()], colour=True).text
        assert f"{TONE_COLOURS[label.tone]}{label.value}{RESET}" in text
    assert show(REPLY, colour=False).text.splitlines()[:4] == SHAPED.text.splitlines()


def test_a_line_is_coloured_by_its_kind_not_by_how_it_reads():
    assert f"{BOLD}Do:{RESET}" in show(REPLY, colour=True).text
    plain = show([{"text": "Do:\nCheque in the post: Likely excuse"}], colour=True).text
    assert "\x1b" not in plain


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
    assert set(TONE_COLOURS) == set(TONES) == {label.tone for label in Label}
