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
from dunning_coach.common.settings import Habits
from dunning_coach.language import messages
from dunning_coach.language.claims import Claim, same_reference
from dunning_coach.language.dates import payment_runs_around
from dunning_coach.language.formatting import day, day_of_month, money
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import CheckSpec, ExcuseEntry, Playbook, PlaybookError


class Label(str, Enum):
    """A verdict, stored in the excuse log by its English; `text` reads it in a language."""

    LIKELY_TRUE = "Likely true"
    LIKELY_EXCUSE = "Likely excuse"
    CANT_TELL = "Can't tell yet"

    def text(self, language: Language = Language.EN) -> str:
        return messages.text(f"verdict.{self.name.lower()}", language)

    @property
    def tone(self) -> str:
        """The badge's colour a channel gives it (a `reply.TONES` name)."""
        return _TONES[self]


_TONES = {Label.LIKELY_TRUE: "true", Label.LIKELY_EXCUSE: "excuse", Label.CANT_TELL: "unsure"}


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
    language: Language = Language.EN

    @property
    def today(self) -> dt.date:
        return self.account.today

    def day(self, date: dt.date) -> str:
        return day(date, self.today, self.language)

    def money(self, cents: int) -> str:
        return money(cents, self.account.currency, self.language)

    def say(self, key: str, points: int = 0, **values: object) -> Finding:
        """A finding in the rep's language (messages/verdict.yml, `finding.<key>`)."""
        return Finding(messages.text(f"finding.{key}", self.language, **values), points)

    def say_count(self, key: str, count: int, points: int = 0, **values: object) -> Finding:
        """`say` for a text that reads differently for one ("1 open invoice")."""
        text = messages.counted(f"finding.{key}", count, self.language, **values)
        return Finding(text, points)

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
    language: Language = Language.EN,
) -> Verdict:
    """Run the common checks and the excuse's own, and add up the verdict; the evidence lines
    are written in `language`."""
    ctx = Context(account, entry, playbook, habits, claim or Claim(), language)
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
        return [
            ctx.say_count(
                "overdue",
                len(account.open_invoices),
                invoice=oldest.invoice_no,
                days=oldest.days_overdue(ctx.today),
                amount=ctx.money(oldest.open_cents),
                total=ctx.money(account.open_cents),
            )
        ]
    if account.open_invoices:
        first = account.open_invoices[0]
        return [ctx.say("nothing_overdue", invoice=first.invoice_no, date=ctx.day(first.due_on))]
    return [ctx.say("no_open")]


@check("repeat_use")
def repeat_use(ctx: Context, _: Any) -> list[Finding]:
    earlier = [e for e in ctx.account.previous_excuses(ctx.entry.intent) if e.logged_on < ctx.today]
    if not earlier:
        return []
    points = -1 if len(earlier) == 1 else -2
    return [ctx.say_count("repeat", len(earlier), points, date=ctx.day(earlier[0].logged_on))]


# --- checks named by excuses ---------------------------------------------------------------------


@check("outage_plausibility")
def outage_plausibility(ctx: Context, _: Any) -> list[Finding]:
    findings = []
    week_ago = ctx.today - dt.timedelta(days=7)
    recent = [p for p in ctx.account.payments if p.received_on >= week_ago]
    if recent:
        p = max(recent, key=lambda p: p.received_on)
        findings.append(
            ctx.say(
                "paid_recently", -2, amount=ctx.money(p.amount_cents), date=ctx.day(p.received_on)
            )
        )
    segment = ctx.account.customer.segment
    if ctx.is_large:
        findings.append(ctx.say("large_outage", 1, segment=segment))
    elif segment:
        findings.append(ctx.say("small_outage", -1, segment=segment))
    return findings


