"""Warning signs of coming bad debt: found in the account's data, or reported by the rep.

Rules are named in playbook.yml (`warning_signs.<kind>.rule`); each returns a line of evidence
when the sign shows, else None.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from dunning_coach.accounts.models import Account
from dunning_coach.collection.habits import paid_on_time, payment_record, recent_orders
from dunning_coach.common.formatting import day, money, plural
from dunning_coach.common.playbook import Playbook, PlaybookError
from dunning_coach.common.settings import Settings


@dataclass(frozen=True)
class Sign:
    kind: str
    title: str
    advice: str
    detail: str  # the evidence, with numbers or the rep's words and the date
    reported: bool  # True when the rep said it, False when the data shows it
    since: dt.date | None = None


Rule = Callable[[Account, Settings], str | None]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return register


@rule("late_now")
def late_now(account: Account, settings: Settings) -> str | None:
    """A reliable payer until now, and now the latest invoices are late, part-paid or open."""
    s, habits = settings.warning_signs, settings.habits
    due = sorted((i for i in account.invoices if i.due_on < account.today), key=lambda i: i.due_on)
    recent, history = due[-3:], due[:-3]
    if len(history) < s.history_invoices:
        return None
    record = payment_record(account, habits, history)
    if not record.reliable:
        return None
    troubled = [i for i in recent if not paid_on_time(account, i, habits)]
    if len(troubled) < s.late_recent_count:
        return None
    return (
        f"Paid {record.on_time} of {len(history)} earlier invoices on time; "
        f"{len(troubled)} of the last {len(recent)} are late or part-paid."
    )


@rule("more_excuses")
def more_excuses(account: Account, settings: Settings) -> str | None:
    s = settings.warning_signs
    # Distinct excuses: one said again the same day is a repeat (and older logs may hold repeats).
    said = {(e.intent, e.logged_on) for e in account.excuses}
    window = dt.timedelta(days=s.excuse_window_days)
    recent = [d for _, d in said if account.today - window < d <= account.today]
    before = [d for _, d in said if account.today - 2 * window < d <= account.today - window]
    if len(recent) < s.excuse_min_recent or len(recent) <= len(before):
        return None
    return (
        f"{plural(len(recent), 'excuse')} in the last {s.excuse_window_days} days, "
        f"against {len(before)} in the {s.excuse_window_days} before."
    )


@rule("unusual_order")
def unusual_order(account: Account, settings: Settings) -> str | None:
    recent = recent_orders(account, settings.habits)
    for invoice in sorted(recent, key=lambda i: i.amount_cents, reverse=True)[:1]:
        others = [i.amount_cents for i in account.invoices if i.invoice_no != invoice.invoice_no]
        if len(others) < 3:
            return None
        usual = statistics.median(others)
        if usual > 0 and invoice.amount_cents >= settings.warning_signs.large_order_factor * usual:
            return (
                f"{invoice.invoice_no} on {day(invoice.issued_on, account.today)} is "
                f"{money(invoice.amount_cents, invoice.currency)}, "
                f"{invoice.amount_cents / usual:.1f}× their usual order."
            )
    return None


def detect(account: Account, playbook: Playbook, settings: Settings) -> list[Sign]:
    """Signs the data shows, then signs the rep reported recently (newest first)."""
    found: list[Sign] = []
    for entry in playbook.warning_signs.values():
        if entry.rule is None:
            continue
        try:
            check = RULES[entry.rule]
        except KeyError:
            raise PlaybookError(f"{entry.kind}: unknown warning-sign rule {entry.rule!r}") from None
        detail = check(account, settings)
        if detail:
            found.append(Sign(entry.kind, entry.title, entry.advice, detail, reported=False))
    cutoff = account.today - dt.timedelta(days=settings.warning_signs.reported_for_days)
    seen: set[str] = set()
    for report in sorted(account.signs, key=lambda r: r.reported_on, reverse=True):
        reported = playbook.warning_signs.get(report.kind)
        if reported is None or report.reported_on < cutoff or report.kind in seen:
            continue
        seen.add(report.kind)
        said = f': "{report.text}"' if report.text else ""
        found.append(
            Sign(
                reported.kind,
                reported.title,
                reported.advice,
                f"Reported {day(report.reported_on, account.today)}{said}",
                reported=True,
                since=report.reported_on,
            )
        )
    return found


def unknown_rule_names(playbook: Playbook) -> set[str]:
    return {e.rule for e in playbook.warning_signs.values() if e.rule} - set(RULES)
