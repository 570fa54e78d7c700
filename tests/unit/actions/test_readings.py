"""actions/readings.py: an unsure excuse or sign is asked about with two buttons, and nothing is
recorded; a customer named in the message is selected, so the tapped answer is for it."""

from actions.readings import ActionAskReading
from tests.unit.actions.run import run, slot_events, tracker

RANKING = [
    {"name": "sign_staff_change", "confidence": 0.62},
    {"name": "excuse_signer_absent", "confidence": 0.3},
]


def test_two_buttons_and_nothing_recorded(build):
    build.customer("C1")
    messages, _ = run(
        ActionAskReading(),
        tracker(
            "the boss is not here",
            "sign_staff_change",
            slots={"customer_id": "C1"},
            ranking=RANKING,
        ),
    )
    [message] = messages
    assert [b["payload"] for b in message["buttons"]] == [
        "/sign_staff_change",
        "/excuse_signer_absent",
    ]
    assert build.store.rows("warning_signs") == [] and build.store.excuse_log() == []


def test_a_customer_named_in_the_message_is_selected_first(build):
    build.customer("C1", name="Harbor Lights")
    build.customer("C2", name="Santa Rosa")
    messages, events = run(
        ActionAskReading(),
        tracker(
            "at Santa Rosa the boss is not here",
            "sign_staff_change",
            slots={"customer_id": "C1"},
            ranking=RANKING,
        ),
    )
    assert slot_events(events)["customer_id"] == "C2"
    assert next(b["payload"] for b in messages[-1]["buttons"]) == "/sign_staff_change"
    assert build.store.rows("warning_signs") == []