@check("usual_method")
def usual_method(ctx: Context, methods: list[str]) -> list[Finding]:
    usual = ctx.account.customer.payment_method
    if not usual or any(m.lower() in usual.lower() for m in methods):
        return []
    return [ctx.say("usual_method", -1, usual=usual, method=methods[0])]


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
        findings.append(ctx.say("no_delivery", 2, invoices=", ".join(undelivered[:3])))
    else:
        findings.append(
            ctx.say(
                "delivered",
                -2,
                invoice=oldest.invoice_no,
                date=ctx.day(delivered_on),
                days=(ctx.today - delivered_on).days,
            )
        )
    later_paid = [i for i in ctx.account.paid_invoices if i.issued_on > oldest.issued_on]
    if later_paid:
        findings.append(
            ctx.say("later_paid", -1, later=later_paid[-1].invoice_no, invoice=oldest.invoice_no)
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
                ctx.say(
                    "cheque_recorded",
                    3,
                    cheque=claim.cheque_no,
                    amount=ctx.money(match.amount_cents),
                    date=ctx.day(match.received_on),
                )
            ]
        findings.append(ctx.say("cheque_missing", cheque=claim.cheque_no))
    month_ago = ctx.today - dt.timedelta(days=30)
    unallocated = [p for p in account.payments if not p.invoice_no and p.received_on >= month_ago]
    if unallocated:
        p = unallocated[-1]
        amount, date = ctx.money(p.amount_cents), ctx.day(p.received_on)
        findings.append(
            ctx.say("unallocated_reference", 2, amount=amount, date=date, reference=p.reference)
            if p.reference
            else ctx.say("unallocated", 2, amount=amount, date=date)
        )
        return findings
    last = account.last_payment
    if last is None:
        findings.append(ctx.say("never_paid", -2))
    elif last.received_on < month_ago:
        findings.append(
            ctx.say(
                "no_payment_since",
                -2,
                date=ctx.day(last.received_on),
                days=(ctx.today - last.received_on).days,
            )
        )
    else:
        findings.append(
            ctx.say(
                "last_payment",
                1,
                amount=ctx.money(last.amount_cents),
                date=ctx.day(last.received_on),
            )
        )
    return findings


@check("original_required")
def original_required(ctx: Context, _: Any) -> list[Finding]:
    required = ctx.account.customer.requires_original_invoice
    if required is None:
        return [ctx.say("originals_unknown")]
    if not required:
        return [ctx.say("originals_not_needed", -2)]
    missing = [i for i in ctx.account.open_invoices if not i.original_delivered_on]
    if missing:
        return [ctx.say("original_missing", 2, invoice=missing[0].invoice_no)]
    delivered = [
        (i, i.original_delivered_on) for i in ctx.account.open_invoices if i.original_delivered_on
    ]
    if not delivered:
        return [ctx.say("originals_nothing_open")]
    first, first_delivered_on = delivered[0]
    return [
        ctx.say(
            "originals_delivered", -2, invoice=first.invoice_no, date=ctx.day(first_delivered_on)
        )
    ]


@check("payment_history")
def payment_history(ctx: Context, _: Any) -> list[Finding]:
    record = payment_record(ctx.account, ctx.habits)
    if record.judged < 2:
        return [ctx.say("little_history")]
    counts = {"on_time": record.on_time, "judged": record.judged}
    if record.reliable:
        return [ctx.say("reliable", 2, **counts)]
    points = -2 if record.unreliable else 0
    return [ctx.say("late_payer", points, days=record.average_days_late, **counts)]


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
            ctx.say("complained_early", 3, date=ctx.day(first), invoice=oldest.invoice_no)
        )
    elif oldest:
        findings.append(
            ctx.say(
                "no_early_complaint", -1, invoice=oldest.invoice_no, date=ctx.day(oldest.due_on)
            )
        )
    overdue = account.overdue_invoices
    later_paid = [i for i in account.paid_invoices if oldest and i.issued_on > oldest.issued_on]
    if len(overdue) == 1 and later_paid and oldest is not None:
        findings.append(
            ctx.say("one_disputed", 3, later=later_paid[-1].invoice_no, invoice=oldest.invoice_no)
        )
    elif len(overdue) > 1:
        findings.append(ctx.say("hold_all", -1, count=len(overdue)))
    reorder = _recent_invoice(ctx)
    # A new order they paid is the dispute's own evidence (above), not a sign against it.
    if reorder and reorder not in later_paid:
        findings.append(
            ctx.say(
                "ordered_again", -1, date=ctx.day(reorder.issued_on), invoice=reorder.invoice_no
            )
        )
    return findings


@check("playbook_rule")
def playbook_rule(ctx: Context, _: Any) -> list[Finding]:
    if ctx.entry.rule:
        return [Finding(ctx.entry.rule, -3)]
    return [ctx.say("playbook_excuse", -3)]


