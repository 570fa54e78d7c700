"""Choosing the customer the rep is with, and the account summary, without Rasa."""

from __future__ import annotations

from dunning_coach.accounts import access
from dunning_coach.accounts import replies as account_replies
from dunning_coach.accounts.models import Customer
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import summary
from dunning_coach.collection.standing import assess
from dunning_coach.common.reply import Reply, TurnResult
from dunning_coach.language import messages


def selected(turn: TurnContext, customer: Customer) -> TurnResult:
    """The answer to choosing a customer: where the account stands."""
    account = turn.account(customer)
    standing = assess(account, turn.playbook, turn.settings, turn.language)
    return TurnResult(
        summary.customer_selected(account, standing, turn.playbook, turn.language),
        customer.customer_id,
    )


def select_customer(turn: TurnContext, text: str, picked: str | None) -> TurnResult:
    """Resolve the customer the rep named (or tapped: `picked`): one clear match, a choice, or a
    plain 'no match'."""
    if picked:
        chosen = turn.visible(picked)
        if chosen is None:
            return TurnResult(
                account_replies.no_customer_match(picked, turn.customers(), turn.language)
            )
        return selected(turn, chosen)
    naming = access.find_customer(turn.store, turn.rep, text, explicit=True)
    if naming.refused:
        return TurnResult(account_replies.refused(turn.language))
    if naming.customer is not None:
        return selected(turn, naming.customer)
    if naming.choices:
        return TurnResult(
            account_replies.choose_customer(naming.choices, text, language=turn.language)
        )
    return TurnResult(account_replies.no_customer_match(text, turn.customers(), turn.language))


def account_summary(turn: TurnContext) -> Reply:
    customer = turn.customer()
    if customer is None:
        return Reply(
            messages.text("summary.which_customer", turn.language),
            account_replies.customer_buttons(turn.customers()),
        )
    account = turn.account(customer)
    standing = assess(account, turn.playbook, turn.settings, turn.language)
    return summary.account_summary(account, standing, turn.playbook, turn.language)
