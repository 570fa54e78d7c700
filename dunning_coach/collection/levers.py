"""Pressure levers from the playbook, chosen for one customer with the reason each fits.

A lever's `when` conditions are named here; which levers exist, for which classes, and what
they say is playbook data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from dunning_coach.accounts.models import Account
from dunning_coach.collection import habits as habit_rules
from dunning_coach.collection.receivables import Classes, at_least
from dunning_coach.common.settings import Habits
from dunning_coach.language import messages
from dunning_coach.language.formatting import money
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import LeverEntry, Playbook, PlaybookError


@dataclass(frozen=True)
class Situation:
    """What the conditions read: the account and where it stands."""

    account: Account
    classes: Classes
    broken_in_a_row: int
    escalated: bool
    sign_titles: tuple[str, ...]
    habits: Habits

    # Cached: several levers' conditions and the reason texts read these on one turn.
    @cached_property
    def recent_orders(self) -> int:
        return len(habit_rules.recent_orders(self.account, self.habits))

    @cached_property
    def customer_days(self) -> int:
        return habit_rules.customer_days(self.account)

    @cached_property
    def long_reliable_relationship(self) -> bool:
        return (
            habit_rules.long_relationship(self.account, self.habits)
            and habit_rules.payment_record(self.account, self.habits).reliable
        )


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
    "long_relationship": lambda s: s.long_reliable_relationship,
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


def choose(
    situation: Situation, playbook: Playbook, language: Language = Language.EN
) -> list[Lever]:
    """The levers that fit, each with its reason filled in `language` (the playbook's)."""
    account = situation.account
    oldest = account.oldest_overdue
    orders = situation.recent_orders
    values = dict(
        **{"class": playbook.classes[situation.classes.worst].title.lower()},
        overdue_amount=money(account.overdue_cents, account.currency, language),
        oldest_days=str(oldest.days_overdue(account.today) if oldest else 0),
        recent_orders=messages.counted("lever.recent_orders", orders, language),
        years=str(max(situation.customer_days // 365, 1)),
        broken=str(situation.broken_in_a_row),
        signs=", ".join(situation.sign_titles).lower() or messages.text("lever.no_signs", language),
    )
    return [
        Lever(entry.name, entry.title, entry.how, entry.reason.format(**values))
        for entry in playbook.levers
        if _fits(entry, situation)
    ]


def unknown_condition_names(levers: Sequence[LeverEntry]) -> set[str]:
    return {name for lever in levers for name in lever.when} - set(CONDITIONS)
