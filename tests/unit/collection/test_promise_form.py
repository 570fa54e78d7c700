import datetime as dt

import pytest

from dunning_coach.collection import promise_form as pf
from dunning_coach.common.settings import Promises
from dunning_coach.language.languages import Language
from tests.conftest import TODAY

P = Promises()


@pytest.fixture
def account(build):
    build.customer(name="Acme")
    build.invoice(issued=60, due=30, amount=1000, invoice_no="INV-1")
    build.invoice(issued=40, due=10, amount=500, invoice_no="INV-2")
    build.invoice(issued=10, due=-20, amount=300, invoice_no="INV-3")
    return build.store.account("C1", TODAY)


def start(account, text):
    return pf.step(pf.Values(customer_id="C1"), None, 0, text, "promise_to_pay", account, TODAY, P)


def answer(account, step, text, intent="inform"):
    return pf.step(step.values, step.requested, step.tries, text, intent, account, TODAY, P)


def test_one_message_can_fill_amount_date_and_invoices_then_asks_to_confirm(account):
    step = start(account, "they promised 1,000 for INV-1 next friday")
    assert step.values.amount_cents == 100000
    assert step.values.date == dt.date(2026, 12, 4)
    assert step.values.invoice_nos == ("INV-1",)
    assert step.requested == pf.CONFIRMED


def test_happy_path_asks_amount_then_date_then_confirms(account):
    step = start(account, "record a promise")
    assert step.requested == pf.AMOUNT and step.problem is None
    step = answer(account, step, "all")
    assert step.values.amount_cents == 180000 and step.requested == pf.DATE
    step = answer(account, step, "in two weeks")
    assert step.values.date == dt.date(2026, 12, 7)
    assert step.requested == pf.CONFIRMED  # all of it: no need to ask which invoices
    step = answer(account, step, "yes", intent="affirm")
    assert step.values.confirmed is True and step.requested is None and not step.cancelled


def test_part_payment_asks_which_invoices_and_accepts_oldest_first(account):
    step = answer(account, start(account, "record a promise"), "half")
    step = answer(account, step, "the 30th")
    assert step.requested == pf.INVOICES
    step = answer(account, step, "oldest first")
    assert step.values.invoice_nos == () and step.requested == pf.CONFIRMED


def test_overdue_part_means_only_the_overdue_amount(account):
    step = answer(account, start(account, "new promise"), "the overdue part")
    assert step.values.amount_cents == 150000


def test_correction_at_confirmation_changes_the_value_and_asks_again(account):
    step = start(account, "they promised €500 on friday")
    step = answer(account, step, "oldest")
    assert step.requested == pf.CONFIRMED
    step = answer(account, step, "no, make it 700 on the 30th")
    assert step.values.amount_cents == 70000 and step.values.date == dt.date(2026, 11, 30)
    assert step.requested == pf.CONFIRMED and step.values.confirmed is None


def test_no_at_confirmation_asks_what_to_change(account):
    step = start(account, "they promised all of it on friday")
    step = answer(account, step, "no", intent="deny")
    assert step.requested == pf.CONFIRMED and "What should change" in step.problem


def test_stop_cancels_at_any_step(account):
    step = start(account, "record a promise")
    step = answer(account, step, "forget it", intent="stop")
    assert step.cancelled and step.requested is None


def test_failed_answers_get_an_example_then_the_offer_to_stop_and_the_third_stops(account):
    step = answer(account, start(account, "record a promise"), "all")
    step = answer(account, step, "next week")
    assert step.requested == pf.DATE and step.tries == 1 and "isn't a day" in step.problem
    assert "e.g. 'Friday'" in step.problem and "Tap Stop" not in step.problem
    step = answer(account, step, "whenever")
    assert step.tries == 2 and "Tap Stop" in step.problem
    assert "I need a day: 'Friday'" in step.problem
    step = answer(account, step, "dunno")
    assert step.cancelled and "stopped" in step.problem


def test_an_unreadable_confirmation_gets_an_example_of_a_change(account):
    step = start(account, "they promised all of it on friday")
    step = answer(account, step, "hmm well", intent="out_of_scope")
    assert step.requested == pf.CONFIRMED and "such as '2000' or 'Friday'" in step.problem


def test_an_unknown_invoice_names_one_that_fits(account):
    step = answer(account, start(account, "they promised 500 on friday"), "INV-9")
    assert step.requested == pf.INVOICES
    assert "e.g. INV-1, or 'oldest first'" in step.problem


def _out(account, requested, text, intent, values=None):
    values = values or pf.Values(customer_id="C1", amount_cents=50000)
    return pf.steps_out(values, requested, text, intent, account, TODAY, P)


@pytest.mark.parametrize(
    "requested, text, intent",
    [
        (pf.AMOUNT, "he says the cheque is in the post", "excuse_cheque_mailed"),
        (pf.DATE, "what do they owe?", "account_summary"),
        (pf.INVOICES, "which promises are due this week?", "promises_due"),
        (pf.CONFIRMED, "who should I visit today?", "day_plan"),
        (pf.INVOICES, "who should I visit today?", "day_plan"),  # a day, but no invoice
        (pf.INVOICES, "he says the cheque is in the post", "excuse_cheque_mailed"),
        (pf.DATE, "they say they'll pay next month", "excuse_pay_next_month"),
        (pf.DATE, "they say cash is tight right now", "excuse_money_tight"),
        (pf.INVOICES, "el pago no está aprobado todavía", "excuse_not_approved"),  # "no"
        (pf.INVOICES, "están de liquidación total", "sign_clearance_sale"),  # "total"
        (pf.CONFIRMED, "对了,他们的会计离职了", "sign_staff_change"),  # "by the way"
        (pf.CONFIRMED, "好像他们要搬家了", "sign_moving"),  # "it seems"
        (pf.CUSTOMER, "plan my day", "day_plan"),
    ],
)
def test_another_intent_that_gives_nothing_asked_for_steps_out_of_the_form(
    account, requested, text, intent
):
    on = None if requested == pf.CUSTOMER else account
    assert _out(on, requested, text, intent)


