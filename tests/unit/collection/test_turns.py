"""The collection turns as the actions call them, on a fresh database."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dunning_coach.collection import promise_form, turns
from dunning_coach.common.rasa_names import Slot
from dunning_coach.language.languages import Language
from tests.conftest import TODAY


def test_the_date_question_offers_the_customers_payment_run_clamped_to_the_months_end(build):
    # Today is 23 Nov; a customer who pays on the 31st pays on 30 Nov, as the verdict says.
    build.customer(payment_day=31)
    build.invoice(issued=40, due=10)
    slots = {promise_form.CUSTOMER: "C1", promise_form.AMOUNT: 100_000}
    reply = turns.promise_question(build.turn(), promise_form.DATE, slots, None)
    payloads = [b.payload for b in reply.buttons]
    assert dt.date(2026, 11, 30).isoformat() in payloads
    assert dt.date(2026, 12, 31).isoformat() not in payloads


SUNDAY = TODAY - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("which promises are due this week?", "Promises due 22–28 Nov: 1"),
        ("show promises to pay", "Open promises: 1"),
        ("promises next week", "Promises due 23–29 Nov: 1"),
        ("what promises are open?", "Open promises: 1"),
        ("what's due in the next 7 days?", "Promises due 22–28 Nov: 1"),
    ],
)
def test_a_promise_for_next_friday_is_found_on_a_sunday_as_asked(build, question, title):
    build.customer("C1", name="Acme")
    build.promise("C1", amount=500, due_in=4)  # Friday 27 Nov; today is Sunday 22 Nov
    reply = turns.promises_due(build.turn(today=SUNDAY), question).text
    assert reply.startswith(title)
    assert "• Fri 27 Nov Acme: €500.00 (open)" in reply


def test_a_period_with_no_promises_says_so_and_names_the_next_one_due(build):
    build.customer("C1", name="Acme")
    build.promise("C1", amount=500, due_in=-20)  # long broken: not "next"
    build.promise("C1", amount=700, due_in=11)
    reply = turns.promises_due(build.turn(), "what's due today?").text
    assert reply == "No promises due today (Mon 23 Nov).\nNext due: Fri 4 Dec Acme: €700.00 (open)"
    assert turns.promises_due(build.turn(), "broken promises").text.startswith(
        "Broken promises: 1, €500.00 not paid"
    )


@pytest.mark.parametrize(
    ("language", "question", "title", "line"),
    [
        (
            Language.ES,
            "promesas de esta semana",
            "Promesas que vencen 23–29 nov: 1, faltan 500,00 €",
            "• vie 27 nov Acme: 500,00 € (pendiente)",
        ),
        (
            Language.ZH_HANS,
            "本周的付款承诺",
            "11月23日–29日到期的承诺:1项,待收€500.00",
            "• 11月27日(周五) Acme:€500.00(未到期)",
        ),
        (
            Language.ZH_HANT,
            "這週的付款承諾",
            "11月23日–29日到期的承諾:1項,待收€500.00",
            "• 11月27日(週五) Acme:€500.00(未到期)",
        ),
        (
            Language.KO,
            "이번 주 입금 약속",
            "11월 23일–29일 만기 약속: 1건, 받을 금액 €500.00",
            "• 11월 27일 (금) Acme: €500.00 (진행 중)",
        ),
    ],
)
def test_the_due_list_answers_in_the_language_asked(build, language, question, title, line):
    build.customer("C1", name="Acme")
    build.promise("C1", amount=500, due_in=4)  # Friday 27 Nov; today is Monday 23 Nov
    reply = turns.promises_due(build.turn(spoken=language), question).text
    assert reply.splitlines() == [title, line]


def test_a_manager_sees_every_reps_promises_by_rep_and_a_rep_only_their_own(build):
    build.rep("R2", name="Bo Second")
    build.rep("M1", role="manager", name="Mia Manager")
    build.customer("C1", name="Acme")
    build.customer("C2", "R2", name="Bolt")
    build.promise("C1", amount=500, due_in=2)
    build.promise("C2", amount=900, due_in=3, rep_id="R2")
    managed = turns.promises_due(build.turn("M1"), "promises this week").text.splitlines()
    first_rep = build.store.rep("R1").name
    assert managed == [
        "Promises due 23–29 Nov: 2, €1,400.00 still to come",
        f"{first_rep}:",
        "• Wed 25 Nov Acme: €500.00 (open)",
        "Bo Second:",
        "• Thu 26 Nov Bolt: €900.00 (open)",
    ]
    mine = turns.promises_due(build.turn("R1"), "promises this week").text
    assert "Acme" in mine and "Bolt" not in mine and ":\n" not in mine.split("\n", 1)[1]


def test_a_long_list_of_promises_names_the_first_and_counts_them_all(build):
    from dunning_coach.collection.replies import PROMISES_SHOWN

    for n in range(PROMISES_SHOWN + 2):
        build.customer(f"C{n}", name=f"Customer {n:02}")
        build.promise(f"C{n}", amount=100, due_in=2)
    lines = turns.promises_due(build.turn(), "promises this week").text.splitlines()
    assert lines[0] == f"Promises due 23–29 Nov: {PROMISES_SHOWN + 2}, €1,700.00 still to come"
    assert len(lines) == 1 + PROMISES_SHOWN + 1
    assert lines[1] == "• Wed 25 Nov Customer 00: €100.00 (open)"
    assert lines[-1] == "… and 2 more"


def test_a_spanish_reps_promise_is_read_the_spanish_way(build):
    build.rep("R5", name="Lucía", language="es")
    build.customer("C5", "R5", name="Ferretería Sol")
    build.invoice("C5", issued=60, due=30, amount=3000)
    answer = turns.FormAnswer(
        slots={promise_form.CUSTOMER: "C5"},
        requested=None,
        tries=0,
        text="pagan 1.500,50 el viernes que viene",
        intent="promise_to_pay",
        picked_customer=None,
    )
    form = turns.promise_turn(build.turn("R5", customer_id="C5"), answer)
    assert form.slots[promise_form.AMOUNT] == 150050
    assert form.slots[promise_form.DATE] == "2026-11-27"


@pytest.mark.parametrize(
    ("language", "promise", "asks", "saved"),
    [
        ("es", "pagan 1000 € el viernes que viene", "¿Guardo esta promesa?", "Guardado: "),
        ("zh-Hans", "他们说下周五付1千", "保存这项承诺吗?", "已保存:"),
        ("zh-Hant", "他們說下週五付1千", "儲存這項承諾嗎?", "已儲存:"),
        ("ko", "다음 주 금요일에 1천원 입금한대요", "이 약속을 저장할까요?", "저장했습니다:"),
    ],
)
def test_the_promise_form_speaks_the_reps_language_from_question_to_saved(
    build, language, promise, asks, saved
):
    build.rep("R6", name="Local Rep", language=language)
    build.customer("C6", "R6", name="Sol")
    build.invoice("C6", issued=60, due=30, amount=1000)
    turn = build.turn("R6", customer_id="C6")
    answer = turns.FormAnswer(
        slots={promise_form.CUSTOMER: "C6"},
        requested=None,
        tries=0,
        text=promise,
        intent="promise_to_pay",
        picked_customer=None,
    )
    form = turns.promise_turn(turn, answer)
    assert form.requested == promise_form.CONFIRMED
    question = turns.promise_question(turn, form.requested, form.slots, None)
    assert question.text.startswith(asks)
    assert "Save" not in question.text and "pays" not in question.text
    yes = dataclasses.replace(
        answer, slots=form.slots, requested=form.requested, text="ok", intent="affirm"
    )
    done = turns.promise_turn(turn, yes).reply
    assert done is not None and done.text.startswith(saved) and "Book your visit" not in done.text
    assert build.store.promises("C6")[0].amount_cents == 100000


def _midway(build, text, intent, picked=None):
    """Acme's promise of €500 by Friday waits for its invoice; the rep sends `text`."""
    build.customer("C1", name="Acme Tools")
    build.customer("C2", name="Blue Ridge Supply")
    build.invoice("C1", issued=60, due=30, amount=1000, invoice_no="A-1")
    build.invoice("C1", issued=40, due=10, amount=800, invoice_no="A-2")
    slots = {
        promise_form.CUSTOMER: "C1",
        promise_form.AMOUNT: 50000,
        promise_form.DATE: "2026-11-27",
    }
    answer = turns.FormAnswer(slots, promise_form.INVOICES, 1, text, intent, picked)
    return (
        build.turn(customer_id="C1"),
        slots,
        turns.promise_turn(build.turn(customer_id="C1"), answer),
    )


