"""Fact or excuse? Evidence rules that read one customer's account, and the verdict they add up to.

Each rule ("check") returns findings: a line of evidence with the numbers, and points for
(+) or against (-) the debtor's story. The playbook names which checks each excuse runs, so a
new excuse type reuses these rules without a code change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from dunning_coach.accounts.models import Account, Invoice
from dunning_coach.collection.habits import payment_record, recent_orders
from dunning_coach.common.claims import Claim, same_reference
from dunning_coach.common.dates import payment_runs_around
from dunning_coach.common.formatting import day, money, ordinal, plural
from dunning_coach.common.playbook import CheckSpec, ExcuseEntry, Playbook, PlaybookError
from dunning_coach.common.settings import Habits


class Label(str, Enum):
    LIKELY_TRUE = "Likely true"
    LIKELY_EXCUSE = "Likely excuse"
    CANT_TELL = "Can't tell yet"


@dataclass(frozen=True)
class Finding:
    text: str
    points: int = 0  # > 0 supports the debtor's story, < 0 says excuse, 0 is context


@dataclass(frozen=True)
class Verdict:
    label: Label
    findings: tuple[Finding, ...]
    score: int


@dataclass(frozen=True)
class Context:
    account: Account
    entry: ExcuseEntry
    playbook: Playbook
    habits: Habits
    claim: Claim

    @property
    def today(self) -> dt.date:
        return self.account.today

    def day(self, date: dt.date) -> str:
        return day(date, self.today)

    def money(self, cents: int) -> str:
        return money(cents, self.account.currency)

    @property
    def is_large(self) -> bool:
        return (self.account.customer.segment or "").lower() in self.playbook.large_segments


Check = Callable[[Context, Any], list[Finding]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return register


def judge(
    account: Account,
    entry: ExcuseEntry,
    playbook: Playbook,
    habits: Habits,
    claim: Claim | None = None,
) -> Verdict:
    """Run the common checks and the excuse's own, and add up the verdict."""
    ctx = Context(account, entry, playbook, habits, claim or Claim())
    findings: list[Finding] = []
    for spec in (*playbook.common_checks, *entry.checks):
        findings.extend(_run(spec, ctx))
    score = sum(f.points for f in findings)
    if score >= playbook.true_at:
        label = Label.LIKELY_TRUE
    elif score <= playbook.excuse_at:
        label = Label.LIKELY_EXCUSE
    else:
        label = Label.CANT_TELL
    # Strongest evidence first; context lines (0 points) keep their order after it.
    ordered = sorted(findings, key=lambda f: -abs(f.points))
    return Verdict(label, tuple(ordered), score)


def _run(spec: CheckSpec, ctx: Context) -> list[Finding]:
    try:
        fn = CHECKS[spec.name]
    except KeyError:
        raise PlaybookError(f"{ctx.entry.intent}: unknown check {spec.name!r}") from None
    return fn(ctx, spec.params)


def unknown_check_names(playbook: Playbook) -> set[str]:
    named = {c.name for e in playbook.excuses.values() for c in e.checks}
    named |= {c.name for c in playbook.common_checks}
    return named - set(CHECKS)


# --- helpers ---------------------------------------------------------------------------------


def _recent_invoice(ctx: Context) -> Invoice | None:
    return next(iter(recent_orders(ctx.account, ctx.habits)), None)


# --- checks every excuse gets ------------------------------------------------------------------


@check("overdue_position")
def overdue_position(ctx: Context, _: Any) -> list[Finding]:
    account = ctx.account
    oldest = account.oldest_overdue
    if oldest:
        n = len(account.open_invoices)
        return [
            Finding(
                f"{oldest.invoice_no} is {oldest.days_overdue(ctx.today)} days overdue "
                f"({ctx.money(oldest.open_cents)}); {plural(n, 'open invoice')}, "
                f"{ctx.money(account.open_cents)} in all."
            )
        ]
    if account.open_invoices:
        first = account.open_invoices[0]
        return [
            Finding(f"Nothing overdue yet: {first.invoice_no} falls due {ctx.day(first.due_on)}.")
        ]
    return [Finding("No open invoices on record.")]