@pytest.mark.parametrize(
    "requested, text, intent",
    [
        (pf.AMOUNT, "2000", "inform"),  # the form's own intents are always answers
        (pf.AMOUNT, "blah", "nlu_fallback"),
        (pf.AMOUNT, "blah blah", "out_of_scope"),
        (pf.AMOUNT, "xqzv wpt", "select_customer"),  # no customer's name: no answer
        (pf.CUSTOMER, "at xqzv wpt", "select_customer"),  # a name no customer has: asked again
        (pf.DATE, "the cheque will be posted friday", "excuse_cheque_mailed"),  # a date
        (pf.DATE, "they can pay today", "excuse_money_tight"),
        (pf.AMOUNT, "money is tight, 500 is all they have", "excuse_money_tight"),  # an amount
        (pf.INVOICES, "INV-2, they say the other one never arrived", "excuse_invoice_not_received"),
        (pf.INVOICES, "oldest first", "more_tactics"),
        (pf.CONFIRMED, "yes", "greet"),
        (None, "they promised 500", "excuse_money_tight"),  # the message that starts the form
    ],
)
def test_a_message_that_reads_as_an_answer_stays_in_the_form(account, requested, text, intent):
    assert not _out(account, requested, text, intent)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("5000", "more than the €1,800.00 they owe"),
        ("0", "zero is not a promise"),
    ],
)
def test_impossible_amounts_are_refused_with_the_reason(account, text, problem):
    step = answer(account, start(account, "record a promise"), text)
    assert step.requested == pf.AMOUNT and problem in step.problem


@pytest.mark.parametrize(
    "text, problem",
    [
        ("2026-11-01", "has passed"),
        ("2027-09-01", "over 120 days away"),
    ],
)
def test_past_or_far_dates_are_refused(account, text, problem):
    step = answer(account, start(account, "new promise, all of it"), text)
    assert step.requested == pf.DATE and problem in step.problem


def test_the_first_message_needs_an_unmistakable_amount(account):
    # "2 invoices" is not €2; the amount is asked for.
    step = start(account, "they will pay 2 invoices in 3 weeks")
    assert step.values.amount_cents is None and step.values.date == dt.date(2026, 12, 14)
    assert step.requested == pf.AMOUNT


def test_without_an_account_the_customer_is_asked_first():
    step = pf.step(pf.Values(), None, 0, "record a promise", "promise_to_pay", None, TODAY, P)
    assert step.requested == pf.CUSTOMER


def test_an_unknown_customer_is_a_failed_answer_like_any_other():
    step = pf.step(pf.Values(), pf.CUSTOMER, 1, "at zenith", "inform", None, TODAY, P)
    assert step.requested == pf.CUSTOMER and step.tries == 2
    assert step.problem.startswith("I don't know that customer") and "Tap Stop" in step.problem
    step = pf.step(pf.Values(), pf.CUSTOMER, 2, "still zenith", "inform", None, TODAY, P)
    assert step.cancelled and "Nothing was saved" in step.problem


@pytest.mark.parametrize(
    ("language", "text", "cents", "date"),
    [
        (Language.ES, "prometen pagar 1.200,50 el viernes que viene", 120050, "2026-11-27"),
        (Language.ES, "pagan 500 a fin de mes", 50000, "2026-11-30"),
        (Language.ZH_HANS, "他们说下周五付1千", 100000, "2026-12-04"),
        (Language.ZH_HANT, "下週五付1.5千", 150000, "2026-12-04"),
        (Language.KO, "다음 주 금요일에 1천원 입금한대요", 100000, "2026-12-04"),
    ],
)
def test_amount_and_date_as_the_reps_language_writes_them(account, language, text, cents, date):
    step = pf.step(
        pf.Values(customer_id="C1"), None, 0, text, "promise_to_pay", account, TODAY, P, language
    )
    assert (step.values.amount_cents, step.values.date) == (cents, dt.date.fromisoformat(date))


def test_an_amount_that_reads_two_ways_is_asked_about_never_guessed(account):
    step = pf.step(
        pf.Values(customer_id="C1"), pf.AMOUNT, 0, "1.500", "inform", account, TODAY, P, Language.ES
    )
    assert step.values.amount_cents is None and step.requested == pf.AMOUNT
    assert step.problem == "¿«1.500» son 1.500,00 € o 1,50 €? Escríbelo de nuevo con los decimales."


@pytest.mark.parametrize(
    ("language", "everything", "yes"),
    [
        (Language.ES, "todo el viernes que viene", "sí"),
        (Language.ZH_HANS, "下周五全部付清", "好的"),
        (Language.ZH_HANT, "下週五全部付清", "對"),
        (Language.KO, "다음 주 금요일에 전액", "네"),
    ],
)
def test_all_and_yes_in_each_language(account, language, everything, yes):
    step = pf.step(
        pf.Values(customer_id="C1"),
        None,
        0,
        everything,
        "promise_to_pay",
        account,
        TODAY,
        P,
        language,
    )
    assert step.values.amount_cents == account.open_cents and step.requested == pf.CONFIRMED
    done = pf.step(step.values, step.requested, 0, yes, None, account, TODAY, P, language)
    assert done.values.confirmed is True and done.requested is None
