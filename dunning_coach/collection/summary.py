"""Where an account stands, as the rep reads it: on choosing the customer and in the summary."""

from __future__ import annotations

from dunning_coach.accounts.models import Account
from dunning_coach.accounts.replies import now_with
from dunning_coach.collection.promises import State
from dunning_coach.collection.standing import Standing
from dunning_coach.common import messages
from dunning_coach.common.formatting import day, money, ordinal, weekday_day
from dunning_coach.common.languages import Language
from dunning_coach.common.playbook import Playbook
from dunning_coach.common.rasa_names import Intent
from dunning_coach.common.reply import Button, Reply, clip, intent_payload

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
    lines = []
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
    lines = [f"{now_with(account.customer, language).text} {status}"]
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


def account_summary(account: Account, standing: Standing, playbook: Playbook) -> Reply:
    c, today = account.customer, account.today
    lines = [f"{c.name} ({c.customer_id})"]
    terms = []
    if c.payment_terms_days is not None:
        terms.append(f"{c.payment_terms_days} days")
    if c.payment_day:
        terms.append(f"pays on the {ordinal(c.payment_day)}")
    if c.payment_method:
        terms.append(f"by {c.payment_method}")
    if c.requires_original_invoice is not None:
        terms.append("originals required" if c.requires_original_invoice else "no originals needed")
    lines.append("Terms: " + (", ".join(terms) if terms else "not on file"))
    lines.append(f"Approves: {c.approver or 'not on file'}; signs: {c.signatory or 'not on file'}")
    open_invoices = account.open_invoices
    if open_invoices:
        lines.append(
            f"Open: {money(account.open_cents, account.currency)}, of which "
            f"{money(account.overdue_cents, account.currency)} overdue"
        )
        for invoice in open_invoices[:SHOWN_INVOICES]:
            late = invoice.days_overdue(today)
            state = f"{late} days overdue" if late > 0 else f"due {day(invoice.due_on, today)}"
            lines.append(
                f"• {invoice.invoice_no}: {money(invoice.open_cents, invoice.currency)}, {state}"
            )
        if len(open_invoices) > SHOWN_INVOICES:
            lines.append(f"• … and {len(open_invoices) - SHOWN_INVOICES} more")
    else:
        lines.append("Open: nothing")
    last = account.last_payment
    lines.append(
        "Last payment: "
        + (
            f"{money(last.amount_cents, account.currency)} on {day(last.received_on, today)}"
            if last
            else "none on record"
        )
    )
    if account.excuses:
        recent = sorted(account.excuses, key=lambda e: e.logged_on, reverse=True)[:3]
        lines.append(
            "Recent excuses: "
            + "; ".join(
                f"{e.intent.removeprefix('excuse_').replace('_', ' ')} ({day(e.logged_on, today)})"
                for e in recent
            )
        )
    lines += standing_details(standing, playbook)
    if account.notes:
        lines.append("Notes:")
        lines += [
            f"• {day(n.noted_on, today)}: {clip(n.text, 140)}"
            for n in sorted(account.notes, key=lambda n: n.noted_on, reverse=True)[:SHOWN_NOTES]
        ]
    return Reply(
        "\n".join(lines), (Button("Record a promise", intent_payload(Intent.PROMISE_TO_PAY)),)
    )


def standing_details(standing: Standing, playbook: Playbook) -> list[str]:
    account, today = standing.account, standing.account.today
    lines = []
    amounts = standing.classes.amounts()
    if amounts:
        raised = " (raised for risk)" if standing.classes.raised_by else ""
        lines.append(
            "By class"
            + raised
            + ": "
            + ", ".join(
                f"{playbook.classes[c].title.lower()} {money(cents, account.currency)}"
                for c, cents in amounts
            )
        )
    shown = [p for p in standing.promises if p.state is not State.CANCELLED][-3:]
    if shown:
        lines.append("Promises:")
        lines += [
            f"• {money(p.promise.amount_cents, account.currency)} by "
            f"{weekday_day(p.promise.promised_for, today)}: {p.state.value}"
            + (
                f" ({money(p.paid_cents, account.currency)} paid)"
                if p.state is State.BROKEN and p.paid_cents
                else ""
            )
            for p in shown
        ]
    if standing.escalated:
        lines.append(playbook.escalation.format(broken=standing.broken_in_a_row))
    for sign in standing.signs:
        lines.append(f"⚠ {sign.title}: {sign.detail}")
    return lines