@check("repeat_use")
def repeat_use(ctx: Context, _: Any) -> list[Finding]:
    earlier = [e for e in ctx.account.previous_excuses(ctx.entry.intent) if e.logged_on < ctx.today]
    if not earlier:
        return []
    text = f"Same excuse used before, on {ctx.day(earlier[0].logged_on)}"
    if len(earlier) > 1:
        text += f" ({len(earlier)} times in all)"
    return [Finding(text + ".", -1 if len(earlier) == 1 else -2)]


# --- checks named by excuses ---------------------------------------------------------------------


@check("outage_plausibility")
def outage_plausibility(ctx: Context, _: Any) -> list[Finding]:
    findings = []
    week_ago = ctx.today - dt.timedelta(days=7)
    recent = [p for p in ctx.account.payments if p.received_on >= week_ago]
    if recent:
        p = max(recent, key=lambda p: p.received_on)
        findings.append(
            Finding(
                f"They paid {ctx.money(p.amount_cents)} on {ctx.day(p.received_on)}: "
                "their payments were working then.",
                -2,
            )
        )
    segment = ctx.account.customer.segment
    if ctx.is_large:
        findings.append(Finding(f"Segment {segment}: big enough for a real system outage.", 1))
    elif segment:
        findings.append(Finding(f"Segment {segment}: a cheque can be written by hand.", -1))
    return findings


@check("usual_method")
def usual_method(ctx: Context, methods: list[str]) -> list[Finding]:
    usual = ctx.account.customer.payment_method
    if not usual or any(m.lower() in usual.lower() for m in methods):
        return []
    return [Finding(f"They usually pay by {usual}, not {methods[0]}.", -1)]


@check("delivery_record")
def delivery_record(ctx: Context, _: Any) -> list[Finding]:
    open_invoices = ctx.account.open_invoices
    if not open_invoices:
        return []
    oldest = open_invoices[0]
    findings = []
    undelivered = [i.invoice_no for i in open_invoices if not i.original_delivered_on]
    delivered_on = oldest.original_delivered_on
    if undelivered or delivered_on is None:
        findings.append(Finding(f"No delivery recorded for {', '.join(undelivered[:3])}.", 2))
    else:
        findings.append(
            Finding(
                f"{oldest.invoice_no} was delivered on {ctx.day(delivered_on)} "
                f"({(ctx.today - delivered_on).days} days ago).",
                -2,
            )
        )
    later_paid = [i for i in ctx.account.paid_invoices if i.issued_on > oldest.issued_on]
    if later_paid:
        findings.append(
            Finding(
                f"They paid {later_paid[-1].invoice_no}, issued after "
                f"{oldest.invoice_no}: our invoices reach them.",
                -1,
            )
        )
    return findings


@check("payment_on_record")
def payment_on_record(ctx: Context, _: Any) -> list[Finding]:
    account, claim = ctx.account, ctx.claim
    findings = []
    if claim.cheque_no:
        match = next(
            (p for p in account.payments if same_reference(p.reference, claim.cheque_no)), None
        )
        if match:
            return [
                Finding(
                    f"Cheque {claim.cheque_no} is recorded: {ctx.money(match.amount_cents)} "
                    f"received {ctx.day(match.received_on)}.",
                    3,
                )
            ]
        findings.append(Finding(f"Cheque {claim.cheque_no} is not in our payments record yet."))
    month_ago = ctx.today - dt.timedelta(days=30)
    unallocated = [p for p in account.payments if not p.invoice_no and p.received_on >= month_ago]
    if unallocated:
        p = unallocated[-1]
        ref = f" (ref {p.reference})" if p.reference else ""
        findings.append(
            Finding(
                f"Unallocated payment of {ctx.money(p.amount_cents)} received "
                f"{ctx.day(p.received_on)}{ref}: check whether it is theirs.",
                2,
            )
        )
        return findings
    last = account.last_payment
    if last is None:
        findings.append(Finding("No payment from them on record at all.", -2))
    elif last.received_on < month_ago:
        findings.append(
            Finding(
                f"No payment recorded since {ctx.day(last.received_on)} "
                f"({(ctx.today - last.received_on).days} days).",
                -2,
            )
        )
    else:
        findings.append(
            Finding(
                f"Last payment: {ctx.money(last.amount_cents)} on {ctx.day(last.received_on)}.", 1
            )
        )
    return findings


