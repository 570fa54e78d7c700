"""Collection turns beyond one excuse, without Rasa: the promise form, promises due, the day's
plan, notes and warning signs from the visit.

The Rasa actions turn a tracker into these calls and the results into messages and slots.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Optional

from dunning_coach import day_plan as planning
from dunning_coach import matching, promise_form, render_collection
from dunning_coach import promises as promise_rules
from dunning_coach.coach import assess, visible_customer
from dunning_coach.db import AccountStore
from dunning_coach.models import Account, Rep
from dunning_coach.playbook import Playbook
from dunning_coach.render import Reply
from dunning_coach.settings import Settings

_NOTE_PREFIX = re.compile(r"^\s*(?:note|notes|memo|remember|fyi)\b\s*(?:that\b)?\s*[:,\-–]?\s*",
                          re.IGNORECASE)


# --- the promise form ------------------------------------------------------------------------

@dataclass(frozen=True)
class FormTurn:
    """The form after one answer, as slot values for Rasa."""

    slots: dict[str, Any]
    requested: Optional[str]


def form_values(slots: dict[str, Any]) -> promise_form.Values:
    """The form's values from the slots (dates are kept as ISO text, amounts as cents)."""
    raw_date = slots.get(promise_form.DATE)
    invoices = slots.get(promise_form.INVOICES)
    return promise_form.Values(
        customer_id=slots.get(promise_form.CUSTOMER),
        amount_cents=int(slots[promise_form.AMOUNT]) if slots.get(promise_form.AMOUNT) is not None
        else None,
        date=dt.date.fromisoformat(raw_date) if raw_date else None,
        invoice_nos=tuple(invoices) if invoices is not None else None,
        confirmed=slots.get(promise_form.CONFIRMED),
    )


def _as_slots(values: promise_form.Values) -> dict[str, Any]:
    return {
        promise_form.CUSTOMER: values.customer_id,
        promise_form.AMOUNT: values.amount_cents,
        promise_form.DATE: values.date.isoformat() if values.date else None,
        promise_form.INVOICES: list(values.invoice_nos) if values.invoice_nos is not None else None,
        promise_form.CONFIRMED: values.confirmed,
    }


def promise_turn(store: AccountStore, rep: Rep, slots: dict[str, Any], requested: Optional[str],
                 tries: int, text: str, intent: Optional[str], picked_customer: Optional[str],
                 today: dt.date, settings: Settings) -> FormTurn:
    """Read one answer to the promise form: the customer first (already selected, tapped, or
    named in the message), then amount, date, invoices and the confirmation."""
    values = form_values(slots)
    customer = visible_customer(store, rep, picked_customer or values.customer_id)
    if customer is None and intent not in promise_form.STOP_INTENTS:
        found = matching.resolve(text, store.customers_visible_to(rep))
        if found.outcome is matching.Outcome.FOUND:
            customer = found.customer
    if customer is not None and customer.customer_id != values.customer_id:
        # A different customer: start the promise over for them.
        values = promise_form.Values(customer_id=customer.customer_id)
        requested = None if requested == promise_form.CUSTOMER else requested
    account = store.account(customer.customer_id, today) if customer else None
    step = promise_form.step(values, requested, tries, text, intent, account, today,
                             settings.promises)
    slots_out = {**_as_slots(step.values), "promise_tries": step.tries,
                 "promise_problem": step.problem}
    if step.cancelled:
        slots_out[promise_form.CONFIRMED] = False
        return FormTurn(slots_out, None)
    return FormTurn(slots_out, step.requested)


def promise_question(store: AccountStore, rep: Rep, slot: str, slots: dict[str, Any],
                     problem: Optional[str], today: dt.date) -> Reply:
    values = form_values(slots)
    customer = visible_customer(store, rep, values.customer_id)
    account = store.account(customer.customer_id, today) if customer else None
    return render_collection.promise_question(
        slot, values, account, store.customers_visible_to(rep), problem, today)


