"""Whose conversation is it: channel identities as Rasa conversation ids and back.

Slack and Telegram ids are kept apart from web ids by a prefix ("slack:U0123", "telegram:4567"),
so that a web id that happens to equal someone's Telegram id can never open their conversation.
The web chat, REST and the terminal share the plain web id (the reps table's rest_id): they are
the same rep on the same trusted footing, and one conversation across them is what a rep expects.
"""

from __future__ import annotations

PREFIXED = {"slack": "slack_id", "telegram": "telegram_id"}
WEB_COLUMN = "rest_id"


def conversation_id(channel: str, user_id: str) -> str:
    return f"{channel}:{user_id}" if channel in PREFIXED else user_id


def column(channel: str | None) -> str:
    """The reps table column holding this channel's ids."""
    return PREFIXED.get(channel or "", WEB_COLUMN)


def user_id(channel: str | None, sender_id: str) -> str | None:
    """The channel's own id of the sender, or None when the conversation id does not belong to
    that channel (a Slack channel's conversation without the "slack:" prefix, say)."""
    if channel in PREFIXED:
        prefix = f"{channel}:"
        return sender_id[len(prefix) :] if sender_id.startswith(prefix) else None
    return sender_id
