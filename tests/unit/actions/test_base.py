"""actions/base.py: what every account action does first: who the sender is, and nothing
for a sender the reps table does not know."""

import time

from rasa_sdk import Tracker

from actions.base import abandoned, resuming
from actions.customers import ActionShowAccount
from actions.excuses import ActionRespondExcuse
from tests.unit.actions.run import run, tracker


def test_unknown_sender_gets_registration_advice_and_no_data(build):
    build.customer("C1", name="Acme")
    messages, events = run(
        ActionRespondExcuse(),
        tracker("no cash", "excuse_money_tight", slots={"customer_id": "C1"}, sender="who"),
    )
    assert "not registered" in messages[0]["text"] and "Acme" not in messages[0]["text"]
    assert events == [] and build.store.excuse_log() == []


def test_slack_identity_maps_to_the_rep(build):
    build.rep("R1", slack_id="U123")
    build.customer("C1")
    messages, _ = run(
        ActionShowAccount(),
        tracker(
            "what do they owe",
            "account_summary",
            slots={"customer_id": "C1"},
            sender="slack:U123",
            channel="slack",
        ),
    )
    assert messages[0]["text"].startswith("Customer C1 (C1)")


def stamped(text: str, intent: str, at: float, **kwargs) -> Tracker:
    """A tracker whose latest event Rasa logged at `at` (Unix time)."""
    t = tracker(text, intent, **kwargs)
    t.events[-1]["timestamp"] = at
    return t


def test_a_call_rasa_has_given_up_on_is_told_apart_from_a_fresh_one():
    now = time.time()
    assert not abandoned(stamped("x", "greet", now - 0.5), now, timeout_s=2.0)
    assert abandoned(stamped("x", "greet", now - 2.5), now, timeout_s=2.0)
    assert not abandoned(tracker("x", "greet"), now, timeout_s=2.0)  # no timestamps: no age


def test_an_abandoned_excuse_call_writes_nothing_and_says_nothing(build, monkeypatch):
    # A stalled action server catching up: the rep was told nothing from the message was saved.
    build.customer("C1")
    build.invoice(issued=60, due=30)
    monkeypatch.setenv("ACTION_TIMEOUT_S", "2")
    late = stamped(
        "the cheque is in the post",
        "excuse_cheque_mailed",
        time.time() - 30,
        slots={"customer_id": "C1"},
    )
    assert run(ActionRespondExcuse(), late) == ([], [])
    assert build.store.excuse_log() == []
    on_time = stamped(
        "the cheque is in the post",
        "excuse_cheque_mailed",
        time.time(),
        slots={"customer_id": "C1"},
    )
    messages, _ = run(ActionRespondExcuse(), on_time)
    assert messages and len(build.store.excuse_log()) == 1


def test_answers_follow_the_language_the_rep_just_wrote_in(build):
    """An English rep writing Spanish gets the Spanish form; the conversation keeps Spanish
    through a short answer, and a button press changes nothing."""
    from actions.promises import ActionAskPromiseAmount, ValidatePromiseForm
    from tests.unit.actions.run import slot_events

    build.customer("C1", name="Sol")
    build.invoice(issued=40, due=10, amount=800)
    _, events = run(
        ValidatePromiseForm(),
        tracker(
            "quieren pagar pero no dicen cuánto", "promise_to_pay", slots={"customer_id": "C1"}
        ),
    )
    assert slot_events(events)["language"] == "es"
    spanish = {"customer_id": "C1", "language": "es"}
    for text in ("ok", "/promise_to_pay"):
        messages, events = run(ActionAskPromiseAmount(), tracker(text, "inform", slots=spanish))
        assert messages[0]["text"].startswith("¿Cuánto prometió Sol?")
        assert "language" not in slot_events(events)
    messages, events = run(
        ActionAskPromiseAmount(), tracker("how much did they say", "inform", slots=spanish)
    )
    assert messages[0]["text"].startswith("How much did Sol promise?")
    assert slot_events(events)["language"] == "en"


def test_a_turn_waits_for_another_writer_less_long_than_rasa_waits_for_the_action(
    build, monkeypatch
):
    # A write that waited past Rasa's wait would land after the rep was told nothing was saved.
    from dunning_coach.accounts import shared_store
    from dunning_coach.accounts.store import AccountStore
    from dunning_coach.common import environment

    opened: list[float] = []

    class Recording(AccountStore):
        def __init__(self, *args, busy_timeout_s: float = 5.0, **kwargs) -> None:
            opened.append(busy_timeout_s)
            super().__init__(*args, busy_timeout_s=busy_timeout_s, **kwargs)

    monkeypatch.setattr(shared_store, "AccountStore", Recording)
    build.customer("C1")
    for timeout in ("2", "0.5", "10"):
        monkeypatch.setenv("ACTION_TIMEOUT_S", timeout)
        run(ActionShowAccount(), tracker("what do they owe", "account_summary", slots={}))
        assert 0 < opened[-1] < environment.action_timeout_s() == float(timeout)


def _validating(*ran: str) -> Tracker:
    """The copy of the tracker Rasa hands a form's validation: the actions run, then the form."""
    events = [{"event": "action", "name": name} for name in (*ran, "promise_form")]
    return Tracker("rep", {}, {}, events, False, None, None, "promise_form")


def test_a_form_validating_a_new_message_is_not_resuming():
    assert not resuming(_validating("action_listen"), "promise_form")


def test_a_form_validating_after_another_action_answered_is_resuming():
    assert resuming(_validating("action_listen", "action_respond_excuse"), "promise_form")
    assert resuming(_validating("action_listen", "utter_greet"), "promise_form")
