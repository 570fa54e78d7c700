"""The shape of a reply's text, for channels that can show more than plain lines: the verdict on
the first line, headings ("Do:"), evidence bullets, numbered tactics and the line to say.

Replies stay plain text, readable anywhere; each channel draws this shape its own way (a coloured
badge in the web chat, mrkdwn in Slack, HTML in Telegram, colours in the terminal). Only the
markers our replies write are read; what came from the database stays inside a line's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from dunning_coach.excuses.verdicts import Label
from dunning_coach.language import messages
from dunning_coach.language.languages import Language


class Kind(str, Enum):
    VERDICT = "verdict"  # "Cheque in the post: Likely excuse"
    HEADING = "heading"  # "Do:", "All tactics:", "Evidence (Likely excuse):"
    BULLET = "bullet"  # "• INV-7 is 40 days overdue"
    STEP = "step"  # "1. Ask for the cheque number"
    SAY = "say"  # "Say: …"
    TEXT = "text"


# The tone a channel gives each verdict (green, red, amber), by label.
TONES = {Label.LIKELY_TRUE: "true", Label.LIKELY_EXCUSE: "excuse", Label.CANT_TELL: "unsure"}


@dataclass(frozen=True)
class Line:
    kind: Kind
    text: str  # without its marker; for a verdict, the whole line
    number: int | None = None  # a step's number
    label: str | None = None  # a verdict's label, found at `label_at` in `text`
    label_at: int = 0
    tone: str | None = None
    lead: str | None = None  # a said line's marker as written ("Say:", "Di:")

    @property
    def before_label(self) -> str:
        return self.text[: self.label_at]

    @property
    def after_label(self) -> str:
        return self.text[self.label_at + len(self.label or "") :]


BULLET = "• "


def say_marker(language: Language = Language.EN) -> str:
    """What starts the line a rep reads out ("Say: ", "Di: "); the replies write it with this."""
    return messages.text("excuse.say", language) + ": "


SAYS = tuple(say_marker(language) for language in Language)
# A verdict's label, in any language, back to its Label.
_LABELS = {label.text(language): label for label in Label for language in Language}
_VERDICT = re.compile(
    ": (" + "|".join(re.escape(t) for t in sorted(_LABELS, key=len, reverse=True)) + ")"
)
_STEP = re.compile(r"(\d{1,2})\. (.*)")
HEADING_CHARS = 40  # a short line ending with its only colon heads what follows


def lines(text: str) -> list[Line]:
    found = []
    for n, line in enumerate(text.split("\n")):
        verdict = _VERDICT.search(line) if n == 0 else None
        step = _STEP.fullmatch(line)
        said = next((m for m in SAYS if line.startswith(m)), None)
        if verdict:
            label = _LABELS[verdict[1]]
            found.append(
                Line(
                    Kind.VERDICT,
                    line,
                    label=verdict[1],
                    label_at=verdict.start(1),
                    tone=TONES[label],
                )
            )
        elif line.startswith(BULLET):
            found.append(Line(Kind.BULLET, line[len(BULLET) :]))
        elif step:
            found.append(Line(Kind.STEP, step[2], number=int(step[1])))
        elif said:
            found.append(Line(Kind.SAY, line[len(said) :], lead=said.rstrip()))
        elif line.endswith(":") and ": " not in line and len(line) <= HEADING_CHARS:
            found.append(Line(Kind.HEADING, line[:-1]))
        else:
            found.append(Line(Kind.TEXT, line))
    return found
