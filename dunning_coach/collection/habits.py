"""How a customer pays and orders, read from their history. One definition of "paid on time",
"a reliable payer" and "a recent order" for the verdicts, the pressure levers and the warning signs;
the thresholds are the `habits` section of collection.yml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dunning_coach.accounts.models import Account, Invoice
from dunning_coach.common.settings import Habits


def days_late(account: Account, invoice: Invoice) -> int | None:
    """Days from the due date to the latest payment on a fully paid invoice (negative: early);
    None while any of it is open."""
    paid_on = account.paid_on(invoice.invoice_no)
    if invoice.open_cents > 0 or paid_on is None:
        return None
    return (paid_on - invoice.due_on).days


def paid_on_time(account: Account, invoice: Invoice, habits: Habits) -> bool:
    late = days_late(account, invoice)
    return late is not None and late <= habits.on_time_within_days


@dataclass(frozen=True)
class PaymentRecord:
    """How a set of invoices was paid."""

    judged: int  # invoices in the record
    on_time: int
    average_days_late: int  # over the paid ones; early counts as 0
    habits: Habits

    @property
    def share(self) -> float:
        return self.on_time / self.judged if self.judged else 0.0

    @property
    def reliable(self) -> bool:
        return self.judged > 0 and self.share >= self.habits.reliable_share

    @property
    def unreliable(self) -> bool:
        return self.judged > 0 and (
            self.share < self.habits.unreliable_share
            or self.average_days_late > self.habits.unreliable_average_days_late
        )


def payment_record(
    account: Account, habits: Habits, invoices: Iterable[Invoice] | None = None
) -> PaymentRecord:
    """The record over `invoices`, by default every fully paid invoice."""
    chosen = list(account.paid_invoices if invoices is None else invoices)
    lateness = [d for i in chosen if (d := days_late(account, i)) is not None]
    average = round(sum(max(d, 0) for d in lateness) / len(lateness)) if lateness else 0
    on_time = sum(1 for d in lateness if d <= habits.on_time_within_days)
    return PaymentRecord(len(chosen), on_time, average, habits)


def recent_orders(account: Account, habits: Habits) -> list[Invoice]:
    """Invoices issued within the recent-order window up to today, newest first."""
    window = dt.timedelta(days=habits.recent_order_days)
    return sorted(
        (i for i in account.invoices if account.today - window <= i.issued_on <= account.today),
        key=lambda i: i.issued_on,
        reverse=True,
    )


def customer_days(account: Account) -> int:
    """Days since the customer's first invoice."""
    first = min((i.issued_on for i in account.invoices), default=account.today)
    return (account.today - first).days


def long_relationship(account: Account, habits: Habits) -> bool:
    return customer_days(account) >= habits.long_relationship_days