def test_another_intent_mid_form_steps_out_and_changes_nothing(build):
    _, _, form = _midway(build, "he says the cheque is in the post", "excuse_cheque_mailed")
    assert form.stepped_out and form.slots == {} and form.requested == promise_form.INVOICES


def test_the_form_comes_back_saying_what_it_holds(build):
    turn, slots, _ = _midway(build, "x", "inform")
    back = turns.promise_resumed(turn, slots, promise_form.INVOICES)
    line = back.slots[Slot.PROMISE_PROBLEM]
    assert line == "Back to the promise: Acme Tools pays €500.00 by Fri 27 Nov."
    assert back.slots[Slot.PROMISE_TRIES] == 0 and back.requested == promise_form.INVOICES
    question = turns.promise_question(turn, promise_form.INVOICES, slots, line)
    assert question.text.startswith(line + "\nWhich invoice does €500.00 pay?")


def test_naming_another_customer_mid_form_asks_to_drop_or_finish(build):
    turn, slots, form = _midway(
        build, "Blue Ridge says the cheque is in the post", "excuse_cheque_mailed"
    )
    assert form.requested == promise_form.INVOICES and not form.stepped_out
    assert form.slots[Slot.PROMISE_SWITCH_TO] == "C2"
    assert form.slots[Slot.PROMISE_PROBLEM].startswith("Blue Ridge Supply is not the customer")
    assert promise_form.AMOUNT not in form.slots  # the promise so far is kept
    question = turns.promise_question(
        turn, promise_form.INVOICES, slots, form.slots[Slot.PROMISE_PROBLEM], 1, "C2"
    )
    leave, keep = question.buttons[:2]
    assert leave.title == "Drop it, go to Blue Ridge Supply"
    assert leave.payload == '/switch_customer{"customer_id": "C2"}'
    assert keep.payload == '/switch_customer{"customer_id": "C1"}'
    assert "Which invoice does €500.00 pay?" in question.text


