"""rasa_patches/applied_events.py: the same applied events as stock Rasa, event for event, on
conversations with forms, rejections, reverts, restarts and sessions, and installed by apply()."""

from __future__ import annotations

import random

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    LegacyForm,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

import rasa_patches
from rasa_patches import applied_events

FORMS = ("roleplay_form", "promise_form")
# Each draw makes a new event: applied events are compared by identity, not equality.
DRAWS = (
    lambda: UserUttered("hi", {"name": "greet"}),
    lambda: ActionExecuted("action_listen"),
    lambda: ActionExecuted("action_respond_excuse"),
    lambda: ActionExecuted(FORMS[0]),
    lambda: ActionExecuted(FORMS[0]),
    lambda: ActionExecuted(FORMS[1]),
    lambda: ActionExecuted(action_text="an end-to-end bot line"),
    lambda: ActiveLoop(FORMS[0]),
    lambda: ActiveLoop(FORMS[1]),
    lambda: ActiveLoop(None),
    lambda: LegacyForm(FORMS[0]),
    lambda: ActionExecutionRejected(FORMS[0]),
    lambda: ActionReverted(),
    lambda: UserUtteranceReverted(),
    lambda: Restarted(),
    lambda: SessionStarted(),
    lambda: SlotSet("requested_slot", "roleplay_reply"),
    lambda: SlotSet("roleplay", "{}"),
    lambda: DefinePrevUserUtteredFeaturization(False),
    lambda: BotUttered("the debtor's line"),
)
ROUND = (  # one role-play reply, as the form runs it
    lambda: UserUttered("what's the cheque number?", {"name": "roleplay_reply"}),
    lambda: SlotSet("language", "en"),
    lambda: ActionExecuted(FORMS[0]),
    lambda: DefinePrevUserUtteredFeaturization(False),
    lambda: BotUttered("the debtor's line"),
    lambda: SlotSet("roleplay", "{}"),
    lambda: SlotSet("requested_slot", "roleplay_reply"),
    lambda: ActionExecuted("action_listen"),
)


def tracker(events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("trainee", list(events))


def identical(events) -> None:
    made = tracker(events)
    assert [id(e) for e in applied_events.applied_events(made)] == [
        id(e) for e in applied_events.STOCK(made)
    ]


def test_the_stock_method_kept_for_comparison_is_rasas_own():
    assert applied_events.STOCK.__module__ == "rasa.shared.core.trackers"


@pytest.mark.parametrize("seed", range(300))
def test_random_conversations_give_the_same_events_as_stock_rasa(seed):
    rng = random.Random(seed)
    identical(rng.choice(DRAWS)() for _ in range(rng.randrange(1, 80)))


def test_a_long_role_play_is_collapsed_as_stock_rasa_collapses_it():
    events = [SessionStarted(), ActionExecuted("action_listen"), ActiveLoop(FORMS[0])]
    for _ in range(30):
        events += [draw() for draw in ROUND]
    events += [ActionExecutionRejected(FORMS[0]), ActionExecuted("action_undo_record")]
    events += [draw() for draw in ROUND] + [ActiveLoop(None), ActionExecuted("action_listen")]
    applied = applied_events.applied_events(tracker(events))
    # The loop's repeated executions take back their user turns (slots and bot lines stay).
    assert sum(isinstance(e, UserUttered) for e in applied) < 5
    identical(events)


def test_a_loop_name_need_not_be_hashable():
    # Rasa does not check an active_loop event's name; stock Rasa copes with any, so must this.
    identical([ActiveLoop(["a", "list"]), ActionExecuted(FORMS[0]), ActionExecuted(FORMS[0])])


def test_apply_installs_it_for_every_tracker(monkeypatch):
    import rasa.core.actions.action as remote_actions
    import rasa.core.run
    import rasa.server
    from rasa.core.actions.action import RemoteAction

    # monkeypatch puts back, after the test, everything rasa_patches.apply() replaces.
    monkeypatch.setattr(DialogueStateTracker, "applied_events", applied_events.STOCK)
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    monkeypatch.setattr(
        remote_actions, "DEFAULT_REQUEST_TIMEOUT", remote_actions.DEFAULT_REQUEST_TIMEOUT
    )
    monkeypatch.setattr(rasa.core.run, "configure_app", rasa.core.run.configure_app)
    monkeypatch.setattr(rasa.server, "requires_auth", rasa.server.requires_auth)
    assert rasa_patches.apply()
    assert DialogueStateTracker.applied_events is applied_events.applied_events
    events = [UserUttered("hi"), ActionExecuted(FORMS[0]), ActiveLoop(FORMS[0])]
    assert tracker(events).applied_events() == events
