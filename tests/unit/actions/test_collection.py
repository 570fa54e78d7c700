"""actions/collection.py: notes and warning signs from the visit."""

from actions.customers import ActionSelectCustomer
from tests.unit.actions.run import run, slot_events, tracker


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