def finish_promise(store: AccountStore, rep: Rep, slots: dict[str, Any], problem: Optional[str],
                   today: dt.date, playbook: Playbook) -> Reply:
    """Save a confirmed promise; anything else was cancelled and saves nothing."""
    values = form_values(slots)
    customer = visible_customer(store, rep, values.customer_id)
    if not (values.confirmed and customer and values.amount_cents and values.date):
        return render_collection.promise_cancelled(problem)
    store.add_promise(customer_id=customer.customer_id, rep_id=rep.rep_id,
                      amount_cents=values.amount_cents, promised_for=values.date, made_on=today,
                      invoice_nos=values.invoice_nos or ())
    account = store.account(customer.customer_id, today)
    return render_collection.promise_saved(account, values, playbook, today)


# --- promises due and the day's plan -----------------------------------------------------------

def period_for(text: str, period: Optional[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """'today' unless the rep asked about the week (through Sunday) or tomorrow."""
    said = f"{period or ''} {text}".lower()
    if "week" in said:
        return today, today + dt.timedelta(days=6 - today.weekday())
    if "tomorrow" in said:
        tomorrow = today + dt.timedelta(days=1)
        return tomorrow, tomorrow
    return today, today


def promises_due(store: AccountStore, rep: Rep, text: str, period: Optional[str],
                 today: dt.date, settings: Settings) -> Reply:
    start, end = period_for(text, period, today)
    found: list[tuple[Account, promise_rules.PromiseStatus]] = []
    for customer_id in store.customers_with_promises(rep, start, end):
        account = store.account(customer_id, today)
        statuses = promise_rules.statuses(account, settings.promises.grace_days)
        found += [(account, s) for s in promise_rules.falling_due(statuses, start, end)]
    found.sort(key=lambda pair: (pair[1].promise.promised_for, pair[0].customer.name))
    return render_collection.promises_due(found, start, end, today)


def day_plan(store: AccountStore, rep: Rep, today: dt.date, playbook: Playbook,
             settings: Settings) -> Reply:
    """The rep's customers ranked by what collecting them is worth today; a manager gets one
    plan per rep."""
    standings = [assess(a, playbook, settings) for a in store.accounts_visible_to(rep, today)]
    if not rep.is_manager:
        plan = planning.rank(standings, settings.day_plan, playbook)
        return render_collection.day_plan([(rep, plan)], settings.day_plan.show, today)
    sections = []
    for owner in store.reps():
        theirs = [s for s in standings if s.account.customer.rep_id == owner.rep_id]
        if theirs:
            sections.append((owner, planning.rank(theirs, settings.day_plan, playbook)))
    return render_collection.day_plan(sections, max(3, settings.day_plan.show // 2), today)


# --- notes and warning signs from the visit ----------------------------------------------------

def note_text(text: str) -> str:
    """The note without its 'Note:' lead-in."""
    return _NOTE_PREFIX.sub("", text, count=1).strip()


@dataclass(frozen=True)
class Recorded:
    reply: Reply
    pending: Optional[dict[str, str]] = None  # kept until the rep picks a customer


def record(store: AccountStore, rep: Rep, customer_id: Optional[str], intent: str, text: str,
           today: dt.date, playbook: Playbook) -> Recorded:
    """Save a note ('add_note') or a reported warning sign ('sign_*') on the current customer."""
    if intent == "add_note":
        text = note_text(text)
        if not text:
            return Recorded(Reply("What should the note say? Send it as \"Note: …\"."))
    elif intent not in playbook.warning_signs:
        return Recorded(Reply("I can't record that."))
    customer = visible_customer(store, rep, customer_id)
    if customer is None:
        what = "note" if intent == "add_note" else "warning sign"
        return Recorded(render_collection.ask_customer_for(what, store.customers_visible_to(rep)),
                        {"intent": intent, "text": text})
    account = store.account(customer.customer_id, today)
    if intent == "add_note":
        store.add_note(customer_id=customer.customer_id, rep_id=rep.rep_id, text=text[:2000],
                       noted_on=today)
        return Recorded(render_collection.note_saved(account, text, today))
    store.add_sign(customer_id=customer.customer_id, rep_id=rep.rep_id, kind=intent,
                   text=text[:500], reported_on=today)
    return Recorded(render_collection.sign_recorded(account, playbook.warning_signs[intent], today))
