"""Sessions as Rasa logs them, for the store's tests: excuse-like turns after a session start."""

from __future__ import annotations

from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from tests.unit.components.policies import domain

INTENTS = ["excuse_cheque_in_post", "ask_account_summary", "ask_more_tactics"]
BEGAN = 1_800_000_000.0  # a timestamp of 0 would mean "now" to Rasa


def turn(n: int) -> list[Event]:
    """One excuse-like turn, as Rasa logs it."""
    intent = INTENTS[n % len(INTENTS)]
    at = BEGAN + n
    return [
        UserUttered(f"message {n}", {"name": intent, "confidence": 1.0}, timestamp=at),
        ActionExecuted("action_respond_excuse", timestamp=at + 0.1),
        BotUttered(f"answer {n}", timestamp=at + 0.2),
        SlotSet("last_excuse", intent, timestamp=at + 0.3),
        ActionExecuted("action_listen", timestamp=at + 0.4),
    ]


def session(turns: int, opening: list[Event] | None = None) -> DialogueStateTracker:
    events: list[Event] = [
        ActionExecuted("action_session_start", timestamp=BEGAN),
        SessionStarted(timestamp=BEGAN),
        SlotSet("registered", True, timestamp=BEGAN),
        ActionExecuted("action_listen", timestamp=BEGAN),
        *(opening or []),
    ]
    for n in range(1, turns + 1):
        events += turn(n)
    return DialogueStateTracker.from_events("rep", events, slots=domain().slots)


def said(tracker: DialogueStateTracker) -> list[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]
