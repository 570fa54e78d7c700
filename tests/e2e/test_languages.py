"""Each seed language end to end through the real servers, as a rep writes it: choose a customer,
state an excuse and get the verdict with the account's figures, record a promise with a local
date and amount, and see it in the due list. Today is Mon 23 Nov 2026."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dunning_coach.accounts.store import AccountStore
from dunning_coach.excuses.verdicts import Label
from dunning_coach.language.languages import Language
from tests.conftest import Builder
from tests.harness import text_of


@dataclass(frozen=True)
class Visit:
    language: Language
    customer: str
    alias: str
    choose: str  # the rep says where they are
    chosen: str  # the start of the answer
    excuse: str
    title: str  # the excuse's title in the language
    evidence: str  # in the evidence line, with the account's figures
    record: str
    amount: str
    asks_date: str
    date: str
    saved: str  # the start of the saved promise
    cents: int
    promised_for: str
    due_list: str
    listed: str


VISITS = [
    Visit(
        Language.ES,
        "Ferretería Alba",
        "Alba",
        "estoy en Ferretería Alba",
        "Ahora con Ferretería Alba",
        "dice que nunca les llegó la factura",
        "Dicen que no les llegó la factura",
        "lleva 30 días vencida (9.000,00 €)",
        "apunta una promesa de pago",
        "1.500,50",
        "¿Qué día pagarán 1.500,50 €?",
        "el viernes que viene",
        "Guardado: Ferretería Alba paga 1.500,50 €",
        150050,
        "2026-11-27",
        "promesas de esta semana",
        "vie 27 nov Ferretería Alba: 1.500,50 € (pendiente)",
    ),
    Visit(
        Language.ZH_HANS,
        "鸿福五金商行",
        "鸿福五金",
        "我现在在鸿福五金",
        "现在在鸿福五金商行",
        "电脑坏了,支票打不出来,老板说等系统修好",
        "系统坏了,开不出支票",
        "已逾期30天(€9,000.00)",
        "记一下付款承诺",
        "5千",
        "哪天付€5,000.00?",
        "下周五",
        "已保存:鸿福五金商行",
        500000,
        "2026-12-04",
        "下周的付款承诺",
        "12月4日(周五) 鸿福五金商行:€5,000.00(未到期)",
    ),
    Visit(
        Language.ZH_HANT,
        "福興文具行",
        "福興文具",
        "我在福興文具",
        "現在在福興文具行",
        "老闆出國了,沒有人可以簽支票",
        "老闆或簽字的人不在",
        "已逾期30天(€9,000.00)",
        "記一下付款承諾",
        "3千",
        "哪天付€3,000.00?",
        "30號",
        "已儲存:福興文具行",
        300000,
        "2026-11-30",
        "這個月的付款承諾",
        "11月30日(週一) 福興文具行:€3,000.00(未到期)",
    ),
    Visit(
        Language.KO,
        "하나무역",
        "하나",
        "지금 하나무역에 와 있어요",
        "하나무역",
        "세금계산서를 아직 못 받았다고 하네요",
        "계산서를 못 받았다",
        "30일 연체 (€9,000.00)",
        "입금 약속 등록해 주세요",
        "800",
        "€800.00을(를) 언제까지 입금하나요?",
        "다음 주 금요일",
        "저장",
        80000,
        "2026-12-04",
        "다음 주 입금 약속",
        "12월 4일 (금) 하나무역: €800.00 (진행 중)",
    ),
]


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.language.value)
def test_a_visit_in_each_language_end_to_end(servers, visit):
    n = VISITS.index(visit)
    rep, customer, sender = f"R8{n}", f"C8{n}", f"lang-rep-{visit.language.value}"
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep(rep, name=f"Rep {rep}", rest_id=sender, language=visit.language.value)
        build.customer(customer, rep, name=visit.customer, aliases=visit.alias)
        build.invoice(customer, issued=60, due=30, amount=9000, delivered=59)

    chosen = text_of(servers.say(sender, visit.choose))
    assert chosen.startswith(visit.chosen), chosen

    verdict = text_of(servers.say(sender, visit.excuse))
    first, *rest = verdict.splitlines()
    labels = {label.text(visit.language) for label in Label}
    assert first.startswith(f"{visit.title}: ") and first.split(": ", 1)[1] in labels, verdict
    assert any(visit.evidence in line for line in rest), verdict
    assert "Likely" not in verdict and "Do:" not in verdict

    text_of(servers.say(sender, visit.record))
    assert visit.asks_date in text_of(servers.say(sender, visit.amount))
    servers.say(sender, visit.date)
    saved = text_of(servers.say(sender, "/affirm"))  # the save button
    assert saved.startswith(visit.saved), saved
    with AccountStore(servers.tmp / "accounts.db") as store:
        (promise,) = store.promises(customer)
    assert (promise.amount_cents, promise.promised_for.isoformat()) == (
        visit.cents,
        visit.promised_for,
    )

    listed = text_of(servers.say(sender, visit.due_list))
    assert visit.listed in listed, listed


def test_role_play_asked_in_korean_runs_in_korean_and_is_judged_by_meaning(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        Builder(store).rep("R89", name="Rep R89", rest_id="lang-rep-drill", language="ko")
    started = text_of(servers.say("lang-rep-drill", "롤플레이 연습하고 싶어요"))
    assert started.startswith("롤플레이 ("), started
    assert "이번 라운드 목표:" in started and "(필수)" in started
    judged = servers.say("lang-rep-drill", "이번 주 금요일까지 연체된 금액 전액 입금해 주세요.")
    feedback = text_of(judged)
    assert feedback.startswith("점수: "), feedback
    assert '✓ 구체적인 결제 날짜나 시점을 요구함: "이번 주 금요일까지' in feedback, feedback
    assert judged[0]["buttons"][0]["title"] == "롤플레이 끝내기"
    ended = text_of(servers.say("lang-rep-drill", judged[0]["buttons"][0]["payload"]))
    assert "라운드 종료." in ended, ended
    # Back to the field in Korean.
    after = text_of(servers.say("lang-rep-drill", "요즘 돈이 없어서 못 준대요"))
    assert after.startswith("요즘 자금 사정이 어렵다: 아직 판단 불가 (거래처 미선택)."), after
