"""The account data as plain, immutable values: what the database returns and the rules read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from dunning_coach.language.languages import DEFAULT as DEFAULT_LANGUAGE

ROLE_REP, ROLE_TRAINEE, ROLE_MANAGER = ROLES = ("rep", "trainee", "manager")
PROMISE_OPEN, PROMISE_CANCELLED = PROMISE_STATUSES = ("open", "cancelled")
DEFAULT_CURRENCY = "EUR"  # an account with no invoices yet


@dataclass(frozen=True)
class Rep:
    rep_id: str
    name: str
    role: str = "rep"
    rest_id: str | None = None
    slack_id: str | None = None
    telegram_id: str | None = None
    language: str = DEFAULT_LANGUAGE.value  # the language answers start in (languages.CODES)
    manager_id: str | None = None  # the manager whose team this rep is in
    active: bool = True  # False: removed; no channel lets them in
    team: tuple[str, ...] = ()  # the reps whose manager_id is this rep's id (read, not stored)

    @property
    def is_manager(self) -> bool:
        return self.role == ROLE_MANAGER

    @property
    def is_trainee(self) -> bool:
        return self.role == ROLE_TRAINEE

    @property
    def sees_everyone(self) -> bool:
        """A manager nobody names as theirs sees every rep's work, as before teams existed."""
        return self.is_manager and not self.team

    def oversees(self, rep_id: str) -> bool:
        """Whether this rep's lists (customers, plans, promises, the leaderboard) take in the
        work of rep `rep_id`: a manager their team's and their own, anyone else their own."""
        if self.sees_everyone:
            return True
        return rep_id == self.rep_id or (self.is_manager and rep_id in self.team)

    def may_see(self, customer: Customer) -> bool:
        """A trainee sees only demo customers; everyone else the customers of the reps they
        oversee (a rep their own, a manager their team's and their own, or all without a team).
        `store.visible_to` is the same rule in SQL."""
        if self.is_trainee:
            return customer.demo
        return self.oversees(customer.rep_id)


@dataclass(frozen=True)
class SignInStanding:
    """What the ledger says about the rep behind a web id, for their sign-in codes."""

    rep_id: str
    active: bool
    not_before: dt.datetime | None  # codes issued at or before this were revoked


@dataclass(frozen=True)
class Customer:
    customer_id: str
    name: str
    rep_id: str
    aliases: tuple[str, ...] = ()
    segment: str | None = None
    payment_terms_days: int | None = None
    payment_day: int | None = None  # day of the month of the customer's payment run
    payment_method: str | None = None
    approver: str | None = None
    signatory: str | None = None
    requires_original_invoice: bool | None = None
    phone: str | None = None
    demo: bool = False  # demo data: usable in role-play and by trainees


@dataclass(frozen=True)
class Invoice:
    invoice_no: str
    customer_id: str
    issued_on: dt.date
    due_on: dt.date
    amount_cents: int
    currency: str = DEFAULT_CURRENCY
    original_delivered_on: dt.date | None = None
    paid_cents: int = 0

    @property
    def open_cents(self) -> int:
        return max(self.amount_cents - self.paid_cents, 0)

    def days_overdue(self, today: dt.date) -> int:
        """Days past the due date; 0 or less means not yet due."""
        return (today - self.due_on).days


@dataclass(frozen=True)
class Payment:
    payment_id: str
    customer_id: str
    amount_cents: int
    received_on: dt.date
    invoice_no: str | None = None
    method: str | None = None
    reference: str | None = None


@dataclass(frozen=True)
class LoggedExcuse:
    intent: str
    logged_on: dt.date
    verdict: str | None = None
    text: str | None = None
    rep_id: str | None = None


@dataclass(frozen=True)
class Promise:
    """What the customer promised to pay, and by when. Kept or broken is worked out from
    payments."""

    promise_id: str
    customer_id: str
    amount_cents: int
    promised_for: dt.date
    made_on: dt.date
    rep_id: str | None = None
    invoice_nos: tuple[str, ...] = ()
    status: str = PROMISE_OPEN  # one of PROMISE_STATUSES

    @property
    def cancelled(self) -> bool:
        return self.status == PROMISE_CANCELLED


@dataclass(frozen=True)
class ReportedSign:
    """A warning sign the rep saw at the customer ("their buyer just left")."""

    kind: str
    reported_on: dt.date
    text: str | None = None
    rep_id: str | None = None


@dataclass(frozen=True)
class Note:
    text: str
    noted_on: dt.date
    rep_id: str | None = None


@dataclass(frozen=True)
class RoleplayRound:
    """One finished role-play round of a trainee (or any rep) against one excuse."""

    rep_id: str
    excuse: str
    difficulty: str
    played_on: dt.date
    score: int
    passed: bool
    turns: int = 0
    outcome: str = ""
    customer_id: str | None = None
    met: tuple[str, ...] = ()  # the rubric's criteria met
    round_id: str | None = None
    checks_met: tuple[str, ...] = ()  # the answer checks met
    language: str | None = None  # the language the round was played in


