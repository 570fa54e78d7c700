"""How the assistant's messages look in a terminal, and what a typed line means: buttons become
numbered options, one prompt takes a number or free text, and the verdict is coloured."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dunning_coach.common.reply import Kind, Line, message_lines

# ANSI colours; none when the output is not a terminal or NO_COLOR is set.
RESET, BOLD, DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
TONE_COLOURS = {"true": "\x1b[1;32m", "excuse": "\x1b[1;31m", "unsure": "\x1b[1;33m"}
# Text from the database passes through as text: no escape sequence of its own gets to the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Option:
    title: str
    payload: str


@dataclass(frozen=True)
class Shown:
    """What a reply puts on screen, and the options a number picks from."""

    text: str
    options: tuple[Option, ...]


def show(messages: list[dict], colour: bool) -> Shown:
    """The bot's messages as lines, with every button numbered from 1 across the reply."""
    lines: list[str] = []
    options: list[Option] = []
    for message in messages:
        text = "\n".join(_drawn(line, colour) for line in message_lines(message))
        if text:
            lines.append(text)
        for button in message.get("buttons") or []:
            options.append(Option(str(button.get("title", "")), str(button.get("payload", ""))))
            number = f"{len(options)})"
            title = _CONTROL.sub("", options[-1].title)
            lines.append(f"  {DIM}{number}{RESET} {title}" if colour else f"  {number} {title}")
    return Shown("\n".join(lines), tuple(options))


def _drawn(line: Line, colour: bool) -> str:
    if not colour:
        return _clean(line.written)
    if line.kind is Kind.VERDICT:
        badge = f"{TONE_COLOURS[line.tone]}{_clean(line.label)}{RESET}"
        return f"{_clean(line.text)}{badge}{_clean(line.after)}"
    if line.kind is Kind.SAY:
        return f"{BOLD}{_clean(line.lead)}{RESET} {_clean(line.text)}"
    if line.kind is Kind.HEADING:
        return f"{BOLD}{_clean(line.text)}{RESET}"
    return _clean(line.written)


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def meant(typed: str, options: tuple[Option, ...]) -> str:
    """What to send for a typed line: an option's payload for its number, else the words."""
    text = typed.strip()
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1].payload
    return text
