"""Replies as a rep reads them on a phone: short first answers, details behind buttons."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Optional, Sequence

from dunning_coach.formatting import day, money, ordinal, weekday_day
from dunning_coach.models import Account, Customer
from dunning_coach.playbook import ExcuseEntry, Playbook
from dunning_coach.promises import State
from dunning_coach.standing import Standing
from dunning_coach.verdicts import Label, Verdict

FIRST_REPLY_LIMIT = 600  # about one phone screen
TOP_TACTICS = 3
MAX_CUSTOMER_BUTTONS = 8
SHOWN_NOTES = 3
SHOWN_LEVERS = 3


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default=())

    def as_message(self) -> dict:
        """The message as a Rasa output channel takes it."""
        if self.buttons:
            return {"text": self.text, "buttons": [b.as_dict() for b in self.buttons]}
        return {"text": self.text}


def intent_payload(intent: str, **entities: str) -> str:
    """A button payload that Rasa reads as the intent (and entities) directly, skipping NLU."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


class _Filled(dict):
    """Placeholder values; a name without one stays readable instead of raising."""

    def __missing__(self, key: str) -> str:
        return key.replace("_", " ")


def placeholders(account: Optional[Account]) -> _Filled:
    neutral = _Filled(
        customer="the customer", signatory="the signatory", approver="the approver",
        terms="the agreed terms", payment_day="their payment day", method="their usual method",
        oldest_invoice="the invoice", oldest_days="", overdue_amount="the overdue amount",
        open_amount="the open amount",
    )
    if account is None:
        return neutral
    c = account.customer
    filled = _Filled(neutral)
    filled.update(customer=c.name, open_amount=money(account.open_cents, account.currency),
                  overdue_amount=money(account.overdue_cents, account.currency))
    if c.signatory:
        filled["signatory"] = c.signatory
    if c.approver:
        filled["approver"] = c.approver
    if c.payment_terms_days is not None:
        filled["terms"] = f"{c.payment_terms_days} days"
    if c.payment_day:
        filled["payment_day"] = f"the {ordinal(c.payment_day)}"
    if c.payment_method:
        filled["method"] = c.payment_method
    target = account.oldest_overdue or (account.open_invoices or [None])[0]
    if target:
        filled["oldest_invoice"] = target.invoice_no
        filled["oldest_days"] = str(max(target.days_overdue(account.today), 0))
    return filled


def _fill(text: str, values: _Filled) -> str:
    return text.format_map(values)


