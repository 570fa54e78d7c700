"""actions/customers.py: choosing the customer in front of the rep, and their account."""

from actions.customers import ActionSelectCustomer, ActionShowAccount
from actions.excuses import ActionAskRephrase
from tests.unit.actions.run import run, slot_events, tracker


def test_select_customer_sets_the_slot(build):
    build.customer("C1", name="Harbor Hotel Group")
    messages, events = run(
        ActionSelectCustomer(), tracker("i'm at harbor hotel", "select_customer")
    )
    assert "With Harbor Hotel Group now" in messages[0]["text"]
    assert events[0]["name"] == "customer_id" and events[0]["value"] == "C1"


def test_an_unclear_message_that_names_a_customer_selects_it(build):
    build.customer("C1", name="Meridian Hypermarket")
    messages, events = run(
        ActionAskRephrase(), tracker("now visiting meridian hypermarket", "nlu_fallback")
    )
    assert len(messages) == 1 and "With Meridian Hypermarket now" in messages[0]["text"]
    assert slot_events(events) == {"customer_id": "C1"}


def test_a_summary_request_naming_a_customer_shows_that_account(build):
    build.customer("C1", name="Meridian Hypermarket")
    build.customer("C2", name="Saltmarsh Catering")
    messages, events = run(
        ActionShowAccount(),
        tracker("what does saltmarsh catering owe", "account_summary", slots={"customer_id": "C1"}),
    )
    assert messages[1]["text"].startswith("Saltmarsh Catering (C2)")
    assert slot_events(events) == {"customer_id": "C2"}
