"""How the assistant's messages look in a terminal, and what a typed line means: buttons become
numbered options, one prompt takes a number or free text, and the verdict is coloured."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dunning_coach.excuses import layout

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
        text = _CONTROL.sub("", str(message.get("text") or ""))
        if text:
            lines.append(_coloured(text) if colour else text)
        for button in message.get("buttons") or []:
            options.append(Option(str(button.get("title", "")), str(button.get("payload", ""))))
            number = f"{len(options)})"
            title = _CONTROL.sub("", options[-1].title)
            lines.append(f"  {DIM}{number}{RESET} {title}" if colour else f"  {number} {title}")
    return Shown("\n".join(lines), tuple(options))


def _coloured(text: str) -> str:
    return "\n".join(
        _coloured_line(line, raw) for line, raw in zip(layout.lines(text), text.split("\n"))
    )


def _coloured_line(line: layout.Line, raw: str) -> str:
    if line.kind is layout.Kind.VERDICT:
        colour = TONE_COLOURS[line.tone or ""]
        return f"{line.before_label}{colour}{line.label}{RESET}{line.after_label}"
    if line.kind is layout.Kind.SAY:
        return f"{BOLD}{line.lead}{RESET} {line.text}"
    if line.kind is layout.Kind.HEADING:
        return f"{BOLD}{raw}{RESET}"
    return raw


def meant(typed: str, options: tuple[Option, ...]) -> str:
    """What to send for a typed line: an option's payload for its number, else the words."""
    text = typed.strip()
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1].payload
    return text