@dataclass(frozen=True)
class TotalsScore:
    """A score the database works out for each customer from totals alone, without loading the
    account (`AccountStore.ranked`): the larger of two weighted sums of the open money, by
    band of days overdue, times one plus the weighted count of lapsed promises and of warning
    signs, plus the promises falling due weighted. The day plan bounds a visit's worth with it.
    """

    ages: tuple[int, ...]  # days overdue where one band gives way to the next, ascending
    weights: tuple[tuple[float, ...], tuple[float, ...]]  # per band (one more than ages), twice
    per_lapsed: float  # per promise not kept whose day and grace have passed
    grace_days: int
    per_sign: float  # per warning-sign kind reported since `signs_since`, plus `signs_base`
    signs_since: dt.date
    signs_base: int
    per_due_cent: float  # per cent promised for a day within the grace up to today

    def of(self, totals: ScoredTotals, signs_base: int | None = None) -> float:
        """The score of these totals, worked out here as the database does (with another
        `signs_base`, when more is known of which signs could show)."""
        base = self.signs_base if signs_base is None else signs_base
        risk = self.per_lapsed * totals.lapsed + self.per_sign * (base + totals.kinds)
        # With no promise lapsed and no sign possible, nothing raises the money's weight.
        risky = totals.lapsed + base + totals.kinds > 0
        weighted = max(totals.plain, totals.raised) if risky else totals.plain
        return weighted * (1 + risk) + self.per_due_cent * totals.due


class ScoredTotals(NamedTuple):
    """A customer's `TotalsScore` and the totals it was worked out from."""

    customer_id: str
    score: float
    plain: float  # the open money weighted by the first weights
    raised: float  # ... by the second
    lapsed: int
    kinds: int
    due: int


@dataclass(frozen=True)
class FactsAsked:
    """What `InvoiceFacts` count, for one day."""

    today: dt.date
    on_time_days: int
    recent_from: dt.date
    large_factor: float
    excuses_after: dt.date


@dataclass(frozen=True)
class InvoiceFacts:
    """Counts over one customer's invoices and excuses, worked out by the database without
    loading the account (`AccountStore.invoice_facts`): enough to rule out warning signs the
    data could show."""

    invoices: int = 0
    due: int = 0  # due before today
    due_on_time: int = 0  # of those, paid in full at most `on_time_days` after the due day
    largest_recent: int | None = None  # the largest amount issued from `recent_from` to today
    small_beside_largest: int = 0  # invoices whose amount times `large_factor` is at most that
    recent_excuses: int = 0  # excuses logged after `excuses_after` up to today, repeats too


@dataclass(frozen=True)
class RepOverdue:
    """One rep's customers with money overdue."""

    rep_id: str
    customers: int
    overdue: tuple[tuple[str, int], ...]  # cents per currency, largest first

    @property
    def cents(self) -> int:
        return sum(cents for _, cents in self.overdue)


@dataclass(frozen=True)
class Account:
    """Everything we know about one customer, as of `today`."""

    customer: Customer
    today: dt.date
    invoices: tuple[Invoice, ...] = ()
    payments: tuple[Payment, ...] = ()
    excuses: tuple[LoggedExcuse, ...] = field(default=())
    promises: tuple[Promise, ...] = ()
    signs: tuple[ReportedSign, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def open_invoices(self) -> list[Invoice]:
        return sorted((i for i in self.invoices if i.open_cents > 0), key=lambda i: i.due_on)

    @property
    def overdue_invoices(self) -> list[Invoice]:
        return [i for i in self.open_invoices if i.days_overdue(self.today) > 0]

    @property
    def paid_invoices(self) -> list[Invoice]:
        return [i for i in self.invoices if i.open_cents == 0]

    @property
    def open_cents(self) -> int:
        return sum(i.open_cents for i in self.open_invoices)

    @property
    def overdue_cents(self) -> int:
        return sum(i.open_cents for i in self.overdue_invoices)

    @property
    def currency(self) -> str:
        for invoice in self.invoices:
            return invoice.currency
        return DEFAULT_CURRENCY

    @property
    def oldest_overdue(self) -> Invoice | None:
        overdue = self.overdue_invoices
        return overdue[0] if overdue else None

    @cached_property
    def _last_paid_on(self) -> dict[str, dt.date]:
        last: dict[str, dt.date] = {}
        for payment in self.payments:
            if payment.invoice_no and payment.received_on > last.get(
                payment.invoice_no, dt.date.min
            ):
                last[payment.invoice_no] = payment.received_on
        return last

    def paid_on(self, invoice_no: str) -> dt.date | None:
        """The day of the latest payment recorded against this invoice, if any."""
        return self._last_paid_on.get(invoice_no)

    @property
    def last_payment(self) -> Payment | None:
        return max(self.payments, key=lambda p: p.received_on, default=None)

    def previous_excuses(self, intent: str) -> list[LoggedExcuse]:
        """Earlier uses of this excuse, newest first."""
        return sorted(
            (e for e in self.excuses if e.intent == intent), key=lambda e: e.logged_on, reverse=True
        )


@dataclass(frozen=True)
class PromiseBook:
    """What a customer's promises need to be judged kept, open or broken, as of `today`: the
    promises and the payments that could count toward them, without the rest of the account
    (the due lists read thousands of these)."""

    customer: Customer
    today: dt.date
    currency: str  # the account's (`Account.currency`)
    promises: tuple[Promise, ...] = ()
    payments: tuple[Payment, ...] = ()