def test_the_switch_button_drops_the_promise_and_saves_nothing(build):
    _, _, form = _midway(build, "/switch_customer", "switch_customer", picked="C2")
    assert form.requested is None and form.slots[promise_form.CONFIRMED] is False
    assert form.slots[promise_form.CUSTOMER] == "C2"
    assert form.slots[Slot.PROMISE_PROBLEM] == (
        "Dropped the promise from Acme Tools. Now with Blue Ridge Supply."
    )
    assert build.store.promises("C1") == [] and build.store.promises("C2") == []


def test_finish_it_first_asks_the_question_again_with_the_promise_kept(build):
    _, _, form = _midway(build, "/switch_customer", "switch_customer", picked="C1")
    assert form.requested == promise_form.INVOICES
    assert form.slots == {Slot.PROMISE_PROBLEM: None, Slot.PROMISE_SWITCH_TO: None}


def test_an_answer_naming_the_same_customer_is_read_as_an_answer(build):
    _, _, form = _midway(build, "Acme Tools says oldest first", "excuse_cheque_mailed")
    assert form.slots[promise_form.INVOICES] == [] and form.requested == promise_form.CONFIRMED


def test_the_question_is_not_asked_a_third_time_after_two_failed_answers(build):
    turn, slots, _ = _midway(build, "x", "inform")
    problem = "I don't see those. Tap Stop to leave the promise for now, or answer once more."
    question = turns.promise_question(turn, promise_form.INVOICES, slots, problem, 2)
    assert question.text == problem and question.buttons  # the buttons stay


@pytest.mark.parametrize(
    ("said", "note"),
    [
        ("Note: call Jo before 10", "call Jo before 10"),
        ("nota: el contable solo está por las mañanas", "el contable solo está por las mañanas"),
        ("备注:会计只有上午在", "会计只有上午在"),
        ("備註:老闆娘姓陳", "老闆娘姓陳"),
        ("메모: 경리는 오전에만 있음", "경리는 오전에만 있음"),
    ],
)
def test_a_note_loses_its_lead_in_in_every_language(said, note):
    assert turns.note_text(said) == note


def test_a_note_in_korean_is_saved_and_confirmed_in_korean(build):
    build.rep("R7", language="ko")
    build.customer("C1", rep_id="R7", name="하나상사")
    turn = build.turn("R7", customer_id="C1")
    done = turns.record(turn, "add_note", "메모: 경리는 오전에만 있음")
    assert done.reply.text == "하나상사에 메모했습니다 (11월 23일): 경리는 오전에만 있음"
    nobody = turns.record(build.turn("R7"), "sign_moving", "공장 이전한대요")
    assert nobody.reply.text.startswith("어느 거래처의 경고 신호인가요?")


def test_a_customer_with_two_broken_promises_gets_one_button(build):
    build.customer("C1", name="Pixel Print Shop")
    build.promise("C1", made=20, due_in=-10, amount=100)
    build.promise("C1", made=15, due_in=-8, amount=200)
    reply = turns.promises_due(build.turn(), "which promises were broken?")
    assert reply.text.count("Pixel Print Shop") == 2
    assert [b.title for b in reply.buttons] == ["Pixel Print Shop"]
