"""collection/account_turns.py: choosing the customer in front of the rep."""

from dunning_coach.collection import account_turns


def test_manager_sees_every_customer(build):
    build.customer("C9", rep_id="R2", name="Secret Co")
    build.rep("M1", role="manager")
    outcome = account_turns.select_customer(build.turn("M1"), "at secret co", None)
    assert outcome.customer_id == "C9"


def test_select_customer_outcomes(build):
    build.customer("C1", name="Green Leaf Foods")
    build.customer("C2", name="Green Lead Foods")
    build.customer("C3", name="Harbor Hotel")

    assert (
        account_turns.select_customer(build.turn(), "i'm at harbr hotel", None).customer_id == "C3"
    )
    choice = account_turns.select_customer(build.turn(), "green lea foods", None)
    assert choice.customer_id is None and {b.title for b in choice.reply.buttons} == {
        "Green Leaf Foods",
        "Green Lead Foods",
    }
    none = account_turns.select_customer(build.turn(), "I'm at Zenith Pharma", None)
    assert none.customer_id is None and "I don't know a customer called" in none.reply.text
    by_button = account_turns.select_customer(build.turn(), "/select_customer", "C1")
    assert by_button.customer_id == "C1" and "With Green Leaf Foods now" in by_button.reply.text