@check("agreed_arrangement")
def agreed_arrangement(ctx: Context, keywords: list[str]) -> list[Finding]:
    customer = ctx.account.customer
    for field in (customer.payment_method, customer.segment):
        if field and any(k.lower() in field.lower() for k in keywords):
            return [ctx.say("agreed_arrangement", 5, field=field)]
    return []


@check("approval_chain")
def approval_chain(ctx: Context, _: Any) -> list[Finding]:
    customer = ctx.account.customer
    if not customer.approver:
        return [ctx.say("no_approver")]
    if customer.approver == customer.signatory and not ctx.is_large:
        return [ctx.say("approver_signs", -1, approver=customer.approver)]
    signatory = customer.signatory or messages.text("finding.not_on_file", ctx.language)
    findings = [ctx.say("approver_on_file", approver=customer.approver, signatory=signatory)]
    if ctx.is_large:
        findings.append(ctx.say("large_approval", 1, segment=customer.segment))
    elif customer.segment:
        findings.append(ctx.say("small_approval", -1, segment=customer.segment))
    return findings


@check("signer_on_file")
def signer_on_file(ctx: Context, _: Any) -> list[Finding]:
    signatory = ctx.account.customer.signatory
    if not signatory:
        return [ctx.say("no_signatory")]
    return [ctx.say("signatory_on_file", signatory=signatory)]


@check("overdue_age")
def overdue_age(ctx: Context, short_days: int) -> list[Finding]:
    oldest = ctx.account.oldest_overdue
    if not oldest:
        return []
    days = oldest.days_overdue(ctx.today)
    if days <= short_days:
        return [ctx.say("short_delay", 1, days=days)]
    if days > 3 * short_days:
        return [ctx.say("long_delay", -1, days=days)]
    return []


@check("terms_vs_claim")
def terms_vs_claim(ctx: Context, _: Any) -> list[Finding]:
    customer, claim = ctx.account.customer, ctx.claim
    terms, run_day = customer.payment_terms_days, customer.payment_day
    findings = []
    if terms is None:
        findings.append(ctx.say("no_terms"))
    elif claim.duration_days:
        key, points = ("claim_longer", -2) if claim.duration_days > terms else ("claim_within", 1)
        findings.append(ctx.say(key, points, claimed=claim.duration_days, terms=terms))
    else:
        findings.append(ctx.say("terms", terms=terms))
    if claim.day_of_month and run_day:
        on_file = day_of_month(run_day, ctx.language)
        if claim.day_of_month == run_day:
            findings.append(ctx.say("run_day_matches", 1, run_day=on_file))
        else:
            claimed = day_of_month(claim.day_of_month, ctx.language)
            findings.append(ctx.say("run_day_differs", -1, run_day=on_file, claimed_day=claimed))
    oldest = ctx.account.oldest_overdue
    if oldest is None:
        if ctx.account.open_invoices:
            findings.append(ctx.say("nothing_overdue_terms", 2))
    elif run_day:
        last, upcoming = payment_runs_around(ctx.today, run_day)
        due = {"invoice": oldest.invoice_no, "date": ctx.day(oldest.due_on), "last": ctx.day(last)}
        if oldest.due_on > last:
            findings.append(ctx.say("due_after_run", 2, next=ctx.day(upcoming), **due))
        else:
            findings.append(ctx.say("missed_run", -2, **due))
    elif terms is not None:
        # A monthly cycle can explain a few weeks' delay, not more.
        late = oldest.days_overdue(ctx.today)
        points = -2 if late > 31 else -1
        findings.append(
            ctx.say("late_on_terms", points, invoice=oldest.invoice_no, days=late, terms=terms)
        )
    return findings


@check("sell_through")
def sell_through(ctx: Context, _: Any) -> list[Finding]:
    findings = []
    terms = ctx.account.customer.payment_terms_days
    if terms is not None:
        findings.append(ctx.say("not_sale_or_return", -2, terms=terms))
    reorder = _recent_invoice(ctx)
    if reorder:
        findings.append(
            ctx.say("ordered_more", -1, date=ctx.day(reorder.issued_on), invoice=reorder.invoice_no)
        )
    return findings
