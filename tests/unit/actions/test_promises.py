"""actions/promises.py: the promise form's validation and the saved promise."""

import datetime as dt
import sqlite3

from tests.ledger_lock import ledger_locked
from tests.unit.actions.run import run, slot_events, tracker


def test_validate_promise_form_reads_the_first_message_and_asks_the_next_question(build):
    from actions.promises import ValidatePromiseForm

    build.customer("C1")
    build.invoice(issued=40, due=10, amount=800)
    t = tracker(
        "they promised all of it next friday", "promise_to_pay", slots={"customer_id": "C1"}
    )
    messages, events = run(ValidatePromiseForm(), t)
    slots = slot_events(events)
    assert messages == []
    assert (slots["promise_amount"], slots["promise_date"]) == (80000, "2026-12-04")
    assert slots["requested_slot"] == "promise_confirmed"


def test_save_promise_closes_the_form_writing_nothing_and_clears_it(build):
    # The validation saved and announced a confirmed promise; closing says only a cancel.
    from actions.promises import ActionSavePromise

    build.customer("C1")
    build.invoice(issued=40, due=10, amount=800)
    form = {
        "customer_id": "C1",
        "promise_amount": 80000,
        "promise_date": "2026-12-04",
        "promise_invoices": None,
    }
    messages, events = run(
        ActionSavePromise(), tracker("no", "stop", slots={**form, "promise_confirmed": False})
    )
    assert [m["text"] for m in messages] == ["OK, no promise saved."]
    messages, events = run(
        ActionSavePromise(), tracker("yes", "affirm", slots={**form, "promise_confirmed": True})
    )
    assert messages == [] and build.store.promises() == []
    assert "customer_id" not in slot_events(events)
    assert set(slot_events(events).values()) == {None}


def test_validate_promise_form_saves_the_confirmed_promise_and_says_so(build):
    from actions.promises import ValidatePromiseForm

    build.customer("C1")
    build.invoice(issued=40, due=10, amount=800)
    slots = {
        "customer_id": "C1",
        "promise_amount": 80000,
        "promise_date": "2026-12-04",
        "promise_invoices": None,
        "promise_confirmed": None,
        "requested_slot": "promise_confirmed",
    }
    messages, events = run(ValidatePromiseForm(), tracker("yes", "affirm", slots=slots))
    assert messages[0]["text"].startswith("Saved: Customer C1 pays €800.00 by Fri 4 Dec.")
    assert [p.amount_cents for p in build.store.promises()] == [80000]
    assert slot_events(events)["requested_slot"] is None
    assert slot_events(events)["promise_confirmed"] is True


class PromiseForm:
    """The promise form as Rasa runs it for one conversation: each message goes to the
    validation; the form then asks the slot it requests, or ends and runs action_save_promise.
    An action that raises is logged by Rasa and none of its events are kept (nothing is sent:
    the turn guard answers "nothing was saved")."""

    def __init__(self, **slots):
        self.slots = dict(slots)

    def _act(self, action, text: str, intent: str, said: list[str]) -> bool:
        try:
            messages, events = run(action, tracker(text, intent, slots=dict(self.slots)))
        except sqlite3.OperationalError:
            return False
        said += [m["text"] for m in messages]
        self.slots.update(slot_events(events))
        return True

    def say(self, text: str, intent: str) -> str:
        from actions import promises

        asks = {
            "customer_id": promises.ActionAskPromiseCustomer,
            "promise_amount": promises.ActionAskPromiseAmount,
            "promise_date": promises.ActionAskPromiseDate,
            "promise_invoices": promises.ActionAskPromiseInvoices,
            "promise_confirmed": promises.ActionAskPromiseConfirmed,
        }
        said: list[str] = []
        if self._act(promises.ValidatePromiseForm(), text, intent, said):
            requested = self.slots.get("requested_slot")
            if requested:
                self._act(asks[requested](), text, intent, said)
            else:
                self._act(promises.ActionSavePromise(), text, intent, said)
        return "\n".join(said)


def _form_slots_but_the_customer(slots) -> dict:
    names = ("promise_amount", "promise_date", "promise_invoices", "promise_confirmed")
    return {name: slots.get(name) for name in (*names, "promise_tries", "promise_problem")}


def test_a_yes_the_locked_ledger_refuses_keeps_the_form_asking_and_yes_again_saves_once(build):
    build.customer("C1")
    build.invoice(issued=40, due=10, amount=800)
    form = PromiseForm(customer_id="C1")
    confirm = "Save this promise? Customer C1 pays €800.00 by Fri 4 Dec."
    assert confirm in form.say("they promised all of it next friday", "promise_to_pay")
    with ledger_locked(build.store.path):
        refused = form.say("yes", "affirm")
    assert "Not saved" in refused and "Answer yes again" in refused
    assert confirm in refused and "Saved:" not in refused
    assert form.slots["requested_slot"] == "promise_confirmed"
    assert form.slots["promise_confirmed"] is not True
    assert (form.slots["promise_amount"], form.slots["promise_date"]) == (80000, "2026-12-04")
    assert build.store.promises() == []

    saved = form.say("yes", "affirm")
    assert saved.startswith("Saved: Customer C1 pays €800.00 by Fri 4 Dec.")
    assert [p.amount_cents for p in build.store.promises()] == [80000]
    assert set(_form_slots_but_the_customer(form.slots).values()) == {None}
    assert form.slots["requested_slot"] is None

    # The next promise asks again before anything is saved.
    asked = form.say("they promised 300 on friday", "promise_to_pay")
    assert "Save this promise? Customer C1 pays €300.00 by Fri 27 Nov." in asked
    assert len(build.store.promises()) == 1
    assert form.say("yes", "affirm").startswith("Saved: Customer C1 pays €300.00")
    assert sorted(p.amount_cents for p in build.store.promises()) == [30000, 80000]


def test_a_promise_form_that_ended_without_clearing_still_asks_before_the_next_save(build):
    # The closing action never ran (it failed, or Rasa gave up on it): the slots of a confirmed
    # promise are still there when the next promise starts.
    build.customer("C1")
    build.invoice(issued=40, due=10, amount=800)
    form = PromiseForm(
        customer_id="C1",
        promise_amount=80000,
        promise_date="2026-12-04",
        promise_invoices=None,
        promise_confirmed=True,
        promise_tries=3,
        requested_slot=None,
    )
    asked = form.say("they promised 300 on friday", "promise_to_pay")
    assert "Save this promise? Customer C1 pays €300.00 by Fri 27 Nov." in asked
    assert build.store.promises() == []
    assert form.slots["promise_tries"] == 0


def test_a_confirmation_the_ledger_already_holds_is_not_saved_twice(build):
    # A save that landed after Rasa had given up on it (the rep was told nothing was saved, and
    # the form still asks): the yes again reports it saved, and it stays one promise.
    build.customer("C1")
    build.invoice(issued=40, due=10, amount=800)
    form = PromiseForm(customer_id="C1")
    form.say("they promised all of it next friday", "promise_to_pay")
    build.store.add_promise(
        customer_id="C1",
        rep_id="R1",
        amount_cents=80000,
        promised_for=dt.date(2026, 12, 4),
        made_on=dt.date(2026, 11, 23),
    )
    assert form.say("yes", "affirm").startswith("Saved: Customer C1 pays €800.00 by Fri 4 Dec.")
    assert [p.amount_cents for p in build.store.promises()] == [80000]
