"""The promise-to-pay form as plain logic: read an answer, fill what it gives, say what is next.

The Rasa form (`promise_form`, validated by `validate_promise_form`) keeps the values in slots
and asks the questions this module writes. It confirms before anything is saved, can be
cancelled at any step, and never loops: a failed answer is told what was wrong with an example of
what fits; the second offers to stop instead of asking the same question a third time; the third
stops. A message that is clearly something else (`steps_out`) is no answer at all: it is answered
outside the form, and the form then asks its question again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from dunning_coach.accounts.models import Account
from dunning_coach.common.rasa_names import Intent, Slot
from dunning_coach.common.settings import Promises
from dunning_coach.language import amounts, dates, dates_local, registry
from dunning_coach.language.claims import same_reference
from dunning_coach.language.formatting import money, weekday_day
from dunning_coach.language.languages import Language
from dunning_coach.language.messages import text as say

CUSTOMER, AMOUNT, DATE, INVOICES, CONFIRMED = (
    Slot.CUSTOMER_ID,
    Slot.PROMISE_AMOUNT,
    Slot.PROMISE_DATE,
    Slot.PROMISE_INVOICES,
    Slot.PROMISE_CONFIRMED,
)
SLOTS = (CUSTOMER, AMOUNT, DATE, INVOICES, CONFIRMED)
OFFER_STOP_AFTER = 2
GIVE_UP_AFTER = 3
STOP_INTENTS = {Intent.STOP}
YES_INTENTS = {Intent.AFFIRM}
NO_INTENTS = {Intent.DENY}
# What can be an answer to the form's questions. Any other intent the classifier is sure of (it
# is not nlu_fallback) is a message from outside the form, unless its text still reads as an
# answer. out_of_scope is kept as an answer: "blah blah" to "how much?" wants an example of an
# amount, not "I only help with collections". So is select_customer: another customer named is
# asked about before this is read (collection/turns.py), and a name no customer has ("xqzv wpt"
# looks like one) is no answer, not a request.
ANSWER_INTENTS = {
    Intent.SELECT_CUSTOMER,
    Intent.INFORM,
    Intent.AFFIRM,
    Intent.DENY,
    Intent.STOP,
    Intent.PROMISE_TO_PAY,
    Intent.SWITCH_CUSTOMER,
    Intent.NLU_FALLBACK,
    Intent.OUT_OF_SCOPE,
}

# The words a rep uses for "all" and "half", every language's (language/units/) in any answer.
_ALL = re.compile("|".join(u.words.all for u in registry.UNITS.values()), re.IGNORECASE)
_HALF = re.compile("|".join(u.words.half for u in registry.UNITS.values()), re.IGNORECASE)
_OVERDUE = re.compile(r"\boverdue\b|\blate (?:part|amount|ones?)\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?<![\w.,])([$€£]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s*(k|grand)?\b"
    r"(\s*(?:eur|euros?|usd|dollars?|gbp|pounds?|quid|bucks))?",
    re.IGNORECASE,
)
_INVOICE_REF = re.compile(
    r"\b[A-Za-z]{2,}[-#]?\d[\w-]*|#\s?\d+|\binvoice\s+(?:no\.?\s*)?\d+", re.IGNORECASE
)
_ANY_INVOICE = re.compile(
    r"\b(?:any|oldest|doesn'?t matter|no matter|whatever|not sure|don'?t know"
    r"|no|none|skip|la más antigua|cualquiera|da igual|no sé)\b"
    r"|最早|随便|隨便|都行|오래된|아무거나",
    re.IGNORECASE,
)
_OLDEST_OR_ANY = re.compile(
    r"\b(?:oldest|any(?:\s+invoice)?|whichever|la más antigua|cualquiera|da igual)\b"
    r"|最早|随便|隨便|都行|오래된|아무거나",
    re.IGNORECASE,
)
_NOW = re.compile(r"(?:right\s+)?now", re.IGNORECASE)
_YES = re.compile(
    r"^\s*(?:(?:y|yes|yep|yeah|ok|okay|correct|right|save|save it|confirm|sure"
    r"|sí|si|vale|de acuerdo|claro|guarda|guárdala)\b"
    # 好像 ("it seems"), 对了 ("by the way") and the like begin other sentences.
    r"|好(?![像象几幾多久])|对(?!了)|對(?!了)|是的|保存|儲存|可以|네|예|좋아요|저장)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Values:
    """What the form holds so far; None means not asked or not answered yet."""

    customer_id: str | None = None
    amount_cents: int | None = None
    date: dt.date | None = None
    invoice_nos: tuple[str, ...] | None = None  # () means no particular invoices
    confirmed: bool | None = None


@dataclass(frozen=True)
class Step:
    """The form's state after one answer."""

    values: Values
    requested: str | None  # the next question, None when finished
    problem: str | None = None  # what was wrong with the answer, said before the question
    tries: int = 0  # failed answers to the current question
    cancelled: bool = False


