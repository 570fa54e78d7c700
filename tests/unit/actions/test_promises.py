"""actions/promises.py: the promise form's validation and the saved promise."""

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


def test_save_promise_writes_only_a_confirmed_promise_and_clears_the_form(build):
    from actions.promises import ActionSavePromise

    build.customer("C1")
    build.invoice(issued=40, due=10, amount=800)
    form = {
        "customer_id": "C1",
        "promise_amount": 80000,
        "promise_date": "2026-12-04",
        "promise_invoices": None,
    }
    run(ActionSavePromise(), tracker("no", "stop", slots={**form, "promise_confirmed": False}))
    assert build.store.promises() == []
    messages, events = run(
        ActionSavePromise(), tracker("yes", "affirm", slots={**form, "promise_confirmed": True})
    )
    assert messages[0]["text"].startswith("Saved: Customer C1 pays €800.00 by Fri 4 Dec.")
    assert [p.amount_cents for p in build.store.promises()] == [80000]
    assert "customer_id" not in slot_events(events)
    assert set(slot_events(events).values()) == {None}
