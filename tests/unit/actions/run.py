"""Run an action as the action server does: a rasa-sdk Tracker in, messages and events out."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(text, intent, entities=(), slots=None, sender="r1", channel="rest", ranking=None):
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": list(entities),
        "intent_ranking": ranking or [],
    }
    events = [{"event": "user", "text": text, "input_channel": channel, "parse_data": message}]
    return Tracker(sender, slots or {}, message, events, False, None, None, "action_listen")


def run(action: Action, tracker_: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, events


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots the action set, by name."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