@dataclass(frozen=True)
class Parsed:
    amount_cents: int | None = None
    date: dt.date | None = None
    invoice_nos: tuple[str, ...] | None = None
    problems: dict[str, str | None] = field(
        default_factory=dict
    )  # per slot: why the answer did not fit


def _open_of(account: Account, invoice_nos: tuple[str, ...] | None) -> int:
    if not invoice_nos:
        return account.open_cents
    return sum(i.open_cents for i in account.open_invoices if i.invoice_no in invoice_nos)


def _amount(
    text: str,
    account: Account,
    invoice_nos: tuple[str, ...] | None,
    strict: bool,
    language: Language = Language.EN,
) -> tuple[int | None, str | None]:
    """An amount in cents, or why the text did not give one. `strict` wants it unmistakable
    (a currency, thousands, or 'all'), as in the first message that starts the form."""
    owed = _open_of(account, invoice_nos)
    cur = account.currency
    if _ALL.search(text):
        return owed, None
    if _OVERDUE.search(text) and account.overdue_cents:
        return account.overdue_cents, None
    if _HALF.search(text):
        return owed // 2, None
    if registry.unit(language).reading is not None:  # its own ways of writing an amount
        return _checked(_local_amount(text, language, cur), owed, cur, language)
    for m in _NUMBER.finditer(text):
        marked = bool(m[1] or m[4] or m[5])
        if strict and not (marked or len(m[2].replace(",", "")) >= 3):
            continue
        value = float(m[2].replace(",", "") + (m[3] or ""))
        return _checked(round(value * (1000 if m[4] else 1) * 100), owed, cur, language)
    return _checked(None, owed, cur, language)


def _local_amount(text: str, language: Language, currency: str) -> int | str | None:
    """An amount as the rep's language writes it ("1.500,50", "3만원"), or the question to ask
    when it reads two ways ("1.500" in Spanish)."""
    found = amounts.amount_cents(text, language)
    if isinstance(found, amounts.Ambiguous):
        first, second = (money(cents, currency, language) for cents in found.readings)
        return say(
            "promise.ambiguous_amount", language, written=found.written, first=first, second=second
        )
    return found


def _checked(
    cents: int | str | None, owed: int, cur: str, language: Language
) -> tuple[int | None, str | None]:
    """A read amount as the form takes it (never zero, never more than is owed), or why not;
    a str is a question already worded."""
    if isinstance(cents, str):
        return None, cents
    if cents is None:
        return None, say("promise.need_amount", language, owed=money(owed, cur, language))
    if cents <= 0:
        return None, say("promise.zero", language)
    if owed and cents > owed:
        return None, say("promise.too_much", language, owed=money(owed, cur, language))
    return cents, None


def _date(
    text: str, today: dt.date, p: Promises, language: Language = Language.EN
) -> tuple[dates.Resolved | None, str | None]:
    found: dates.Resolved | dates.Vague | None
    if registry.unit(language).reading is None:  # reads in dates.py, vague answers too
        found = dates.find(text, today)
    else:
        found = next(iter(dates_local.find_all(text, today, language)), None)
    if isinstance(found, dates.Vague):
        return None, say("promise.vague_date", language, phrase=found.phrase)
    if found is None:
        return None, say("promise.need_date", language)
    day = weekday_day(found.date, today, language)
    if found.date < today:
        return None, say("promise.date_passed", language, date=day)
    if (found.date - today).days > p.horizon_days:
        return None, say("promise.date_too_far", language, date=day, days=p.horizon_days)
    return found, None


def _invoices(text: str, account: Account) -> tuple[str, ...] | None:
    said = [m[0] for m in _INVOICE_REF.finditer(text)]
    chosen = tuple(
        i.invoice_no
        for i in account.open_invoices
        if any(same_reference(s, i.invoice_no) or s.upper() == i.invoice_no.upper() for s in said)
    )
    return chosen or None


def parse(
    text: str,
    account: Account,
    today: dt.date,
    p: Promises,
    *,
    requested: str | None,
    invoice_nos: tuple[str, ...] | None = None,
    language: Language = Language.EN,
) -> Parsed:
    """Everything the text gives: invoices, then the date, then an amount in what is left, as
    the rep's language writes them."""
    problems: dict[str, str | None] = {}
    found_invoices = _invoices(text, account)
    if requested == INVOICES and found_invoices is None:
        if _ALL.search(text):
            found_invoices = tuple(i.invoice_no for i in account.open_invoices)
        elif _ANY_INVOICE.search(text):
            found_invoices = ()
        else:
            listed = ", ".join(i.invoice_no for i in account.open_invoices[:6])
            problems[INVOICES] = say(
                "promise.unknown_invoices",
                language,
                listed=listed,
                example=account.open_invoices[0].invoice_no if account.open_invoices else "",
            )
    rest = _INVOICE_REF.sub(" ", text)
    when, problems[DATE] = _date(rest, today, p, language)
    if when is not None:
        rest = rest[: when.start] + " " + rest[when.end :]
    amount, problems[AMOUNT] = _amount(
        rest,
        account,
        found_invoices or invoice_nos,
        strict=requested not in (AMOUNT, CONFIRMED),
        language=language,
    )
    return Parsed(
        amount,
        when.date if when else None,
        found_invoices,
        {k: v for k, v in problems.items() if v},
    )


