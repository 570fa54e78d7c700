"""actions/collection.py: notes and warning signs from the visit."""

import pytest

from actions.customers import ActionSelectCustomer
from tests.ledger_lock import ledger_locked
from tests.unit.actions.run import run, slot_events, tracker

NOTE = ("Note: call after 3", "add_note")
SIGN = ("they are having a clearance sale", "sign_clearance_sale")


def _saved(store) -> tuple[list[str], list[str]]:
    """The notes and the reported signs in the ledger."""
    return [n["text"] for n in store.rows("notes")], [
        s["kind"] for s in store.rows("warning_signs")
    ]


def test_a_note_before_any_customer_is_saved_once_one_is_picked(build):
    from actions.collection import ActionRecordVisit

    build.customer("C1", name="Harbor Hotel Group")
    messages, events = run(ActionRecordVisit(), tracker("Note: call after 3", "add_note"))
    assert "Which customer is the note about?" in messages[0]["text"]
    pending = slot_events(events)["pending_record"]
    messages, events = run(
        ActionSelectCustomer(),
        tracker("harbor hotel", "select_customer", slots={"pending_record": pending}),
    )
    assert "Noted on Harbor Hotel Group" in messages[1]["text"]
    assert [n["text"] for n in build.store.rows("notes")] == ["call after 3"]
    assert slot_events(events)["pending_record"] is None


@pytest.mark.parametrize(("said", "intent"), [NOTE, SIGN])
def test_a_note_or_sign_the_locked_ledger_refuses_is_reported_not_saved(
    build, caplog, said, intent
):
    from actions.collection import ActionRecordVisit

    build.customer("C1", name="Harbor Hotel Group")
    visit = tracker(said, intent, slots={"customer_id": "C1"})
    with ledger_locked(build.store.path):
        messages, _ = run(ActionRecordVisit(), visit)
    assert messages[0]["text"].startswith("Not saved:") and "again" in messages[0]["text"]
    assert "Noted" not in messages[0]["text"] and "Recorded" not in messages[0]["text"]
    assert _saved(build.store) == ([], [])
    # Logged with SQLite's reason and no customer data.
    assert "database is locked" in caplog.text
    assert "Harbor" not in caplog.text and said not in caplog.text
    messages, _ = run(ActionRecordVisit(), visit)  # sent again once the ledger is free
    assert messages[0]["text"].startswith(("Noted on Harbor", "Recorded for Harbor"))
    assert _saved(build.store) == (
        (["call after 3"], []) if intent == "add_note" else ([], [intent])
    )


def test_a_pending_note_the_locked_ledger_refuses_still_selects_the_customer(build):
    build.customer("C1", name="Harbor Hotel Group")
    pending = {"intent": "add_note", "text": "call after 3"}
    with ledger_locked(build.store.path):
        messages, events = run(
            ActionSelectCustomer(),
            tracker("harbor hotel", "select_customer", slots={"pending_record": pending}),
        )
    assert messages[1]["text"].startswith("Not saved:")
    assert slot_events(events)["customer_id"] == "C1"
    assert _saved(build.store) == ([], [])


@pytest.mark.parametrize(("said", "intent"), [NOTE, SIGN])
def test_the_same_note_or_sign_sent_again_the_same_day_is_saved_once(build, said, intent):
    # A retried message, or a pending note saved by a turn whose end Rasa never heard of.
    from actions.collection import ActionRecordVisit

    build.customer("C1", name="Harbor Hotel Group")
    visit = tracker(said, intent, slots={"customer_id": "C1"})
    first, _ = run(ActionRecordVisit(), visit)
    again, _ = run(ActionRecordVisit(), visit)
    assert again == first
    assert _saved(build.store) == (
        (["call after 3"], []) if intent == "add_note" else ([], [intent])
    )
    run(ActionRecordVisit(), tracker(said + " today", intent, slots={"customer_id": "C1"}))
    notes, signs = _saved(build.store)
    assert len(notes) + len(signs) == 2  # something new is saved
