"""stores/session_window.py: a long session cut to its recent turns keeps what policies and
actions read: the slots, the running form, and the recent turns' states."""

from __future__ import annotations

from rasa.shared.core.events import ActiveLoop, SlotSet, UserUtteranceReverted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.session_window import RECENT_TURNS, recent
from tests.unit.components.policies import domain
from tests.unit.stores.sessions import BEGAN, said, session, turn


def test_a_short_session_is_left_as_it_is():
    tracker = session(2 * RECENT_TURNS)
    assert recent(tracker, domain().slots) is tracker


def test_a_long_session_keeps_its_recent_turns_and_every_slot():
    tracker = session(300, opening=[SlotSet("customer_id", "C-7", timestamp=BEGAN + 0.5)])
    window = recent(tracker, domain().slots)
    assert said(window) == said(tracker)[-RECENT_TURNS:]
    assert window.current_slot_values() == tracker.current_slot_values()
    assert window.get_slot("customer_id") == "C-7"  # set 300 turns before the cut
    # Nothing reverted or replayed differently: the kept events are the same objects.
    kept = list(window.events)[-5 * RECENT_TURNS :]
    assert all(a is b for a, b in zip(kept, list(tracker.events)[-5 * RECENT_TURNS :]))


def test_policies_see_the_same_recent_states():
    tracker = session(300)
    window = recent(tracker, domain().slots)
    states = 2 * RECENT_TURNS  # an action and a listen per turn: far more than any rule reads
    assert window.past_states(domain())[-states:] == tracker.past_states(domain())[-states:]
    assert len(window.events) < len(tracker.events) / 10


def test_a_window_is_cut_again_only_after_as_many_turns_again():
    window = recent(session(300), domain().slots)
    for n in range(301, 301 + RECENT_TURNS):
        for event in turn(n):
            window.update(event)
    assert recent(window, domain().slots) is window
    for event in turn(301 + RECENT_TURNS):
        window.update(event)
    assert said(recent(window, domain().slots)) == said(window)[-RECENT_TURNS:]


def test_the_cut_never_falls_inside_a_running_form():
    tracker = session(30)
    started = len(said(tracker)) - RECENT_TURNS - 3  # the form began 3 messages before the cut
    events = list(tracker.events)
    at = [i for i, e in enumerate(events) if isinstance(e, UserUttered)][started]
    events[at + 1 : at + 1] = [ActiveLoop("roleplay_form", timestamp=events[at].timestamp)]
    tracker = DialogueStateTracker.from_events("rep", events, slots=domain().slots)
    window = recent(tracker, domain().slots)
    assert window.active_loop_name == tracker.active_loop_name == "roleplay_form"
    assert said(window)[0] == said(tracker)[started]  # the form's first message is kept


def test_a_reverted_message_after_the_cut_is_reverted_in_the_window():
    window = recent(session(300), domain().slots)
    window.update(UserUttered("nonsense", {"name": "nlu_fallback", "confidence": 1.0}))
    window.update(UserUtteranceReverted())
    assert said(window)[-1] == "nonsense"
    assert window.latest_message.text == "message 300"  # as the full tracker would have it