def steps_out(
    values: Values,
    requested: str | None,
    text: str,
    intent: str | None,
    account: Account | None,
    today: dt.date,
    p: Promises,
    language: Language = Language.EN,
) -> bool:
    """Whether a message sent while the form asks `requested` is no answer but something else
    to answer outside the form: another intent the classifier is sure of, whose text gives
    nothing of the kind the question asks for (an amount; a date; an invoice, "oldest first";
    yes, or a new amount). "Who should I visit today?" names a day, but no invoice.
    `account` is the customer's the message leaves the form with (None: none chosen yet)."""
    if requested is None or intent is None or intent in ANSWER_INTENTS:
        return False
    if account is None or requested == CUSTOMER:
        return account is None  # a customer named is the answer
    if requested == CONFIRMED and _YES.search(text):
        return False
    if requested == DATE:
        # "Cash is tight right now" says when it is tight, not when they pay.
        rest = _INVOICE_REF.sub(" ", text)
        when, _ = _date(rest, today, p, language)
        return when is None or bool(_NOW.fullmatch(rest[when.start : when.end].strip()))
    if requested == INVOICES:
        # Only an invoice or "oldest first": a bare "no" or "total" inside another intent's
        # message ("el pago no está aprobado", "liquidación total") says nothing of invoices.
        return _invoices(text, account) is None and not _OLDEST_OR_ANY.search(text)
    # An amount (asked for, or a change at the confirmation), read as the form reads it: after
    # the invoices and the day are taken out.
    parsed = parse(
        text,
        account,
        today,
        p,
        requested=requested,
        invoice_nos=values.invoice_nos,
        language=language,
    )
    return parsed.amount_cents is None


def next_question(values: Values, account: Account | None) -> str | None:
    if values.customer_id is None or account is None:
        return CUSTOMER
    if values.amount_cents is None:
        return AMOUNT
    if values.date is None:
        return DATE
    partial = values.amount_cents < account.open_cents
    if values.invoice_nos is None and partial and len(account.open_invoices) > 1:
        return INVOICES
    if values.confirmed is None:
        return CONFIRMED
    return None


def step(
    values: Values,
    requested: str | None,
    tries: int,
    text: str,
    intent: str | None,
    account: Account | None,
    today: dt.date,
    p: Promises,
    language: Language = Language.EN,
) -> Step:
    """Read one answer. `requested` is None on the message that starts the form."""
    if intent in STOP_INTENTS:
        return Step(values, None, cancelled=True)
    if account is None:
        if requested == CUSTOMER:
            problem = say("promise.unknown_customer", language)
            return _failed(values, CUSTOMER, tries, problem, language)
        return Step(values, CUSTOMER)
    parsed = parse(
        text,
        account,
        today,
        p,
        requested=requested,
        invoice_nos=values.invoice_nos,
        language=language,
    )
    updated = replace(
        values,
        amount_cents=parsed.amount_cents
        if parsed.amount_cents is not None
        else values.amount_cents,
        date=parsed.date or values.date,
        invoice_nos=parsed.invoice_nos if parsed.invoice_nos is not None else values.invoice_nos,
    )
    changed = updated != values
    if requested == CONFIRMED:
        if changed:
            updated = replace(updated, confirmed=None)  # show the corrected promise again
        elif intent in YES_INTENTS or _YES.search(text):
            updated = replace(updated, confirmed=True)
        elif intent in NO_INTENTS:
            return Step(
                updated,
                CONFIRMED,
                problem=say("promise.change_what", language),
                tries=tries,
            )
    answered = (
        requested is None or changed or (requested == CONFIRMED and updated.confirmed is True)
    )
    if answered or requested is None:
        return Step(updated, next_question(updated, account))
    problem = parsed.problems.get(requested) or say("promise.unread_confirmation", language)
    return _failed(updated, requested, tries, problem, language)


def _failed(values: Values, requested: str, tries: int, problem: str, language: Language) -> Step:
    """One more failed answer to `requested`: say what was wrong (with an example), then offer
    to stop (the question is not asked a third time), then give up."""
    tries += 1
    if tries >= GIVE_UP_AFTER:
        return Step(values, None, cancelled=True, problem=say("promise.gave_up", language))
    if tries >= OFFER_STOP_AFTER:
        problem += say("promise.offer_stop", language)
    return Step(values, requested, problem=problem, tries=tries)
