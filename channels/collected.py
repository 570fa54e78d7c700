"""The messages a REST or web chat call answers with: one per reply, its typed lines kept.

Rasa's collecting channel splits a text at blank lines and keeps only the fields it knows, so a
reply's lines (dunning_coach/common/reply.py) would be lost on the way to the page and the
terminal."""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel

KEPT = ("text", "buttons", "lines", "image", "attachment", "custom")


def collected(recipient_id: str, message: dict[str, Any]) -> dict[str, Any]:
    """The message as a collecting channel stores it, with its lines."""
    kept = {key: message[key] for key in KEPT if message.get(key)}
    return {"recipient_id": recipient_id, **kept}


async def collect(channel: CollectingOutputChannel, recipient_id: str, message: dict) -> None:
    # _persist_message is the collector's own hook (Rasa's streaming channel overrides it too).
    await channel._persist_message(collected(recipient_id, message))
