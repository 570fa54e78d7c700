"""Receivables classes: not yet due, in collection, doubtful, bad, dead; by days past due."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dunning_coach.accounts.models import Account
from dunning_coach.common.settings import CLASSES, Receivables

NOT_YET_DUE, IN_COLLECTION, DOUBTFUL, BAD, DEAD = CLASSES


def bands(r: Receivables) -> list[tuple[str, int]]:
    """Each class money can be overdue in, with the days past due it starts at, worst first:
    the one rule `by_days` reads and the database's totals are handed."""
    return [
        (DEAD, r.dead_from),
        (BAD, r.bad_from),
        (DOUBTFUL, r.doubtful_from),
        (IN_COLLECTION, r.in_collection_from),
    ]


def by_days(days_overdue: int, r: Receivables) -> str:
    return next((cls for cls, start in bands(r) if days_overdue >= start), NOT_YET_DUE)


def raised(cls: str, steps: int, up_to: str) -> str:
    """One class worse per step, never past `up_to`; money not yet due stays not yet due, and a
    class already past the cap keeps its own."""
    if cls == NOT_YET_DUE or steps <= 0:
        return cls
    index, cap = CLASSES.index(cls), CLASSES.index(up_to)
    return CLASSES[max(index, min(index + steps, cap))]


def at_least(cls: str, floor: str) -> bool:
    return CLASSES.index(cls) >= CLASSES.index(floor)


@dataclass(frozen=True)
class Classes:
    cents: Mapping[str, int]  # open amount per class, every class present
    worst: str  # the worst class holding money; not yet due when nothing is overdue
    raised_by: int  # classes added for warning signs or broken promises

    def amounts(self) -> list[tuple[str, int]]:
        """Classes holding money, worst first."""
        return [(c, self.cents[c]) for c in reversed(CLASSES) if self.cents[c]]


def classify(account: Account, r: Receivables, raise_for_risk: bool) -> Classes:
    """Sort each open invoice by days past due; with warning signs or broken promises
    (`raise_for_risk`), overdue money moves `r.raise_by` classes worse."""
    steps = r.raise_by if raise_for_risk else 0
    cents = {c: 0 for c in CLASSES}
    for invoice in account.open_invoices:
        cls = raised(by_days(invoice.days_overdue(account.today), r), steps, r.raise_up_to)
        cents[cls] += invoice.open_cents
    worst = next((c for c in reversed(CLASSES) if cents[c]), NOT_YET_DUE)
    return Classes(cents, worst, steps)
