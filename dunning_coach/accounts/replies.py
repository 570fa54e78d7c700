"""Replies about whom the rep is with: customer buttons, a choice, no match, refusal, sign-up."""

from __future__ import annotations

from collections.abc import Sequence

from dunning_coach.accounts.models import Customer
from dunning_coach.common import identity
from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.common.reply import Button, Reply, clip, intent_payload
from dunning_coach.language import messages
from dunning_coach.language.languages import Language

MAX_CUSTOMER_BUTTONS = 8


def customer_button(customer: Customer, intent: str = Intent.SELECT_CUSTOMER) -> Button:
    """A button with the customer's name; tapped, it sends `intent` for that customer."""
    return Button(customer.name, intent_payload(intent, {Entity.CUSTOMER_ID: customer.customer_id}))


def customer_buttons(
    customers: Sequence[Customer], intent: str = Intent.SELECT_CUSTOMER
) -> tuple[Button, ...]:
    """One button per customer, for the first few."""
    return tuple(customer_button(c, intent) for c in customers[:MAX_CUSTOMER_BUTTONS])


def now_with(customer: Customer, language: Language = Language.EN) -> Reply:
    return Reply(messages.text("account.now_with", language, customer=customer.name))


def choose_customer(
    candidates: Sequence[Customer],
    said: str,
    intent: str = Intent.SELECT_CUSTOMER,
    language: Language = Language.EN,
) -> Reply:
    return Reply(
        messages.text("account.which_one", language, said=clip(said, 60)),
        customer_buttons(candidates, intent),
    )


def no_customer_match(
    said: str, customers: Sequence[Customer], language: Language = Language.EN
) -> Reply:
    key = "account.no_match_pick" if customers else "account.no_match"
    return Reply(messages.text(key, language, said=clip(said, 60)), customer_buttons(customers))


def refused(language: Language = Language.EN) -> Reply:
    return Reply(messages.text("account.refused", language))


def unregistered(channel: str | None, sender_id: str, language: Language = Language.EN) -> Reply:
    """The one answer a sender the reps table does not know gets: how to get registered."""
    kind = channel if channel in identity.PREFIXED else "other"
    shown = identity.user_id(channel, sender_id) or sender_id
    id_name = messages.text(f"account.id_{kind}", language)
    return Reply(messages.text("account.unregistered", language, id_name=id_name, shown=shown))
