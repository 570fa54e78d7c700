"""Replies for the collection turns: the promise form's questions, promises due, the day's plan,
notes and reported warning signs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from dunning_coach.accounts.models import Account, Customer, PromiseBook, Rep, RepOverdue
from dunning_coach.accounts.replies import customer_button, customer_buttons
from dunning_coach.collection import promise_form as form
from dunning_coach.collection.day_plan import PlanLine
from dunning_coach.collection.promise_questions import Asked, PromiseQuestion
from dunning_coach.collection.promises import PromiseStatus, State
from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.common.reply import Button, Line, Reply, clip, intent_payload
from dunning_coach.language import messages
from dunning_coach.language.dates import payment_runs_around, weekday
from dunning_coach.language.formatting import day, money, weekday_day
from dunning_coach.language.languages import Language
from dunning_coach.language.messages import text as say
from dunning_coach.playbook.playbook import Playbook, SignEntry

PLAN_BUTTONS = 3
# A list of promises names this many; the count and the amount before it cover them all (a
# manager's team may have thousands due in a week, more than any chat message holds).
PROMISES_SHOWN = 15


def stop_button(language: Language) -> Button:
    return Button(say("common.stop", language), intent_payload(Intent.STOP))


def promise_question(
    slot: str,
    values: form.Values,
    account: Account | None,
    customers: Sequence[Customer],
    problem: str | None,
    today: dt.date,
    language: Language = Language.EN,
    tries: int = 0,
    switch_to: Customer | None = None,
) -> Reply:
    """The form's next question, after what was wrong with the last answer. From the second
    failure on, the problem already offers Stop and the question is not asked a third time:
    only its buttons stay. `switch_to`: another customer the rep named, offered as a way out."""
    reply = _promise_question(slot, values, account, customers, problem, today, language)
    if tries >= form.OFFER_STOP_AFTER and problem:
        reply = Reply(problem, reply.buttons)
    if switch_to is not None and account is not None:
        leave = _switch_button(
            say("promise.button_switch", language, name=switch_to.name), switch_to
        )
        keep = _switch_button(say("promise.button_finish_first", language), account.customer)
        reply = reply.with_buttons((leave, keep, *reply.buttons))
    return reply


def _switch_button(title: str, customer: Customer) -> Button:
    """Go to `customer`, leaving what is in progress (the one in progress: carry on)."""
    return Button(
        title, intent_payload(Intent.SWITCH_CUSTOMER, {Entity.CUSTOMER_ID: customer.customer_id})
    )


def promise_resumed(
    values: form.Values, account: Account | None, today: dt.date, language: Language
) -> str:
    """What the form holds so far, said when it comes back to its question after a message
    answered outside it."""
    if account is None:
        return say("promise.resume_no_customer", language)
    if values.amount_cents is None:
        return say("promise.resume", language, name=account.customer.name)
    if values.date is None:
        line = say(
            "promise.line_amount",
            language,
            name=account.customer.name,
            amount=money(values.amount_cents, account.currency, language),
        )
    else:
        line = promise_line(
            account, values.amount_cents, values.date, values.invoice_nos or (), today, language
        )
    return say("promise.resume_line", language, line=line)


def _promise_question(
    slot: str,
    values: form.Values,
    account: Account | None,
    customers: Sequence[Customer],
    problem: str | None,
    today: dt.date,
    language: Language,
) -> Reply:
    lead = f"{problem}\n" if problem else ""
    stop = stop_button(language)
    if slot == form.CUSTOMER or account is None:
        return Reply(
            lead + say("promise.ask_customer", language),
            (*customer_buttons(customers), stop),
        )
    cur, name = account.currency, account.customer.name

    def cash(cents: int) -> str:
        return money(cents, cur, language)

    if slot == form.AMOUNT:
        buttons = [
            Button(
                say("promise.button_all", language, amount=cash(account.open_cents)),
                "all",
            )
        ]
        if 0 < account.overdue_cents < account.open_cents:
            title = say("promise.button_overdue", language, amount=cash(account.overdue_cents))
            buttons.append(Button(title, "the overdue part"))
        text = say(
            "promise.ask_amount",
            language,
            name=name,
            owed=cash(account.open_cents),
            overdue=cash(account.overdue_cents),
        )
        return Reply(lead + text, (*buttons, stop))
    if slot == form.DATE:
        picks = [today + dt.timedelta(days=1), weekday("friday", today)]
        run_day = account.customer.payment_day
        if run_day:
            picks.append(payment_runs_around(today, run_day)[1])
        dates = tuple(
            Button(weekday_day(d, today, language), d.isoformat()) for d in sorted(set(picks))
        )
        text = say("promise.ask_date", language, amount=cash(values.amount_cents or 0))
        return Reply(lead + text, (*dates, stop))
    if slot == form.INVOICES:
        invoices = tuple(
            Button(f"{i.invoice_no} {money(i.open_cents, i.currency, language)}", i.invoice_no)
            for i in account.open_invoices[:4]
        )
        oldest = Button(say("promise.button_oldest", language), "oldest first")
        text = say("promise.ask_invoices", language, amount=cash(values.amount_cents or 0))
        return Reply(lead + text, (*invoices, oldest, stop))
    summary = promise_line(
        account, values.amount_cents or 0, values.date, values.invoice_nos or (), today, language
    )
    return Reply(
        lead + say("promise.ask_confirm", language, summary=summary),
        (
            Button(say("promise.button_save", language), intent_payload(Intent.AFFIRM)),
            Button(say("promise.button_cancel", language), intent_payload(Intent.STOP)),
        ),
    )


def promise_line(
    account: Account,
    amount_cents: int,
    date: dt.date | None,
    invoice_nos: Sequence[str],
    today: dt.date,
    language: Language = Language.EN,
) -> str:
    when = weekday_day(date, today, language) if date else say("promise.no_date", language)
    values = dict(
        name=account.customer.name,
        amount=money(amount_cents, account.currency, language),
        date=when,
    )
    if invoice_nos:
        return say("promise.line_invoices", language, invoices=", ".join(invoice_nos), **values)
    return say("promise.line", language, **values)


def promise_saved(
    account: Account,
    values: form.Values,
    playbook: Playbook,
    today: dt.date,
    language: Language = Language.EN,
) -> Reply:
    line = promise_line(
        account, values.amount_cents or 0, values.date, values.invoice_nos or (), today, language
    )
    step = (
        playbook.promise_next_step.format(date=weekday_day(values.date, today, language))
        if values.date
        else ""
    )
    return Reply(
        say("promise.saved", language, line=line, step=step),
        (
            Button(
                say("promise.button_this_week", language),
                intent_payload(Intent.PROMISES_DUE, {Entity.PERIOD: "this week"}),
            ),
        ),
    )


def promise_cancelled(problem: str | None, language: Language = Language.EN) -> Reply:
    return Reply((problem + "\n" if problem else "") + say("promise.cancelled", language))


def promises_answer(
    question: PromiseQuestion,
    found: Sequence[tuple[PromiseBook, PromiseStatus]],
    upcoming: tuple[PromiseBook, PromiseStatus] | None,
    reps: Mapping[str, Rep],
    today: dt.date,
    language: Language = Language.EN,
) -> Reply:
    """Names the period it covers; with nothing in it, says so and names the next one due. With
    `reps` (a manager's view), the promises are grouped by rep."""
    period = question.period.label(today, language) if question.period else None
    key = {
        Asked.DUE: "due",
        Asked.BROKEN: "broken_in" if period else "broken",
        Asked.OPEN: "open",
    }[question.asked]
    if not found:
        said = [say(f"promises.none_{key}", language, **({"period": period} if period else {}))]
        if upcoming is not None:
            line = _promise_line(*upcoming, today, language)
            said.append(say("promises.next_due", language, line=line))
        return Reply("\n".join(said))
    title = say(f"promises.{key}", language, **({"period": period} if period else {}))
    unpaid = sum(s.short_cents for _, s in found if s.state is not State.KEPT)
    count = (
        "promises.count_not_paid" if question.asked is Asked.BROKEN else "promises.count_to_come"
    )
    amount = money(unpaid, found[0][0].currency, language)
    lines = [Line.plain(say(count, language, title=title, count=len(found), amount=amount))]
    groups: dict[str | None, list[Line]] = {}
    for book, status in found[:PROMISES_SHOWN]:
        rep_id = book.customer.rep_id if reps else None
        promised = Line.bullet(_promise_line(book, status, today, language))
        groups.setdefault(rep_id, []).append(promised)
    for rep_id, listed in groups.items():
        if len(groups) > 1:
            rep = reps.get(rep_id or "")
            name = rep.name if rep else rep_id or say("promises.no_rep", language)
            lines.append(Line.heading(f"{name}:"))
        lines += listed
    if len(found) > PROMISES_SHOWN:
        more = say("promises.more", language, count=len(found) - PROMISES_SHOWN)
        lines.append(Line.plain(more))
    # A customer with two promises listed is one button (issue 29 found it twice).
    customers = {b.customer.customer_id: b.customer for b, _ in found}
    buttons = tuple(customer_button(c) for c in list(customers.values())[:PLAN_BUTTONS])
    return Reply.of(lines, buttons)


def _promise_line(
    book: PromiseBook, status: PromiseStatus, today: dt.date, language: Language
) -> str:
    p = status.promise
    return say(
        "promises.line",
        language,
        date=weekday_day(p.promised_for, today, language),
        customer=book.customer.name,
        amount=money(p.amount_cents, book.currency, language),
        state=say(f"promises.state_{status.state.name.lower()}", language),
    )


def day_plan(
    lines: Sequence[PlanLine], more: int, today: dt.date, language: Language = Language.EN
) -> Reply:
    """A rep's plan: each line says why it is on the list."""
    if not lines:
        return Reply(say("plan.nothing", language))
    head = Line.heading(say("plan.visit_first", language, date=day(today, today, language)))
    return Reply.of(
        [head, *_plan_lines(lines, None, language), *_more(more, language)],
        tuple(customer_button(line.customer) for line in lines[:PLAN_BUTTONS]),
    )


def team_plan(
    lines: Sequence[PlanLine],
    by_rep: Sequence[RepOverdue],
    reps: Mapping[str, Rep],
    show: int,
    today: dt.date,
    language: Language = Language.EN,
) -> Reply:
    """A manager's plan: the team's most valuable visits, each with its rep, then each rep's
    money overdue."""
    if not lines:
        return Reply(say("plan.nothing", language))
    out = [Line.heading(say("plan.team_first", language, date=day(today, today, language)))]
    out += _plan_lines(lines, reps, language)
    out.append(Line.heading(say("plan.by_rep", language)))
    for owner in by_rep[:show]:
        amounts = ", ".join(money(cents, currency, language) for currency, cents in owner.overdue)
        name = reps[owner.rep_id].name if owner.rep_id in reps else owner.rep_id
        counted = messages.counted(
            "plan.rep_overdue", owner.customers, language, rep=name, amount=amounts
        )
        out.append(Line.plain(counted))
    if len(by_rep) > show:
        out.append(Line.plain(say("plan.more_reps", language, count=len(by_rep) - show)))
    return Reply.of(out, tuple(customer_button(line.customer) for line in lines[:PLAN_BUTTONS]))


def _plan_lines(
    lines: Sequence[PlanLine], reps: Mapping[str, Rep] | None, language: Language
) -> list[Line]:
    separator = say("plan.reasons_separator", language)
    out = []
    for n, line in enumerate(lines, 1):
        who = line.customer.name
        if reps is not None:
            owner = reps.get(line.customer.rep_id)
            rep = owner.name if owner else line.customer.rep_id
            who = say("plan.customer_of_rep", language, customer=who, rep=rep)
        out.append(Line.step(n, f"{who}: " + separator.join(line.reasons)))
    return out


def _more(count: int, language: Language) -> list[Line]:
    return [Line.plain(say("plan.more", language, count=count))] if count else []


def note_saved(
    account: Account, text: str, today: dt.date, language: Language = Language.EN
) -> Reply:
    return Reply(
        say(
            "visit.noted",
            language,
            customer=account.customer.name,
            date=day(today, today, language),
            text=text,
        )
    )


def sign_recorded(
    account: Account, entry: SignEntry, today: dt.date, language: Language = Language.EN
) -> Reply:
    return Reply(
        say(
            "visit.sign_recorded",
            language,
            customer=account.customer.name,
            date=day(today, today, language),
            sign=entry.title,
            advice=entry.advice,
        )
    )


# --- Undo (collection/undo.py) ------------------------------------------------------------

NOTE_SHOWN = 80  # a removed note is named by its first words


def undone_sign(sign: str, customer: str | None, language: Language = Language.EN) -> Reply:
    return Reply(say("undo.removed_sign", language, sign=sign, customer=customer or "?"))


def undone_note(text: str, customer: str | None, language: Language = Language.EN) -> Reply:
    return Reply(
        say("undo.removed_note", language, text=clip(text, NOTE_SHOWN), customer=customer or "?")
    )


def undone_excuse(excuse: str, customer: str | None, language: Language = Language.EN) -> Reply:
    if customer is None:  # logged while no customer was selected
        return Reply(say("undo.removed_excuse_general", language, excuse=excuse))
    return Reply(say("undo.removed_excuse", language, excuse=excuse, customer=customer))


def undone_promise(
    account: Account | None,
    amount_cents: int,
    date: dt.date,
    invoice_nos: Sequence[str],
    today: dt.date,
    language: Language = Language.EN,
) -> Reply:
    if account is None:  # its customer is gone from the ledger
        return Reply(say("undo.removed_promise_general", language))
    line = promise_line(account, amount_cents, date, invoice_nos, today, language)
    return Reply(say("undo.removed_promise", language, line=line))


def undo_too_late(
    kind: str, made_on: dt.date, today: dt.date, language: Language = Language.EN
) -> Reply:
    """`kind` is the record's ("sign", "note", "promise", "excuse"): a promise says why."""
    key = "undo.too_late_promise" if kind == "promise" else "undo.too_late"
    return Reply(say(key, language, date=day(made_on, today, language)))


def ask_customer_for(
    what: str, customers: Sequence[Customer], language: Language = Language.EN
) -> Reply:
    """`what` is "note" or "sign": asked which customer it is about."""
    return Reply(say(f"visit.which_customer_{what}", language), customer_buttons(customers))
