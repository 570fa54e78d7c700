"""actions/undo.py: the Undo button, pressed as Rasa passes it on (its payload's intent and
record_id entity), from the rep who made the record or from anyone else."""

from __future__ import annotations

import json

from actions.collection import ActionRecordVisit
from actions.promises import ValidatePromiseForm
from actions.undo import ActionUndoRecord
from tests.unit.actions.run import run, tracker


def _undo_button(message: dict) -> dict:
    [button] = [b for b in message["buttons"] if b["payload"].startswith("/undo_record")]
    return button


def press(button: dict, sender: str = "r1", slots: dict | None = None, action=None):
    """The button's payload as Rasa reads it: its intent and entities, no NLU."""
    intent, _, entities = button["payload"][1:].partition("{")
    found = [{"entity": k, "value": v} for k, v in json.loads("{" + entities).items()]
    return run(
        action or ActionUndoRecord(),
        tracker(button["payload"], intent, found, slots=slots, sender=sender),
    )


def _sign(build) -> dict:
    build.customer("C1", name="Harbor Hotel Group")
    visit = tracker("they are moving out", "sign_moving", slots={"customer_id": "C1"})
    messages, _ = run(ActionRecordVisit(), visit)
    assert messages[0]["text"].startswith("Recorded for Harbor Hotel Group")
    return _undo_button(messages[0])


def test_the_undo_button_removes_the_sign_it_names(build):
    button = _sign(build)
    assert button["title"] == "Undo"
    messages, events = press(button)
    assert [m["text"] for m in messages] == [
        'Removed the warning sign "Moving or closing a site" on Harbor Hotel Group.'
    ]
    assert events == [] and build.store.rows("warning_signs") == []
    again, _ = press(button)
    assert again[0]["text"].startswith("Nothing to undo")


def test_the_same_payload_from_another_rep_removes_nothing(build):
    button = _sign(build)
    build.rep("R2")  # rest id r2
    messages, _ = press(button, sender="r2")
    assert messages[0]["text"] == "Not removed: only the rep who recorded it can undo it."
    assert len(build.store.rows("warning_signs")) == 1


def test_an_unknown_sender_is_told_to_register_and_nothing_is_removed(build):
    button = _sign(build)
    messages, _ = press(button, sender="stranger")
    assert "not registered" in messages[0]["text"]
    assert len(build.store.rows("warning_signs")) == 1


def test_a_press_without_a_record_or_with_a_broken_one_is_nothing_to_undo(build):
    build.customer("C1")
    for entities in ([], [{"entity": "record_id", "value": "sign:"}]):
        messages, _ = run(ActionUndoRecord(), tracker("/undo_record", "undo_record", entities))
        assert messages[0]["text"].startswith("Nothing to undo")


def test_the_answer_is_in_the_conversations_language(build):
    button = _sign(build)
    messages, _ = press(button, slots={"language": "es"})
    assert messages[0]["text"].startswith("Quitada la señal de alerta «")


def test_undo_pressed_while_the_promise_form_asks_is_left_to_action_undo_record(build):
    # No slot filled: Rasa's form rejects the press, action_undo_record removes the record and
    # the form asks again (tests/e2e/test_digressions.py runs it through the servers).
    button = _sign(build)
    build.invoice("C1", issued=40, due=10, amount=800)
    form = {
        "customer_id": "C1",
        "promise_amount": 80000,
        "promise_date": "2026-12-04",
        "promise_invoices": None,
        "promise_confirmed": None,
        "promise_tries": 0,
        "requested_slot": "promise_confirmed",
    }
    messages, events = press(button, slots=form, action=ValidatePromiseForm())
    assert messages == [] and events == []
    assert len(build.store.rows("warning_signs")) == 1 and build.store.promises() == []
