"""Replies about whom the rep is with: customer buttons, a choice, no match, refusal, sign-up."""

from __future__ import annotations

from collections.abc import Sequence

from dunning_coach.accounts.models import Customer
from dunning_coach.common import identity
from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.common.reply import Button, Reply, clip, intent_payload

MAX_CUSTOMER_BUTTONS = 8


def customer_button(customer: Customer, intent: str = Intent.SELECT_CUSTOMER) -> Button:
    """A button with the customer's name; tapped, it sends `intent` for that customer."""
    return Button(customer.name, intent_payload(intent, {Entity.CUSTOMER_ID: customer.customer_id}))


def customer_buttons(
    customers: Sequence[Customer], intent: str = Intent.SELECT_CUSTOMER
) -> tuple[Button, ...]:
    """One button per customer, for the first few."""
    return tuple(customer_button(c, intent) for c in customers[:MAX_CUSTOMER_BUTTONS])


def now_with(customer: Customer) -> Reply:
    return Reply(f"With {customer.name} now.")


def choose_customer(
    candidates: Sequence[Customer], said: str, intent: str = Intent.SELECT_CUSTOMER
) -> Reply:
    return Reply(
        f'Which one do you mean by "{clip(said, 60)}"?', customer_buttons(candidates, intent)
    )


def no_customer_match(said: str, customers: Sequence[Customer]) -> Reply:
    text = f'I don\'t know a customer called "{clip(said, 60)}" among yours.'
    if customers:
        text += " Pick one, or type the name again:"
    return Reply(text, customer_buttons(customers))


REFUSED = Reply(
    "That's not one of your customers, so I can't show it. Ask its rep or your manager."
)


ID_NAMES = {"slack": "Slack member id", "telegram": "Telegram user id"}


def unregistered(channel: str | None, sender_id: str) -> Reply:
    """The one answer a sender the reps table does not know gets: how to get registered."""
    id_name = ID_NAMES.get(channel or "", "user id")
    shown = identity.user_id(channel, sender_id) or sender_id
    return Reply(
        f"You're not registered with Dunning Coach yet. Ask your manager to add your "
        f"{id_name} ({shown}) to the reps list, then write again."
    )
