"""Who may see what: the customer a rep may open, and the customer a message names."""

from __future__ import annotations

from dataclasses import dataclass

from dunning_coach.accounts import customer_index, matching
from dunning_coach.accounts.models import Customer, Rep
from dunning_coach.accounts.store import AccountStore


def visible_customer(store: AccountStore, rep: Rep, customer_id: str | None) -> Customer | None:
    """The customer if this rep may see it (`Rep.may_see`)."""
    if not customer_id:
        return None
    customer = store.customer(customer_id)
    if customer is None or not rep.may_see(customer):
        return None
    return customer


@dataclass(frozen=True)
class Naming:
    """Which customer a message names, as far as this rep may know: one of theirs, a choice
    between theirs, another rep's (refused, nothing about it shown), or none."""

    customer: Customer | None = None
    choices: tuple[Customer, ...] = ()
    refused: bool = False


def find_customer(store: AccountStore, rep: Rep, text: str, *, explicit: bool) -> Naming:
    """The customer `text` names, read by `matching.resolve` (explicit: a message asking for a
    customer) or `matching.spot` (a name inside any message). The index of names picks the
    few customers the reading weighs, and only they are read, as the ledger has them now."""
    read = matching.resolve if explicit else matching.spot
    weighed = customer_index.shortlist(store).contenders(text, explicit)
    current = store.customers_by_id(c.customer_id for c in weighed)
    mine = read(text, [c for c in current if rep.may_see(c)])
    if not rep.sees_everyone:
        # Named clearly, and better than anything of the rep's own: someone else's customer.
        theirs = read(text, [c for c in current if not rep.may_see(c)])
        best_mine = mine.candidates[0].score if mine.candidates else 0.0
        if theirs.outcome is matching.Outcome.FOUND and theirs.candidates[0].score > best_mine:
            return Naming(refused=True)
    if mine.outcome is matching.Outcome.FOUND:
        return Naming(customer=mine.customer)
    return Naming(choices=tuple(c.customer for c in mine.candidates))


def named_in(store: AccountStore, rep: Rep, text: str, picked: str | None) -> Naming:
    """The customer a message about something else names: tapped on a button (`picked`), or
    written anywhere in it. A button press ("/intent{...}") has no words to read."""
    if picked:
        customer = visible_customer(store, rep, picked)
        return Naming(customer=customer) if customer else Naming(refused=True)
    if not text or text.startswith("/"):
        return Naming()
    return find_customer(store, rep, text, explicit=False)
