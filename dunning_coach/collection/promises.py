"""Promises to pay: kept, open or broken, worked out from the payments actually received."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from dunning_coach.accounts.models import Payment, Promise


class State(str, Enum):
    OPEN = "open"  # the promised day has not come
    DUE = "due"  # promised for today, or within the grace days after it
    KEPT = "kept"  # enough was paid between the promise and its day (plus grace)
    BROKEN = "broken"  # the day and the grace passed without enough payment
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PromiseStatus:
    promise: Promise
    state: State
    paid_cents: int

    @property
    def short_cents(self) -> int:
        return max(self.promise.amount_cents - self.paid_cents, 0)


def _counts_for(payment: Payment, promise: Promise, grace_days: int) -> bool:
    window_end = promise.promised_for + dt.timedelta(days=grace_days)
    if not promise.made_on <= payment.received_on <= window_end:
        return False
    # A promise for named invoices is kept by payments on those (or on no invoice in particular).
    return not promise.invoice_nos or payment.invoice_no in (None, *promise.invoice_nos)


class Book(Protocol):
    """What judging promises reads: an account, a promise book, or a team's promise history."""

    @property
    def today(self) -> dt.date: ...

    @property
    def promises(self) -> Sequence[Promise]: ...

    @property
    def payments(self) -> Sequence[Payment]: ...


def statuses(account: Book, grace_days: int) -> list[PromiseStatus]:
    """Every promise with its state, earliest promised day first.

    Each payment counts toward one promise only, the earliest it fits, so two promises cannot
    both claim the same transfer.
    """
    unused = sorted(account.payments, key=lambda p: p.received_on)
    result = []
    for promise in sorted(account.promises, key=lambda p: (p.promised_for, p.made_on)):
        if promise.cancelled:
            result.append(PromiseStatus(promise, State.CANCELLED, 0))
            continue
        paid = 0
        for payment in list(unused):
            if paid >= promise.amount_cents:
                break
            if _counts_for(payment, promise, grace_days):
                paid += payment.amount_cents
                unused.remove(payment)
        if paid >= promise.amount_cents:
            state = State.KEPT
        elif account.today < promise.promised_for:
            state = State.OPEN
        elif account.today <= promise.promised_for + dt.timedelta(days=grace_days):
            state = State.DUE
        else:
            state = State.BROKEN
        result.append(PromiseStatus(promise, state, paid))
    return result


def broken_in_a_row(found: Sequence[PromiseStatus]) -> int:
    """Broken promises since the last kept one (promises still open do not break the run)."""
    run = 0
    for status in found:
        if status.state is State.BROKEN:
            run += 1
        elif status.state is State.KEPT:
            run = 0
    return run


def falling_due(
    found: Sequence[PromiseStatus], start: dt.date, end: dt.date
) -> list[PromiseStatus]:
    """Promises whose day is in [start, end] and which are not cancelled."""
    return [
        s
        for s in found
        if start <= s.promise.promised_for <= end and s.state is not State.CANCELLED
    ]
