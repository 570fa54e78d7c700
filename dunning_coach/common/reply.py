"""The building blocks of every answer: a reply with buttons, a button that skips NLU, and a
turn's result."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default=())

    def as_message(self) -> dict:
        """The message as a Rasa output channel takes it."""
        if self.buttons:
            return {"text": self.text, "buttons": [b.as_dict() for b in self.buttons]}
        return {"text": self.text}


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
