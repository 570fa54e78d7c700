"""Where an account stands, as the rep reads it: on choosing the customer and in the summary."""

from __future__ import annotations

from dunning_coach.accounts.models import Account
from dunning_coach.accounts.replies import now_with
from dunning_coach.collection.promises import State
from dunning_coach.collection.standing import Standing
from dunning_coach.common.rasa_names import Intent
from dunning_coach.common.reply import Button, Line, Reply, clip, intent_payload
from dunning_coach.language import messages
from dunning_coach.language.formatting import day, day_of_month, money, weekday_day
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import Playbook

SHOWN_NOTES = 3
SHOWN_INVOICES = 6


def _signs(standing: Standing, language: Language) -> str:
    separator = messages.text("standing.list_separator", language)
    return separator.join(s.title.lower() for s in standing.signs)


def standing_line(
    standing: Standing, playbook: Playbook, language: Language = Language.EN
) -> str | None:
    """One line for the first reply: class, escalation, warning signs."""
    parts = []
    worst = standing.classes.worst
    if worst != "not_yet_due":
        parts.append(
            messages.text(
                "standing.class_debt", language, **{"class": playbook.classes[worst].title}
            )
        )
    if standing.escalated:
        parts.append(
            messages.text("standing.broken_short", language, count=standing.broken_in_a_row)
        )
    if standing.signs:
        parts.append(
            messages.text("standing.watch_short", language, signs=_signs(standing, language))
        )
    return " · ".join(parts) or None


def standing_lines(
    standing: Standing, playbook: Playbook, language: Language = Language.EN
) -> list[str]:
    """What the account as a whole says, in full: escalation, class stance, warning signs."""
    lines: list[str] = []
    if standing.escalated:
        lines.append(playbook.escalation.format(broken=standing.broken_in_a_row))
    worst = standing.classes.worst
    if worst != "not_yet_due":
        entry = playbook.classes[worst]
        lines.append(
            messages.text(
                "standing.class", language, stance=entry.stance, **{"class": entry.title.lower()}
            )
        )
    if standing.signs:
        lines.append(messages.text("standing.watch", language, signs=_signs(standing, language)))
    return lines


def customer_selected(
    account: Account, standing: Standing, playbook: Playbook, language: Language = Language.EN
) -> Reply:
    oldest = account.oldest_overdue

    def cash(cents: int) -> str:
        return money(cents, account.currency, language)

    if oldest:
        status = messages.text(
            "account.overdue_status",
            language,
            amount=cash(account.overdue_cents),
            invoice=oldest.invoice_no,
            days=oldest.days_overdue(account.today),
        )
    elif account.open_invoices:
        status = messages.text("account.open_status", language, amount=cash(account.open_cents))
    else:
        status = messages.text("account.nothing_open", language)
    chosen = now_with(account.customer, language).text
    lines = [messages.text("account.selected", language, now_with=chosen, status=status)]
    lines += standing_lines(standing, playbook, language)
    lines.append(messages.text("account.tell_me", language))
    return Reply(
        "\n".join(lines),
        (
            Button(
                messages.text("account.button_summary", language),
                intent_payload(Intent.ACCOUNT_SUMMARY),
            ),
            Button(
                messages.text("account.button_promise", language),
                intent_payload(Intent.PROMISE_TO_PAY),
            ),
        ),
    )