@check("original_required")
def original_required(ctx: Context, _: Any) -> list[Finding]:
    required = ctx.account.customer.requires_original_invoice
    if required is None:
        return [
            Finding("Their file does not say whether originals are needed: ask, and record it.")
        ]
    if not required:
        return [Finding("Their payment process on file needs no original invoice.", -2)]
    missing = [i for i in ctx.account.open_invoices if not i.original_delivered_on]
    if missing:
        return [
            Finding(
                f"Originals are required, and the original of {missing[0].invoice_no} "
                "is not recorded as delivered.",
                2,
            )
        ]
    delivered = [
        (i, i.original_delivered_on) for i in ctx.account.open_invoices if i.original_delivered_on
    ]
    if not delivered:
        return [Finding("Originals are required; there are no open invoices.")]
    first, first_delivered_on = delivered[0]
    return [
        Finding(
            f"Originals are required, and all were delivered ({first.invoice_no} on "
            f"{ctx.day(first_delivered_on)}).",
            -2,
        )
    ]


@check("payment_history")
def payment_history(ctx: Context, _: Any) -> list[Finding]:
    record = payment_record(ctx.account, ctx.habits)
    if record.judged < 2:
        return [Finding("Too little payment history to judge their habits.")]
    text = f"Paid {record.on_time} of {record.judged} past invoices on time"
    if record.reliable:
        return [Finding(text + ": a reliable payer.", 2)]
    late = f"{text}; {record.average_days_late} days late on average."
    return [Finding(late, -2 if record.unreliable else 0)]


@check("dispute_pattern")
def dispute_pattern(ctx: Context, _: Any) -> list[Finding]:
    """A real dispute holds back the disputed delivery; an excuse holds back everything."""
    findings = []
    account = ctx.account
    oldest = account.oldest_overdue
    earlier = account.previous_excuses(ctx.entry.intent)
    first = min((e.logged_on for e in earlier), default=None)
    if first and oldest and first <= oldest.due_on:
        findings.append(
            Finding(f"They complained on {ctx.day(first)}, before {oldest.invoice_no} fell due.", 3)
        )
    elif oldest:
        findings.append(
            Finding(
                f"No complaint on record before {oldest.invoice_no} fell due "
                f"({ctx.day(oldest.due_on)}).",
                -1,
            )
        )
    overdue = account.overdue_invoices
    later_paid = [i for i in account.paid_invoices if oldest and i.issued_on > oldest.issued_on]
    if len(overdue) == 1 and later_paid and oldest is not None:
        findings.append(
            Finding(
                f"They paid later invoices ({later_paid[-1].invoice_no}) and hold "
                f"back only {oldest.invoice_no}: a dispute over that delivery.",
                3,
            )
        )
    elif len(overdue) > 1:
        findings.append(
            Finding(f"They hold back all {len(overdue)} overdue invoices, not one delivery.", -1)
        )
    reorder = _recent_invoice(ctx)
    # A new order they paid is the dispute's own evidence (above), not a sign against it.
    if reorder and reorder not in later_paid:
        findings.append(
            Finding(
                f"They ordered again on {ctx.day(reorder.issued_on)} ({reorder.invoice_no}).", -1
            )
        )
    return findings


@check("playbook_rule")
def playbook_rule(ctx: Context, _: Any) -> list[Finding]:
    return [Finding(ctx.entry.rule or "The playbook treats this as an excuse.", -3)]


@check("agreed_arrangement")
def agreed_arrangement(ctx: Context, keywords: list[str]) -> list[Finding]:
    customer = ctx.account.customer
    for field in (customer.payment_method, customer.segment):
        if field and any(k.lower() in field.lower() for k in keywords):
            return [Finding(f"Their file says '{field}': that is the agreed arrangement.", 5)]
    return []


