"""`DialogueStateTracker.applied_events`, the same events in far less time.

Rasa calls it three or four times a turn (the session check, the tracker sent to the action
server, the policies' states), and each call walks every event since the session began. Every
step asks `isinstance` of an event class, and event classes are ABCs, so each failed check runs
Python code in abc.py: a role-play conversation of 200 events (its form loops are what the walk
checks most) took 0.7 ms a call, an excuse visit of 120 events 0.12 ms. Here each event's class
is looked up once in a table of what stock Rasa asks of it, and the walk is Rasa's own: the
same resets, reverts and form-loop collapsing, in the same order (tests/unit/rasa_patches). The
table goes by an event's class (`type`), which for Rasa's events is what `isinstance` sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    DefinePrevUserUtteredFeaturization,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

STOCK = DialogueStateTracker.applied_events  # Rasa's own, which this one must always agree with

# What stock Rasa asks of an event, as bits; a class may answer yes to several (checked in order).
RESET, REVERTS_ACTION, REVERTS_UTTERANCE, ACTION, USER, LOOP, REJECTED, FEATURIZATION = (
    1 << n for n in range(8)
)
_KINDS: tuple[tuple[int, tuple[type, ...]], ...] = (
    (RESET, (Restarted, SessionStarted)),
    (REVERTS_ACTION, (ActionReverted,)),
    (REVERTS_UTTERANCE, (UserUtteranceReverted,)),
    (ACTION, (ActionExecuted,)),
    (USER, (UserUttered,)),
    (LOOP, (ActiveLoop,)),
    (REJECTED, (ActionExecutionRejected,)),
    (FEATURIZATION, (DefinePrevUserUtteredFeaturization,)),
)
_UNDONE_BY_LOOP = ACTION | USER | FEATURIZATION  # what a repeated loop execution takes back


_BITS: dict[type, int] = {}


def kind(event_class: type) -> int:
    """The bits of `event_class`: issubclass, as isinstance asks it, once per class."""
    bits = _BITS.get(event_class)
    if bits is None:
        bits = _BITS[event_class] = sum(
            bit for bit, classes in _KINDS if issubclass(event_class, classes)
        )
    return bits


def applied_events(tracker: DialogueStateTracker) -> list[Event]:
    """The tracker's events without those reverted, restarted away or repeated by a form loop."""
    events = list(tracker.events)
    kinds = [kind(type(e)) for e in events]
    # A list, as stock Rasa keeps it: a loop name need not be hashable.
    loops = [e.name for e, k in zip(events, kinds) if k & LOOP and e.name]
    applied: list[Event] = []
    applied_kinds: list[int] = []
    for event, bits in zip(events, kinds):
        if bits & RESET:
            applied, applied_kinds = [], []
        elif bits & REVERTS_ACTION:
            _undo_through(ACTION, applied, applied_kinds)
        elif bits & REVERTS_UTTERANCE:
            _undo_through(USER, applied, applied_kinds)
            _undo_through(ACTION, applied, applied_kinds)
        elif (
            bits & ACTION
            and event.action_name in loops
            and not _loop_starts_again(event.action_name, applied, applied_kinds)
        ):
            _undo_since_loop(event.action_name, applied, applied_kinds)
        else:
            applied.append(event)
            applied_kinds.append(bits)
    return applied


def _undo_through(bit: int, applied: list[Event], kinds: list[int]) -> None:
    """Takes events off the end up to and including the latest one of kind `bit`."""
    while applied:
        applied.pop()
        if kinds.pop() & bit:
            return


def _loop_starts_again(loop: str, applied: Sequence[Any], kinds: Sequence[int]) -> bool:
    """Whether this execution of `loop` is its first, or one after the loop was left (rejected,
    deactivated, or another action answered the user): then it is kept as a new step."""
    next_action = None
    for event, bits in zip(reversed(applied), reversed(kinds)):
        if bits & LOOP and event.name is None:
            return True
        if bits & REJECTED and event.action_name == loop:
            return True
        if bits & USER and next_action is not None and next_action != loop:
            return True
        if bits & ACTION:
            if event.action_name == loop:
                return False
            next_action = event.action_name
    return True


def _undo_since_loop(loop: str, applied: list[Event], kinds: list[int]) -> None:
    """Drops the actions and user turns after the loop's previous execution, keeping the rest
    (slots, bot messages) in order."""
    start = len(applied)
    while start and not (kinds[start - 1] & ACTION and applied[start - 1].action_name == loop):
        start -= 1
    kept = [(e, k) for e, k in zip(applied[start:], kinds[start:]) if not k & _UNDONE_BY_LOOP]
    del applied[start:], kinds[start:]
    applied += [e for e, _ in kept]
    kinds += [k for _, k in kept]


def apply() -> None:
    DialogueStateTracker.applied_events = applied_events