def _clip(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def excuse_buttons(entry: ExcuseEntry, account: Optional[Account]) -> tuple[Button, ...]:
    buttons = [Button("More tactics", intent_payload("more_tactics", excuse=entry.intent))]
    if account is not None:
        buttons.append(Button("Open invoices", intent_payload("account_summary")))
    return tuple(buttons)


def standing_line(standing: Standing, playbook: Playbook) -> Optional[str]:
    """One line for the first reply: class, escalation, warning signs."""
    parts = []
    worst = standing.classes.worst
    if worst != "not_yet_due":
        parts.append(f"{playbook.classes[worst].title} debt")
    if standing.escalated:
        parts.append(f"{standing.broken_in_a_row} promises broken in a row: escalate")
    if standing.signs:
        parts.append("watch: " + ", ".join(s.title.lower() for s in standing.signs))
    return " · ".join(parts) or None


def standing_lines(standing: Standing, playbook: Playbook) -> list[str]:
    """What the account as a whole says, in full: escalation, class stance, warning signs."""
    lines = []
    if standing.escalated:
        lines.append(playbook.escalation.format(broken=standing.broken_in_a_row))
    worst = standing.classes.worst
    if worst != "not_yet_due":
        lines.append(f"Class: {playbook.classes[worst].title.lower()}. {playbook.classes[worst].stance}")
    if standing.signs:
        lines.append("Watch: " + "; ".join(s.title.lower() for s in standing.signs) + ".")
    return lines


def tactics_for(entry: ExcuseEntry, standing: Optional[Standing], playbook: Optional[Playbook],
                values: _Filled, count: int) -> list[str]:
    """The excuse's countermeasures, led by the firmer tactic of a worse class when the account's
    standing is known."""
    lead = []
    if standing is not None and playbook is not None:
        tactic = playbook.classes[standing.classes.worst].tactic
        if tactic:
            lead.append(tactic)
    return (lead + [_fill(t, values) for t in entry.countermeasures])[:count]


def excuse_reply(entry: ExcuseEntry, verdict: Verdict, account: Account,
                 standing: Optional[Standing] = None, playbook: Optional[Playbook] = None) -> Reply:
    """Excuse, verdict, the account's standing, evidence, top tactics and the line to say,
    within one phone screen."""
    values = placeholders(account)
    line = standing_line(standing, playbook) if standing and playbook else None
    context = [line] if line else []
    tactics = tactics_for(entry, standing, playbook, values, TOP_TACTICS)
    say = _fill(entry.say, values)
    evidence = [f.text for f in verdict.findings]
    # Drop the weakest evidence lines, then shorten long lines, until it fits one screen.
    for shown, width in ((3, 200), (2, 200), (2, 110), (1, 110), (1, 80), (1, 60), (0, 60),
                         (0, 45)):
        text = _excuse_text(f"{entry.title}: {verdict.label.value}", context, evidence[:shown],
                            tactics, say, width)
        if len(text) <= FIRST_REPLY_LIMIT:
            break
    return Reply(text, excuse_buttons(entry, account))


def _excuse_text(head: str, context: Sequence[str], evidence: Sequence[str],
                 tactics: Sequence[str], say: str, width: int) -> str:
    lines = [head]
    lines += [_clip(c, max(width, 110)) for c in context]
    lines += [f"• {_clip(e, width)}" for e in evidence]
    lines += ["Do:"] + [f"{n}. {_clip(t, width)}" for n, t in enumerate(tactics, 1)]
    lines.append(f"Say: {_clip(say, max(width, 120))}")
    return "\n".join(lines)


def _general_advice(entry: ExcuseEntry) -> list[str]:
    """The playbook's top tactics and line to say, for no particular account."""
    values = placeholders(None)
    return (["Do:"] + [f"{n}. {_fill(t, values)}"
                       for n, t in enumerate(entry.countermeasures[:TOP_TACTICS], 1)]
            + [f"Say: {_fill(entry.say, values)}"])


def general_excuse_reply(entry: ExcuseEntry, customers: Sequence[Customer]) -> Reply:
    """The playbook answer when no customer is selected, then: which customer?"""
    lines = [f"{entry.title}: {Label.CANT_TELL.value} (no customer selected).",
             *_general_advice(entry),
             "Which customer are you with? I'll check their account."]
    return Reply("\n".join(lines), customer_buttons(customers)
                 + (Button("More tactics", intent_payload("more_tactics", excuse=entry.intent)),))


def more_tactics_reply(entry: ExcuseEntry, verdict: Optional[Verdict],
                       account: Optional[Account], standing: Optional[Standing] = None,
                       playbook: Optional[Playbook] = None) -> Reply:
    values = placeholders(account)
    lines = [f"{entry.title}: why and how", _fill(entry.analysis, values)]
    if verdict is not None:
        lines.append(f"Evidence ({verdict.label.value}):")
        lines += [f"• {f.text}" for f in verdict.findings]
    if standing is not None and playbook is not None:
        lines += standing_lines(standing, playbook)
        for sign in standing.signs:
            lines.append(f"⚠ {sign.title}: {sign.detail} {sign.advice}")
    lines.append("All tactics:")
    tactics = tactics_for(entry, standing, playbook, values, len(entry.countermeasures) + 1)
    lines += [f"{n}. {t}" for n, t in enumerate(tactics, 1)]
    if standing is not None and standing.levers:
        lines.append("Pressure that fits:")
        lines += [f"- {lever.title}: {lever.how} Why: {lever.reason}"
                  for lever in standing.levers[:SHOWN_LEVERS]]
    lines.append("Ask them:")
    lines += [f"- {_fill(q, values)}" for q in entry.questions]
    return Reply("\n".join(lines))


def customer_buttons(customers: Sequence[Customer],
                     intent: str = "select_customer") -> tuple[Button, ...]:
    """One button per customer; tapped, it sends `intent` for that customer."""
    return tuple(Button(c.name, intent_payload(intent, customer_id=c.customer_id))
                 for c in customers[:MAX_CUSTOMER_BUTTONS])


def now_with(customer: Customer) -> Reply:
    return Reply(f"With {customer.name} now.")


def customer_selected(account: Account, standing: Optional[Standing] = None,
                      playbook: Optional[Playbook] = None) -> Reply:
    c = account.customer
    oldest = account.oldest_overdue
    if oldest:
        status = (f"{money(account.overdue_cents, account.currency)} overdue, oldest "
                  f"{oldest.invoice_no} at {oldest.days_overdue(account.today)} days.")
    elif account.open_invoices:
        status = f"{money(account.open_cents, account.currency)} open, nothing overdue."
    else:
        status = "Nothing open."
    lines = [f"{now_with(c).text} {status}"]
    if standing is not None and playbook is not None:
        lines += standing_lines(standing, playbook)
    lines.append("Tell me what they say, or ask for the account summary.")
    return Reply("\n".join(lines), (Button("Account summary", intent_payload("account_summary")),
                                    Button("Record a promise", intent_payload("promise_to_pay"))))


def account_summary(account: Account, max_invoices: int = 6,
                    standing: Optional[Standing] = None, playbook: Optional[Playbook] = None) -> Reply:
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
        lines.append(f"Open: {money(account.open_cents, account.currency)}, of which "
                     f"{money(account.overdue_cents, account.currency)} overdue")
        for invoice in open_invoices[:max_invoices]:
            late = invoice.days_overdue(today)
            state = f"{late} days overdue" if late > 0 else f"due {day(invoice.due_on, today)}"
            lines.append(f"• {invoice.invoice_no}: {money(invoice.open_cents, invoice.currency)}, {state}")
        if len(open_invoices) > max_invoices:
            lines.append(f"• … and {len(open_invoices) - max_invoices} more")
    else:
        lines.append("Open: nothing")
    last = account.last_payment
    lines.append("Last payment: " + (f"{money(last.amount_cents, account.currency)} on "
                                     f"{day(last.received_on, today)}" if last else "none on record"))
    if account.excuses:
        recent = sorted(account.excuses, key=lambda e: e.logged_on, reverse=True)[:3]
        lines.append("Recent excuses: " + "; ".join(
            f"{e.intent.removeprefix('excuse_').replace('_', ' ')} ({day(e.logged_on, today)})"
            for e in recent))
    if standing is not None and playbook is not None:
        lines += _standing_details(standing, playbook)
    if account.notes:
        lines.append("Notes:")
        lines += [f"• {day(n.noted_on, today)}: {_clip(n.text, 140)}"
                  for n in sorted(account.notes, key=lambda n: n.noted_on, reverse=True)[:SHOWN_NOTES]]
    return Reply("\n".join(lines), (Button("Record a promise", intent_payload("promise_to_pay")),))


def _standing_details(standing: Standing, playbook: Playbook) -> list[str]:
    account, today = standing.account, standing.account.today
    lines = []
    amounts = standing.classes.amounts()
    if amounts:
        raised = " (raised for risk)" if standing.classes.raised_by else ""
        lines.append("By class" + raised + ": " + ", ".join(
            f"{playbook.classes[c].title.lower()} {money(cents, account.currency)}"
            for c, cents in amounts))
    shown = [p for p in standing.promises if p.state is not State.CANCELLED][-3:]
    if shown:
        lines.append("Promises:")
        lines += [f"• {money(p.promise.amount_cents, account.currency)} by "
                  f"{weekday_day(p.promise.promised_for, today)}: {p.state.value}"
                  + (f" ({money(p.paid_cents, account.currency)} paid)"
                     if p.state is State.BROKEN and p.paid_cents else "")
                  for p in shown]
    if standing.escalated:
        lines.append(playbook.escalation.format(broken=standing.broken_in_a_row))
    for sign in standing.signs:
        lines.append(f"⚠ {sign.title}: {sign.detail}")
    return lines


def choose_customer(candidates: Sequence[Customer], said: str,
                    intent: str = "select_customer") -> Reply:
    return Reply(f"Which one do you mean by \"{_clip(said, 60)}\"?",
                 customer_buttons(candidates, intent))


def no_customer_match(said: str, customers: Sequence[Customer]) -> Reply:
    text = f"I don't know a customer called \"{_clip(said, 60)}\" among yours."
    if customers:
        text += " Pick one, or type the name again:"
    return Reply(text, customer_buttons(customers))


def help_reply(playbook: Playbook) -> Reply:
    examples = ", ".join(f'"{e.title.lower()}"' for e in list(playbook.excuses.values())[:3])
    text = ("Tell me which customer you're with, then type what they just said, e.g. "
            f"{examples}. I'll say whether their account backs it up, what to do and what to say. "
            "Ask \"what do they owe\" for the account summary.")
    return Reply(text)


def rephrase_reply(entries: Sequence[ExcuseEntry]) -> Reply:
    text = "I didn't catch that. Could you rephrase what the customer said?"
    if entries:
        text += " Or is it one of these?"
    return Reply(text, tuple(Button(e.title, intent_payload(e.intent)) for e in entries))


def unavailable_reply(entry: Optional[ExcuseEntry], action_server_down: bool) -> Reply:
    """What the rep gets when a turn's action failed: never silence, never account figures."""
    if not action_server_down:
        return Reply("Something went wrong on my side with that message, and nothing from it was "
                     "saved. Please send it again.")
    head = ("Account data is unavailable right now (the account service isn't answering), "
            "so nothing from this message was saved.")
    if entry is None:
        return Reply(f"{head} Try again in a minute.")
    values = placeholders(None)
    lines = [head, f"General playbook advice for \"{entry.title}\":",
             "First tell fact from excuse. Ask:",
             *[f"• {_fill(q, values)}" for q in entry.questions[:2]],
             *_general_advice(entry),
             "Tell me the excuse again once I'm back and I'll check the account and log it."]
    return Reply("\n".join(lines))
