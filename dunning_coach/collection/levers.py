"""Pressure levers from the playbook, chosen for one customer with the reason each fits.

A lever's `when` conditions are named here; which levers exist, for which classes, and what
they say is playbook data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dunning_coach.accounts.models import Account
from dunning_coach.collection.receivables import Classes, at_least
from dunning_coach.common.formatting import money, plural
from dunning_coach.common.playbook import LeverEntry, Playbook, PlaybookError

RECENT_ORDER_DAYS = 90
LONG_RELATIONSHIP_DAYS = 365


@dataclass(frozen=True)
class Situation:
    """What the conditions read: the account and where it stands."""

    account: Account
    classes: Classes
    broken_in_a_row: int
    escalated: bool
    sign_titles: tuple[str, ...]

    @property
    def recent_orders(self) -> int:
        return sum(
            1
            for i in self.account.invoices
            if 0 <= (self.account.today - i.issued_on).days <= RECENT_ORDER_DAYS
        )

    @property
    def customer_days(self) -> int:
        first = min((i.issued_on for i in self.account.invoices), default=self.account.today)
        return (self.account.today - first).days

    @property
    def mostly_on_time(self) -> bool:
        paid = self.account.paid_invoices
        if not paid:
            return False
        on_time = sum(
            1
            for i in paid
            if (day := self.account.paid_on(i.invoice_no))
            and day <= i.due_on + dt.timedelta(days=7)
        )
        return on_time / len(paid) >= 0.6


@dataclass(frozen=True)
class Lever:
    name: str
    title: str
    how: str
    reason: str


Condition = Callable[[Situation], bool]
CONDITIONS: dict[str, Condition] = {
    "still_ordering": lambda s: s.recent_orders > 0,
    "escalated": lambda s: s.escalated,
    "long_relationship": lambda s: s.customer_days >= LONG_RELATIONSHIP_DAYS and s.mostly_on_time,
    "warning_signs": lambda s: bool(s.sign_titles),
}


def _fits(lever: LeverEntry, situation: Situation) -> bool:
    if not at_least(situation.classes.worst, lever.min_class):
        return False
    for name, wanted in lever.when.items():
        try:
            holds = CONDITIONS[name](situation)
        except KeyError:
            raise PlaybookError(f"levers.{lever.name}: unknown condition {name!r}") from None
        if holds != bool(wanted):
            return False
    return True


def choose(situation: Situation, playbook: Playbook) -> list[Lever]:
    account = situation.account
    oldest = account.oldest_overdue
    values = dict(
        **{"class": playbook.classes[situation.classes.worst].title.lower()},
        overdue_amount=money(account.overdue_cents, account.currency),
        oldest_days=str(oldest.days_overdue(account.today) if oldest else 0),
        recent_orders=plural(situation.recent_orders, "invoice"),
        years=str(max(situation.customer_days // 365, 1)),
        broken=str(situation.broken_in_a_row),
        signs=", ".join(situation.sign_titles).lower() or "none",
    )
    return [
        Lever(entry.name, entry.title, entry.how, entry.reason.format(**values))
        for entry in playbook.levers
        if _fits(entry, situation)
    ]


def unknown_condition_names(levers: Sequence[LeverEntry]) -> set[str]:
    return {name for lever in levers for name in lever.when} - set(CONDITIONS)
