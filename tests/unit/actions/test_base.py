"""actions/base.py: what every account action does first: who the sender is, and nothing
for a sender the reps table does not know."""

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
