"""A long session's tracker cut to its recent turns, with the state the earlier turns left.

A rep stays in one session through a day of visits. Rasa works on the whole session at every turn:
RulePolicy featurizes every past state, the processor copies and replays the events, and the
action server is sent all of them. Profiling turn 300 of a session put most of its time there,
although no rule here looks back more than a couple of turns. So the tracker a turn works on
holds the slots and the recent turns only, as a session that began just before them:

    action_session_start, session_started, slot (each slot that was set), action_listen,
    then the recent turns' events, unchanged.

That is the shape Rasa gives a session that starts with slots carried over, which its policies
know. The database keeps every event; only what a turn works on is bounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker

# User messages a cut keeps; cut again when a tracker holds more than twice as many, so the work
# per turn stays between the two and a cut happens once every RECENT_TURNS turns.
RECENT_TURNS = 10


def recent(
    tracker: DialogueStateTracker, slots: Iterable[Slot], turns: int = RECENT_TURNS
) -> DialogueStateTracker:
    """The tracker itself while it is short; else a new one holding its state and recent turns."""
    events = list(tracker.events)
    found = _cut(tracker.sender_id, events, slots, turns)
    if found is None:
        return tracker
    cut, carried = found
    began = events[cut].timestamp
    opening: list[Event] = [
        ActionExecuted(ACTION_SESSION_START_NAME, timestamp=began),
        SessionStarted(timestamp=began),
        *(SlotSet(name, value, timestamp=began) for name, value in carried.items()),
        ActionExecuted(ACTION_LISTEN_NAME, timestamp=began),
    ]
    return DialogueStateTracker.from_events(
        tracker.sender_id, opening + events[cut:], list(slots), sender_source=tracker.sender_source
    )


def _cut(
    sender_id: str, events: list[Event], slots: Iterable[Slot], turns: int
) -> tuple[int, dict[str, Any]] | None:
    """Where the kept turns begin, and the slots set before it: the user message `turns` from the
    end, or the latest one before it that no form was running at (a form's state lives in its
    events, not in slots alone). None while the tracker holds at most 2 x `turns` user messages,
    or when no such place exists."""
    messages = [i for i, e in enumerate(events) if isinstance(e, UserUttered)]
    if len(messages) <= 2 * turns:
        return None
    replay = DialogueStateTracker(sender_id, list(slots))
    found = None
    for i, event in enumerate(events[: messages[-turns] + 1]):
        open_here = replay.active_loop_name is None and not replay.is_paused()
        if isinstance(event, UserUttered) and open_here:
            found = (i, {n: s.value for n, s in replay.slots.items() if s.has_been_set})
        replay.update(event)
    return found