@check("approval_chain")
def approval_chain(ctx: Context, _: Any) -> list[Finding]:
    customer = ctx.account.customer
    if not customer.approver:
        return [Finding("No approver on file: ask who approves, and record it.")]
    if customer.approver == customer.signatory and not ctx.is_large:
        return [
            Finding(
                f"{customer.approver} both approves and signs: approval is their own decision.", -1
            )
        ]
    findings = [
        Finding(
            f"Approver on file: {customer.approver}; signs: {customer.signatory or 'not on file'}."
        )
    ]
    if ctx.is_large:
        findings.append(Finding(f"Segment {customer.segment}: a real approval chain is likely.", 1))
    elif customer.segment:
        findings.append(
            Finding(f"Segment {customer.segment}: the approver usually decides payment.", -1)
        )
    return findings


@check("signer_on_file")
def signer_on_file(ctx: Context, _: Any) -> list[Finding]:
    signatory = ctx.account.customer.signatory
    if not signatory:
        return [Finding("No signatory on file: ask who signs, and record it.")]
    return [Finding(f"Signatory on file: {signatory}.")]


@check("overdue_age")
def overdue_age(ctx: Context, short_days: int) -> list[Finding]:
    oldest = ctx.account.oldest_overdue
    if not oldest:
        return []
    days = oldest.days_overdue(ctx.today)
    if days <= short_days:
        return [Finding(f"Only {days} days overdue: a short delay fits the story.", 1)]
    if days > 3 * short_days:
        return [Finding(f"{days} days overdue: longer than a short delay explains.", -1)]
    return []


@check("terms_vs_claim")
def terms_vs_claim(ctx: Context, _: Any) -> list[Finding]:
    customer, claim = ctx.account.customer, ctx.claim
    terms, run_day = customer.payment_terms_days, customer.payment_day
    findings = []
    if terms is None:
        findings.append(Finding("No contract terms on file: agree them and record them."))
    elif claim.duration_days:
        if claim.duration_days > terms:
            findings.append(
                Finding(
                    f"They claim {claim.duration_days} days; the contract says {terms} days.", -2
                )
            )
        else:
            findings.append(
                Finding(
                    f"Claimed {claim.duration_days} days is within the contract's {terms} days.", 1
                )
            )
    else:
        findings.append(Finding(f"Contract terms: {terms} days."))
    if claim.day_of_month and run_day:
        if claim.day_of_month == run_day:
            findings.append(
                Finding(f"Their payment run on file is the {ordinal(run_day)}, as they say.", 1)
            )
        else:
            findings.append(
                Finding(
                    f"Their payment run on file is the {ordinal(run_day)}, not the "
                    f"{ordinal(claim.day_of_month)}.",
                    -1,
                )
            )
    oldest = ctx.account.oldest_overdue
    if oldest is None:
        if ctx.account.open_invoices:
            findings.append(Finding("Nothing is overdue under the contract terms yet.", 2))
    elif run_day:
        last, upcoming = payment_runs_around(ctx.today, run_day)
        if oldest.due_on > last:
            findings.append(
                Finding(
                    f"{oldest.invoice_no} fell due {ctx.day(oldest.due_on)}, after "
                    f"their last run ({ctx.day(last)}); next run {ctx.day(upcoming)}.",
                    2,
                )
            )
        else:
            findings.append(
                Finding(
                    f"{oldest.invoice_no} fell due {ctx.day(oldest.due_on)} and "
                    f"missed their run of {ctx.day(last)}.",
                    -2,
                )
            )
    elif terms is not None:
        # A monthly cycle can explain a few weeks' delay, not more.
        late = oldest.days_overdue(ctx.today)
        findings.append(
            Finding(
                f"{oldest.invoice_no} is {late} days overdue on {terms}-day terms.",
                -2 if late > 31 else -1,
            )
        )
    return findings


@check("sell_through")
def sell_through(ctx: Context, _: Any) -> list[Finding]:
    findings = []
    terms = ctx.account.customer.payment_terms_days
    if terms is not None:
        findings.append(
            Finding(f"Contract terms: {terms} days from invoice, not payment on sale.", -2)
        )
    reorder = _recent_invoice(ctx)
    if reorder:
        findings.append(
            Finding(
                f"They ordered more on {ctx.day(reorder.issued_on)} "
                f"({reorder.invoice_no}): stock is moving.",
                -1,
            )
        )
    return findings
