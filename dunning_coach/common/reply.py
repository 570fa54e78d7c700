"""The building blocks of every answer: a reply made of typed lines, with buttons; a button that
skips NLU; and a turn's result.

A reply carries its shape to the channels: each line says what it is (the verdict with its badge,
a heading, a fact, a numbered step, the line to say, plain text), and each channel draws the kinds
its own way. The reply's text is its lines written out plainly, for Rasa's tracker and for any
client that draws nothing; no channel reads the shape back out of that text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any


class Kind(str, Enum):
    VERDICT = "verdict"  # "Cheque in the post: " + the badge "Likely excuse"
    HEADING = "heading"  # "Do:"
    BULLET = "bullet"  # a fact, such as the evidence: "INV-7 is 40 days overdue"
    STEP = "step"  # a numbered tactic
    SAY = "say"  # the line the rep reads out, after its lead ("Say:")
    TEXT = "text"


TONES = ("true", "excuse", "unsure")  # a verdict badge's colour: green, red, amber
BULLET_MARK = "• "  # how a fact reads as plain text


@dataclass(frozen=True)
class Line:
    """One line of a reply. For a verdict, `text` is what comes before the badge (`label`) and
    `after` what follows it, so a language may put the badge where its grammar wants it."""

    kind: Kind
    text: str = ""
    number: int = 0  # a step's
    lead: str = ""  # a said line's marker as written ("Say:", "Di:")
    label: str = ""  # a verdict's badge
    after: str = ""
    tone: str = ""  # a verdict's, one of TONES

    @classmethod
    def verdict(cls, before: str, label: str, after: str, tone: str) -> Line:
        return cls(Kind.VERDICT, before, label=label, after=after, tone=tone)

    @classmethod
    def heading(cls, text: str) -> Line:
        return cls(Kind.HEADING, text)

    @classmethod
    def bullet(cls, text: str) -> Line:
        return cls(Kind.BULLET, text)

    @classmethod
    def step(cls, number: int, text: str) -> Line:
        return cls(Kind.STEP, text, number=number)

    @classmethod
    def say(cls, lead: str, text: str) -> Line:
        return cls(Kind.SAY, text, lead=lead)

    @classmethod
    def plain(cls, text: str) -> Line:
        return cls(Kind.TEXT, text)

    def __post_init__(self) -> None:
        if self.kind is Kind.VERDICT and self.tone not in TONES:
            raise ValueError(f"a verdict's tone is one of {TONES}, not {self.tone!r}")
        if self.kind is Kind.STEP and self.number < 1:
            raise ValueError("a step is numbered from 1")

    @property
    def written(self) -> str:
        """The line as plain text."""
        if self.kind is Kind.VERDICT:
            return f"{self.text}{self.label}{self.after}"
        if self.kind is Kind.BULLET:
            return BULLET_MARK + self.text
        if self.kind is Kind.STEP:
            return f"{self.number}. {self.text}"
        if self.kind is Kind.SAY:
            return f"{self.lead} {self.text}"
        return self.text

    def as_dict(self) -> dict[str, Any]:
        """The line as it travels in a message; only the fields its kind has."""
        found: dict[str, Any] = {"kind": self.kind.value, "text": self.text}
        if self.kind is Kind.VERDICT:
            found.update(label=self.label, after=self.after, tone=self.tone)
        elif self.kind is Kind.STEP:
            found["number"] = self.number
        elif self.kind is Kind.SAY:
            found["lead"] = self.lead
        return found

    @classmethod
    def from_dict(cls, raw: Any) -> Line:
        """A line from a message; ValueError when it is not one `as_dict` could have written."""
        if not isinstance(raw, dict):
            raise ValueError("a line is an object")
        try:
            kind = Kind(raw.get("kind"))
        except ValueError:
            raise ValueError(f"no kind of line is called {raw.get('kind')!r}") from None
        strings = {k: raw.get(k, "") for k in ("text", "lead", "label", "after", "tone")}
        if not all(isinstance(v, str) for v in strings.values()):
            raise ValueError("a line's parts are text")
        number = raw.get("number", 0)
        if not isinstance(number, int) or isinstance(number, bool):
            raise ValueError("a step's number is a whole number")
        return cls(kind, number=number, **strings)


def written(lines: Iterable[Line]) -> str:
    return "\n".join(line.written for line in lines)


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    """`text` is the reply written out; `lines` its shape, empty for a reply of plain lines.
    Build a shaped reply with `Reply.of`, so the text is always its lines written out."""

    text: str
    buttons: tuple[Button, ...] = field(default=())
    lines: tuple[Line, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.lines and written(self.lines) != self.text:
            raise ValueError("a shaped reply's text is its lines written out")

    @classmethod
    def of(cls, lines: Iterable[Line], buttons: tuple[Button, ...] = ()) -> Reply:
        shaped = tuple(lines)
        return cls(written(shaped), buttons, shaped)

    def shape(self) -> tuple[Line, ...]:
        """The typed lines; a plain reply's lines are all text."""
        return self.lines or plain_lines(self.text)

    def with_buttons(self, buttons: tuple[Button, ...]) -> Reply:
        return replace(self, buttons=buttons)

    def as_message(self) -> dict[str, Any]:
        """The message as a Rasa action sends it; a shaped reply's lines ride along in it."""
        message: dict[str, Any] = {"text": self.text}
        if self.buttons:
            message["buttons"] = [b.as_dict() for b in self.buttons]
        if self.lines:
            message["lines"] = [line.as_dict() for line in self.lines]
        return message


def plain_lines(text: str) -> tuple[Line, ...]:
    return tuple(Line.plain(t) for t in text.split("\n"))


def message_lines(message: Mapping[str, Any]) -> tuple[Line, ...]:
    """The typed lines of a message a channel is given (or of a stored bot message's data): its
    own lines when it carries lines that write out as its text, otherwise its text as plain lines
    (a response from domain.yml, a message stored before replies had lines)."""
    text = message.get("text")
    text = text if isinstance(text, str) else ""
    raw = message.get("lines")
    if isinstance(raw, list) and raw:
        try:
            lines = tuple(Line.from_dict(r) for r in raw)
        except ValueError:
            lines = ()
        if lines and written(lines) == text:
            return lines
    return plain_lines(text)


def intent_payload(intent: str, entities: Mapping[str, str] | None = None) -> str:
    """A button payload that Rasa reads as the intent (and entities) directly, skipping NLU.
    Name both through `rasa_names`."""
    return f"/{intent}{json.dumps(dict(entities))}" if entities else f"/{intent}"


def clip(line: str, width: int) -> str:
    """The line, cut to `width` with an ellipsis."""
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class TurnResult:
    """A reply, and the customer to keep selected after this turn."""

    reply: Reply
    customer_id: str | None = None
