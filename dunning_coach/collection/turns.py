"""Collection turns beyond one excuse, without Rasa: the promise form, promises due, the day's
plan, notes and warning signs from the visit.

The Rasa actions turn a tracker into these calls and the results into messages and slots.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dunning_coach.accounts import matching
from dunning_coach.accounts.models import PromiseBook, ScoredTotals
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import day_plan as planning
from dunning_coach.collection import (
    promise_form,
    promise_questions,
    replies,
    saving,
    undo,
    warning_signs,
)
from dunning_coach.collection import promises as promise_rules
from dunning_coach.collection.standing import assess
from dunning_coach.common.rasa_names import Intent, Slot
from dunning_coach.common.reply import Reply
from dunning_coach.language import messages

_NOTE_PREFIX = re.compile(
    r"^\s*(?:(?:note|notes|memo|remember|fyi|nota|apunta|anota)\b\s*(?:that\b)?"
    r"|备注|備註|记录|記錄|记一下|記一下|메모해\s*줘|메모|기록)\s*[:：,\-–]?\s*",
    re.IGNORECASE,
)


# --- the promise form ------------------------------------------------------------------------


@dataclass(frozen=True)
class FormTurn:
    """The form after one answer, as slot values for Rasa, and what to say now (the saved
    promise; the form's questions are asked by their own actions)."""

    slots: dict[str, Any]
    requested: str | None
    reply: Reply | None = None
    # The message is no answer but something else (promise_form.steps_out): Rasa answers it
    # outside the form, which then asks its question again.
    stepped_out: bool = False


def form_values(slots: dict[str, Any]) -> promise_form.Values:
    """The form's values from the slots (dates are kept as ISO text, amounts as cents)."""
    raw_date = slots.get(promise_form.DATE)
    invoices = slots.get(promise_form.INVOICES)
    return promise_form.Values(
        customer_id=slots.get(promise_form.CUSTOMER),
        amount_cents=int(slots[promise_form.AMOUNT])
        if slots.get(promise_form.AMOUNT) is not None
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


@dataclass(frozen=True)
class FormAnswer:
    """One message sent while the promise form asks `requested`, attempt number `tries`."""

    slots: dict[str, Any]
    requested: str | None
    tries: int
    text: str
    intent: str | None
    picked_customer: str | None  # a customer tapped on a button


def promise_turn(turn: TurnContext, answer: FormAnswer) -> FormTurn:
    """Read one answer to the promise form: the customer first (already selected, tapped, or
    named in the message), then amount, date, invoices and the confirmation. The confirmed
    promise is saved here, while the form still asks for the confirmation: when the ledger
    refuses it (or the turn never comes back to Rasa) the form keeps asking, and yes saves it."""
    values = form_values(answer.slots)
    requested, text, intent, tries = answer.requested, answer.text, answer.intent, answer.tries
    if requested is None:
        # A new promise: nothing of an earlier one counts, least of all its confirmation (a form
        # whose closing action never ran would otherwise save the next promise unasked).
        values, tries = promise_form.Values(customer_id=values.customer_id), 0
    elif requested != promise_form.CUSTOMER and values.customer_id is not None:
        switched = _another_customer(turn, answer, values)
        if switched is not None:
            return switched
    customer = turn.visible(answer.picked_customer or values.customer_id)
    if customer is None and intent not in promise_form.STOP_INTENTS:
        found = matching.resolve(text, turn.customers())
        if found.outcome is matching.Outcome.FOUND:
            customer = found.customer
    if customer is not None and customer.customer_id != values.customer_id:
        # A different customer: start the promise over for them.
        values = promise_form.Values(customer_id=customer.customer_id)
        requested = None if requested == promise_form.CUSTOMER else requested
    account = turn.account(customer) if customer else None
    if promise_form.steps_out(
        values, requested, text, intent, account, turn.today, turn.settings.promises, turn.language
    ):
        return FormTurn({}, requested, stepped_out=True)
    step = promise_form.step(
        values,
        requested,
        tries,
        text,
        intent,
        account,
        turn.today,
        turn.settings.promises,
        turn.language,
    )
    slots_out = {
        **_as_slots(step.values),
        Slot.PROMISE_TRIES: step.tries,
        Slot.PROMISE_PROBLEM: step.problem,
        Slot.PROMISE_SWITCH_TO: None,
    }
    if step.cancelled:
        slots_out[promise_form.CONFIRMED] = False
        return FormTurn(slots_out, None)
    if step.requested is None and step.values.confirmed and account is not None:
        promise_id = saving.save_promise(
            turn.store, turn.rep.rep_id, account, step.values, turn.today
        )
        if promise_id is None:
            # Not saved: ask for the confirmation again, saying why.
            slots_out[promise_form.CONFIRMED] = None
            slots_out[Slot.PROMISE_PROBLEM] = messages.text("promise.not_saved", turn.language)
            return FormTurn(slots_out, promise_form.CONFIRMED)
        saved = replies.promise_saved(
            account, step.values, turn.playbook, turn.today, turn.language
        )
        promise = undo.RecordRef(undo.Kind.PROMISE, promise_id)
        return FormTurn(slots_out, None, undo.with_undo(saved, promise, turn.language))
    return FormTurn(slots_out, step.requested)


# Intents whose text is read for another customer's name mid-form: not the bare answers, where
# a date like "Friday" could pass for "Friday Foods".
_BARE_ANSWERS = {Intent.INFORM, Intent.AFFIRM, Intent.DENY, Intent.STOP}


def _another_customer(
    turn: TurnContext, answer: FormAnswer, values: promise_form.Values
) -> FormTurn | None:
    """Another customer tapped or named while the form is under way: asked whether to drop the
    promise and go there, or finish it first; dropped when a switch button says so. None when
    the message is about the promise's own customer."""
    current = turn.visible(values.customer_id)
    other = turn.visible(answer.picked_customer)
    if other is None and answer.intent not in _BARE_ANSWERS:
        found = matching.spot(answer.text, turn.customers())
        other = found.customer if found.outcome is matching.Outcome.FOUND else None
    if current is None or other is None or other.customer_id == current.customer_id:
        if answer.intent == Intent.SWITCH_CUSTOMER:  # "finish it first": the question again
            return FormTurn(
                {Slot.PROMISE_PROBLEM: None, Slot.PROMISE_SWITCH_TO: None}, answer.requested
            )
        return None
    names = dict(old=current.name, new=other.name)
    if answer.intent == Intent.SWITCH_CUSTOMER:
        dropped = {
            **_as_slots(promise_form.Values(customer_id=other.customer_id)),
            promise_form.CONFIRMED: False,
            Slot.PROMISE_PROBLEM: messages.text("promise.dropped", turn.language, **names),
            Slot.PROMISE_TRIES: 0,
            Slot.PROMISE_SWITCH_TO: None,
        }
        return FormTurn(dropped, None)
    asked = {
        Slot.PROMISE_PROBLEM: messages.text("promise.other_customer", turn.language, **names),
        Slot.PROMISE_SWITCH_TO: other.customer_id,
    }
    return FormTurn(asked, answer.requested)


def promise_resumed(turn: TurnContext, slots: dict[str, Any], requested: str | None) -> FormTurn:
    """The form comes back to its question after a message answered outside it, saying what it
    holds so far; failed answers before the message no longer count."""
    values = form_values(slots)
    customer = turn.visible(values.customer_id)
    account = turn.account(customer) if customer else None
    back = replies.promise_resumed(values, account, turn.today, turn.language)
    return FormTurn(
        {Slot.PROMISE_PROBLEM: back, Slot.PROMISE_TRIES: 0, Slot.PROMISE_SWITCH_TO: None},
        requested,
    )


def promise_question(
    turn: TurnContext,
    slot: str,
    slots: dict[str, Any],
    problem: str | None,
    tries: int = 0,
    switch_to: str | None = None,
) -> Reply:
    values = form_values(slots)
    customer = turn.visible(values.customer_id)
    account = turn.account(customer) if customer else None
    return replies.promise_question(
        slot,
        values,
        account,
        turn.customers(),
        problem,
        turn.today,
        turn.language,
        tries,
        turn.visible(switch_to),
    )


def finish_promise(turn: TurnContext, slots: dict[str, Any], problem: str | None) -> Reply | None:
    """The form has ended: a confirmed promise was saved and announced by `promise_turn`
    (None: nothing more to say); anything else was cancelled and saved nothing."""
    if form_values(slots).confirmed:
        return None
    return replies.promise_cancelled(problem, turn.language)


# --- promises due and the day's plan -----------------------------------------------------------


# A question with nothing due looks this many promised days ahead for the next one due.
NEXT_DUE_LOOKAHEAD = 10


def promises_due(turn: TurnContext, text: str) -> Reply:
    """Promises due in the period the rep asked about, the broken ones or all the open ones; a
    manager's grouped by rep. Only the promises and the payments that could keep them are read
    (`AccountStore.promise_books`), not whole accounts."""
    question = promise_questions.read(text, turn.today, turn.language)
    period = question.period
    start, end = (period.start, period.end) if period else (dt.date.min, dt.date.max)
    found: list[tuple[PromiseBook, promise_rules.PromiseStatus]] = []
    for book in turn.store.promise_books(turn.rep, start, end, turn.today):
        found += [(book, s) for s in _statuses(turn, book) if question.matches(s)]
    found.sort(key=lambda pair: (pair[1].promise.promised_for, pair[0].customer.name))
    upcoming = _next_due(turn, end) if not found and period is not None else None
    reps = {r.rep_id: r for r in turn.store.reps()} if turn.rep.is_manager else {}
    return replies.promises_answer(question, found, upcoming, reps, turn.today, turn.language)


def _statuses(turn: TurnContext, book: PromiseBook) -> list[promise_rules.PromiseStatus]:
    return promise_rules.statuses(book, turn.settings.promises.grace_days)


def _next_due(
    turn: TurnContext, after: dt.date
) -> tuple[PromiseBook, promise_rules.PromiseStatus] | None:
    """The first promise after `after` still to be paid, to name when a period has none."""
    for promised in turn.store.promise_days_after(turn.rep, after, NEXT_DUE_LOOKAHEAD):
        for book in turn.store.promise_books(turn.rep, promised, promised, turn.today):
            for status in _statuses(turn, book):
                still_to_pay = status.state in (promise_rules.State.OPEN, promise_rules.State.DUE)
                if status.promise.promised_for == promised and still_to_pay:
                    return book, status
    return None


def day_plan(turn: TurnContext) -> Reply:
    """The customers most worth visiting today: a rep's own; a manager's team's, with each
    rep's money overdue. Only the accounts that could make the list are assessed
    (`day_plan.best`)."""
    settings, playbook, language = turn.settings, turn.playbook, turn.language
    score = planning.bound(settings, playbook, turn.today)
    asked = warning_signs.facts_asked(settings, turn.today)

    def lines_for(customer_ids: list[str]) -> list[planning.PlanLine]:
        standings = (
            assess(account, playbook, settings, language, with_levers=False)
            for account in turn.store.accounts(customer_ids, turn.today)
        )
        return [
            line
            for standing in standings
            if (line := planning.line(standing, settings.day_plan, playbook, language))
        ]

    def refine(batch: list[ScoredTotals], beaten: Callable[[float], bool]) -> list[float]:
        ids = [t.customer_id for t in batch]
        books = {b.customer.customer_id: b for b in turn.store.promise_books_of(ids, turn.today)}
        return planning.refined(
            batch,
            books,
            lambda running: turn.store.invoice_facts(running, asked),
            score,
            playbook,
            settings,
            beaten,
        )

    show = settings.day_plan.show
    # The money overdue per rep is another scan of the open invoices: done alongside.
    overdue_read = turn.store.alongside(lambda store: store.overdue_by_rep(turn.rep, turn.today))
    ranked = turn.store.ranked(turn.rep, turn.today, score)
    lines = planning.best(ranked, lines_for, show, refine)
    overdue = overdue_read.result()
    if not turn.rep.is_manager:
        shown = sum(1 for line in lines if line.standing.account.overdue_cents)
        more = sum(r.customers for r in overdue) - shown
        return replies.day_plan(lines, more, turn.today, language)
    reps = {r.rep_id: r for r in turn.store.reps()}
    return replies.team_plan(lines, overdue, reps, show, turn.today, language)


# --- notes and warning signs from the visit ----------------------------------------------------


def note_text(text: str) -> str:
    """The note without its 'Note:' lead-in."""
    return _NOTE_PREFIX.sub("", text, count=1).strip()


@dataclass(frozen=True)
class Recorded:
    reply: Reply
    pending: dict[str, str] | None = None  # kept until the rep picks a customer


def record(turn: TurnContext, intent: str, text: str) -> Recorded:
    """Save a note ('add_note') or a reported warning sign ('sign_*') on the current customer."""
    if intent == Intent.ADD_NOTE:
        text = note_text(text)
        if not text:
            return Recorded(Reply(messages.text("visit.empty_note", turn.language)))
    elif intent not in turn.playbook.warning_signs:
        return Recorded(Reply(messages.text("visit.cannot_record", turn.language)))
    customer = turn.customer()
    if customer is None:
        what = "note" if intent == Intent.ADD_NOTE else "sign"
        return Recorded(
            replies.ask_customer_for(what, turn.customers(), turn.language),
            {"intent": intent, "text": text},
        )
    account = turn.account(customer)
    rep_id, language = turn.rep.rep_id, turn.language
    # Saved (or found saved earlier today, the same words sent again): the reply's Undo button
    # names that record. Refused: nothing to undo, and no button.
    if intent == Intent.ADD_NOTE:
        note_id = saving.save_note(turn.store, rep_id, account, text, turn.today)
        if note_id is None:
            return Recorded(Reply(messages.text("visit.not_saved", language)))
        noted = replies.note_saved(account, text, turn.today, language)
        return Recorded(undo.with_undo(noted, undo.RecordRef(undo.Kind.NOTE, note_id), language))
    sign_id = saving.save_sign(turn.store, rep_id, account, intent, text, turn.today)
    if sign_id is None:
        return Recorded(Reply(messages.text("visit.not_saved", language)))
    signed = replies.sign_recorded(
        account, turn.playbook.warning_signs[intent], turn.today, language
    )
    return Recorded(undo.with_undo(signed, undo.RecordRef(undo.Kind.SIGN, sign_id), language))
