"""Warning signs of coming bad debt: found in the account's data, or reported by the rep.

Rules are named in playbook.yml (`warning_signs.<kind>.rule`); each returns a line of evidence
when the sign shows, else None.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from dunning_coach.accounts.models import Account, FactsAsked, InvoiceFacts
from dunning_coach.collection.habits import paid_on_time, payment_record, recent_orders
from dunning_coach.common.settings import Settings
from dunning_coach.language import messages
from dunning_coach.language.formatting import day, money
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import Playbook, PlaybookError


@dataclass(frozen=True)
class Sign:
    kind: str
    title: str
    advice: str
    detail: str  # the evidence, with numbers or the rep's words and the date
    reported: bool  # True when the rep said it, False when the data shows it
    since: dt.date | None = None


Rule = Callable[[Account, Settings, Language], str | None]  # the detail, in that language
# Whether a rule could show, from counts the database makes without loading the account: False
# only when the rule cannot (the day plan then spares assessing the account).
CouldShow = Callable[[InvoiceFacts, Settings], bool]
RULES: dict[str, Rule] = {}
COULD_SHOW: dict[str, CouldShow] = {}


def rule(name: str, could_show: CouldShow | None = None) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        if could_show is not None:
            COULD_SHOW[name] = could_show
        return fn

    return register


def facts_asked(settings: Settings, today: dt.date) -> FactsAsked:
    """What the rules' `could_show` read, for `today`."""
    return FactsAsked(
        today=today,
        on_time_days=settings.habits.on_time_within_days,
        recent_from=today - dt.timedelta(days=settings.habits.recent_order_days),
        large_factor=settings.warning_signs.large_order_factor,
        excuses_after=today - dt.timedelta(days=settings.warning_signs.excuse_window_days),
    )


def could_show(facts: InvoiceFacts, playbook: Playbook, settings: Settings) -> int:
    """How many of the playbook's data signs could show on an account with these facts."""
    return sum(
        1
        for entry in playbook.warning_signs.values()
        if entry.rule and (entry.rule not in COULD_SHOW or COULD_SHOW[entry.rule](facts, settings))
    )


def _late_now_could_show(facts: InvoiceFacts, settings: Settings) -> bool:
    # The history is all but the last 3 due invoices: it is on time at most as often as all
    # of them, and the last 3 are late at most as often as all of them.
    s, habits = settings.warning_signs, settings.habits
    history = facts.due - 3
    if history < max(s.history_invoices, 1):
        return False
    return (
        facts.due_on_time / history >= habits.reliable_share
        and facts.due - facts.due_on_time >= s.late_recent_count
    )


@rule("late_now", _late_now_could_show)
def late_now(account: Account, settings: Settings, language: Language) -> str | None:
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
    return messages.text(
        "sign.late_now",
        language,
        on_time=record.on_time,
        earlier=len(history),
        troubled=len(troubled),
        recent=len(recent),
    )


@rule(
    "more_excuses",
    lambda facts, settings: facts.recent_excuses >= settings.warning_signs.excuse_min_recent,
)
def more_excuses(account: Account, settings: Settings, language: Language) -> str | None:
    s = settings.warning_signs
    # Distinct excuses: one said again the same day is a repeat (and older logs may hold repeats).
    said = {(e.intent, e.logged_on) for e in account.excuses}
    window = dt.timedelta(days=s.excuse_window_days)
    recent = [d for _, d in said if account.today - window < d <= account.today]
    before = [d for _, d in said if account.today - 2 * window < d <= account.today - window]
    if len(recent) < s.excuse_min_recent or len(recent) <= len(before):
        return None
    return messages.counted(
        "sign.more_excuses", len(recent), language, days=s.excuse_window_days, before=len(before)
    )


def _unusual_order_could_show(facts: InvoiceFacts, settings: Settings) -> bool:
    # An order at least `factor` times the median of the others: at least half of the others
    # are then at most the order over `factor` (the median's lower middle is).
    others = facts.invoices - 1
    if facts.largest_recent is None or others < 3:
        return False
    if settings.warning_signs.large_order_factor <= 0:
        return True
    return facts.small_beside_largest >= (others + 1) // 2


@rule("unusual_order", _unusual_order_could_show)
def unusual_order(account: Account, settings: Settings, language: Language) -> str | None:
    recent = recent_orders(account, settings.habits)
    for invoice in sorted(recent, key=lambda i: i.amount_cents, reverse=True)[:1]:
        others = [i.amount_cents for i in account.invoices if i.invoice_no != invoice.invoice_no]
        if len(others) < 3:
            return None
        usual = statistics.median(others)
        if usual > 0 and invoice.amount_cents >= settings.warning_signs.large_order_factor * usual:
            return messages.text(
                "sign.unusual_order",
                language,
                invoice=invoice.invoice_no,
                date=day(invoice.issued_on, account.today, language),
                amount=money(invoice.amount_cents, invoice.currency, language),
                factor=f"{invoice.amount_cents / usual:.1f}",
            )
    return None


def detect(
    account: Account, playbook: Playbook, settings: Settings, language: Language = Language.EN
) -> list[Sign]:
    """Signs the data shows, then signs the rep reported recently (newest first), described in
    `language` (the playbook is in it already)."""
    found: list[Sign] = []
    for entry in playbook.warning_signs.values():
        if entry.rule is None:
            continue
        try:
            check = RULES[entry.rule]
        except KeyError:
            raise PlaybookError(f"{entry.kind}: unknown warning-sign rule {entry.rule!r}") from None
        detail = check(account, settings, language)
        if detail:
            found.append(Sign(entry.kind, entry.title, entry.advice, detail, reported=False))
    cutoff = account.today - dt.timedelta(days=settings.warning_signs.reported_for_days)
    seen: set[str] = set()
    for report in sorted(account.signs, key=lambda r: r.reported_on, reverse=True):
        reported = playbook.warning_signs.get(report.kind)
        if reported is None or report.reported_on < cutoff or report.kind in seen:
            continue
        seen.add(report.kind)
        when = day(report.reported_on, account.today, language)
        detail = (
            messages.text("sign.reported_said", language, date=when, said=report.text)
            if report.text
            else messages.text("sign.reported", language, date=when)
        )
        found.append(
            Sign(
                reported.kind,
                reported.title,
                reported.advice,
                detail,
                reported=True,
                since=report.reported_on,
            )
        )
    return found


def unknown_rule_names(playbook: Playbook) -> set[str]:
    return {e.rule for e in playbook.warning_signs.values() if e.rule} - set(RULES)