def account_summary(
    account: Account, standing: Standing, playbook: Playbook, language: Language = Language.EN
) -> Reply:
    c, today = account.customer, account.today

    def cash(cents: int) -> str:
        return money(cents, account.currency, language)

    lines = [Line.plain(f"{c.name} ({c.customer_id})")]
    terms = []
    if c.payment_terms_days is not None:
        terms.append(messages.text("placeholder.terms_days", language, days=c.payment_terms_days))
    if c.payment_day:
        terms.append(
            messages.text("summary.pays_on", language, day=day_of_month(c.payment_day, language))
        )
    if c.payment_method:
        terms.append(messages.text("summary.by_method", language, method=c.payment_method))
    if c.requires_original_invoice is not None:
        required = c.requires_original_invoice
        terms.append(
            messages.text(
                "summary.originals_required" if required else "summary.no_originals", language
            )
        )
    shown_terms = messages.text("summary.list_separator", language).join(terms) or messages.text(
        "finding.not_on_file", language
    )
    lines.append(Line.plain(messages.text("summary.terms", language, terms=shown_terms)))
    missing = messages.text("finding.not_on_file", language)
    approves = messages.text(
        "summary.approves",
        language,
        approver=c.approver or missing,
        signatory=c.signatory or missing,
    )
    lines.append(Line.plain(approves))
    open_invoices = account.open_invoices
    if open_invoices:
        totals = messages.text(
            "summary.open",
            language,
            open=cash(account.open_cents),
            overdue=cash(account.overdue_cents),
        )
        lines.append(Line.plain(totals))
        for invoice in open_invoices[:SHOWN_INVOICES]:
            late = invoice.days_overdue(today)
            amount = money(invoice.open_cents, invoice.currency, language)
            lines.append(
                Line.bullet(
                    messages.text(
                        "summary.invoice_overdue",
                        language,
                        invoice=invoice.invoice_no,
                        amount=amount,
                        days=late,
                    )
                    if late > 0
                    else messages.text(
                        "summary.invoice_due",
                        language,
                        invoice=invoice.invoice_no,
                        amount=amount,
                        date=day(invoice.due_on, today, language),
                    )
                )
            )
        if len(open_invoices) > SHOWN_INVOICES:
            more = len(open_invoices) - SHOWN_INVOICES
            lines.append(Line.bullet(messages.text("summary.more_invoices", language, count=more)))
    else:
        lines.append(Line.plain(messages.text("summary.open_nothing", language)))
    last = account.last_payment
    paid = (
        messages.text(
            "summary.last_payment",
            language,
            amount=cash(last.amount_cents),
            date=day(last.received_on, today, language),
        )
        if last
        else messages.text("summary.last_payment_none", language)
    )
    lines.append(Line.plain(paid))
    if account.excuses:
        recent = sorted(account.excuses, key=lambda e: e.logged_on, reverse=True)[:3]
        said = [
            f"{_excuse_name(e.intent, playbook)} ({day(e.logged_on, today, language)})"
            for e in recent
        ]
        recent_said = messages.text("summary.recent_excuses", language, excuses="; ".join(said))
        lines.append(Line.plain(recent_said))
    lines += standing_details(standing, playbook, language)
    if account.notes:
        lines.append(Line.heading(messages.text("summary.notes", language)))
        lines += [
            Line.bullet(f"{day(n.noted_on, today, language)}: {clip(n.text, 140)}")
            for n in sorted(account.notes, key=lambda n: n.noted_on, reverse=True)[:SHOWN_NOTES]
        ]
    return Reply.of(
        lines,
        (
            Button(
                messages.text("account.button_promise", language),
                intent_payload(Intent.PROMISE_TO_PAY),
            ),
        ),
    )


def _excuse_name(intent: str, playbook: Playbook) -> str:
    """The excuse's title; an intent the playbook no longer has, by its name."""
    if playbook.is_excuse(intent):
        return playbook.excuse(intent).title
    return intent.removeprefix("excuse_").replace("_", " ")


def standing_details(
    standing: Standing, playbook: Playbook, language: Language = Language.EN
) -> list[Line]:
    account, today = standing.account, standing.account.today

    def cash(cents: int) -> str:
        return money(cents, account.currency, language)

    lines: list[Line] = []
    amounts = standing.classes.amounts()
    if amounts:
        key = "summary.by_class_raised" if standing.classes.raised_by else "summary.by_class"
        classes = ", ".join(
            f"{playbook.classes[c].title.lower()} {cash(cents)}" for c, cents in amounts
        )
        lines.append(Line.plain(messages.text(key, language, classes=classes)))
    shown = [p for p in standing.promises if p.state is not State.CANCELLED][-3:]
    if shown:
        lines.append(Line.heading(messages.text("summary.promises", language)))
        for p in shown:
            values = dict(
                amount=cash(p.promise.amount_cents),
                date=weekday_day(p.promise.promised_for, today, language),
                state=messages.text(f"promises.state_{p.state.name.lower()}", language),
            )
            if p.state is State.BROKEN and p.paid_cents:
                paid = cash(p.paid_cents)
                said = messages.text("summary.promise_part_paid", language, paid=paid, **values)
            else:
                said = messages.text("summary.promise", language, **values)
            lines.append(Line.bullet(said))
    if standing.escalated:
        lines.append(Line.plain(playbook.escalation.format(broken=standing.broken_in_a_row)))
    for sign in standing.signs:
        lines.append(Line.plain(f"⚠ {sign.title}: {sign.detail}"))
    return lines
