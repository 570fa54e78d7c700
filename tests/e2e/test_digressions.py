"""Stepping out of the promise form and back, through the real servers, in every language (issue
30): at each of the form's questions (amount, date, invoice, confirmation) the rep sends an
excuse, a request, a warning sign, a note, another customer's name, an answer the form cannot
read, or "start over". Each is answered as it would be outside the form, the form comes back to
its question, and the promise is saved exactly once (or, dropped or restarted, not at all).

Every conversation has a rep and customers of its own (R17-<language>-<kind>). Today is Mon 23
Nov 2026."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest

from dunning_coach.accounts.store import AccountStore
from dunning_coach.language import messages
from dunning_coach.language.languages import Language
from tests.conftest import ROOT, Builder
from tests.e2e import test_webchat
from tests.e2e.platforms import click, dm_event, exchange, post_event, signed, to
from tests.e2e.pty_terminal import Terminal
from tests.e2e.test_webchat import bubbles, code_for, type_and_send, wait
from tests.harness import PYTHON, text_of

phone = test_webchat.phone  # the web chat tests' chromium at a phone's size, as a fixture here

STEPS = ("amount", "date", "invoices", "confirmed")


@dataclass(frozen=True)
class Speaker:
    """How a rep in one language talks through a promise, and what they say beside it."""

    language: Language
    customer: str  # the customer of the promise
    other: str  # another customer of the same rep
    choose: str  # "I'm at {}"
    record: str  # starts the form without an amount
    amount: str  # part of the debt: the invoice is asked
    date: str
    promised_for: str  # the date as saved
    # One per step: amount, date, invoices, confirmed.
    excuses: tuple[str, str, str, str]
    requests: tuple[str, str, str, str]
    signs: tuple[str, str, str, str]
    notes: tuple[str, str, str, str]
    unreadable: str
    restart: str


SPEAKERS = [
    Speaker(
        Language.EN,
        "Juniper Hardware",
        "Oakridge Tiles",
        "I'm at {}",
        "record a promise",
        "500",
        "next friday",
        "2026-12-04",
        (
            "he says the cheque is in the post",
            "they say cash is tight right now",
            "the payment hasn't been approved yet",
            "they say the goods arrived damaged",
        ),
        (
            "which promises are due this week?",
            "what do they owe?",
            "who should I visit today?",
            "what do they owe?",
        ),
        (
            "they are moving to a new warehouse",
            "their accountant quit last week",
            "they have a closing down sale on",
            "the owner opened a restaurant on the side",
        ),
        (
            "Note: call before going",
            "Note: the owner is called Dana",
            "Note: they prefer bank transfers",
            "Note: ask for the new buyer",
        ),
        "xqzv wpt",
        "start over",
    ),
    Speaker(
        Language.ES,
        "Ferretería Naranjo",
        "Azulejos Cumbre",
        "estoy en {}",
        "apunta una promesa de pago",
        "500",
        "el viernes que viene",
        "2026-11-27",
        (
            "el cheque está en el correo",
            "ahora mismo no tenemos dinero",
            "el pago no está aprobado todavía",
            "el producto llegó defectuoso",
        ),
        (
            "promesas de esta semana",
            "¿cuánto deben?",
            "¿a quién visito hoy?",
            "resumen de la cuenta",
        ),
        (
            "se van a mudar de nave",
            "su contable se ha ido de la empresa",
            "están de liquidación total",
            "el dueño ha montado otro negocio",
        ),
        (
            "nota: el contable solo está por las mañanas",
            "Nota: llamar antes de ir",
            "apunta: prefieren pagar por transferencia",
            "nota: la dueña se llama Marta",
        ),
        "xqzv wpt",
        "empezar de cero",
    ),
    Speaker(
        Language.ZH_HANS,
        "金鼎建材行",
        "华联五金",
        "我现在在{}",
        "记一下付款承诺",
        "500",
        "下周五",
        "2026-12-04",
        ("支票我们早寄出了", "最近资金紧张", "款还没批下来", "你们的货有质量问题"),
        ("本周的付款承诺", "他们欠多少钱", "今天去拜访谁", "账户概况"),
        ("他们要搬厂了", "他们的会计离职了", "他们在清仓大甩卖", "老板又开了一家公司"),
        (
            "备注:会计只有上午在",
            "记录:去之前先打电话",
            "备注:他们喜欢转账付款",
            "记一下:老板娘姓王",
        ),
        "xqzv wpt",
        "重新开始",
    ),
    Speaker(
        Language.ZH_HANT,
        "永豐建材行",
        "大同五金",
        "我在{}",
        "記一下付款承諾",
        "500",
        "下週五",
        "2026-12-04",
        ("票我們早就寄了", "最近資金比較緊", "款項還沒核准", "你們的貨有品質問題"),
        ("這週的付款承諾", "他們欠多少錢", "今天要拜訪誰", "帳戶概況"),
        ("他們要搬工廠了", "他們的會計離職了", "他們店在清倉拍賣", "老闆又開了一間公司"),
        ("備註:會計只有早上在", "記錄:去之前先打電話", "備註:他們喜歡用匯款", "記一下:老闆娘姓陳"),
        "xqzv wpt",
        "重新開始",
    ),
    Speaker(
        Language.KO,
        "대성건재",
        "한빛철물",
        "지금 {}에 와 있어요",
        "입금 약속 등록해 주세요",
        "500",
        "다음 주 금요일",
        "2026-12-04",
        (
            "수표는 벌써 우편으로 보냈어요",
            "요즘 자금 사정이 어려워요",
            "아직 결재가 안 났어요",
            "물건에 품질 문제가 있어요",
        ),
        ("이번 주 입금 약속", "얼마 밀렸어요?", "오늘 어디 방문해요?", "거래처 현황"),
        (
            "공장 이전한대요",
            "거기 경리가 그만뒀대요",
            "거기 재고 정리 세일 중이에요",
            "사장님이 카페를 새로 차렸대요",
        ),
        (
            "메모: 경리는 오전에만 있음",
            "메모: 가기 전에 전화할 것",
            "기록: 계좌이체를 선호함",
            "메모: 다음 주 화요일 재방문",
        ),
        "xqzv wpt",
        "처음부터 다시 시작",
    ),
]


def start_of(key: str, language: Language) -> str:
    """A catalogue text up to its first placeholder: what a reply built from it starts with."""
    return re.split(r"\{", messages.load().by_key[key][language.value], maxsplit=1)[0].strip()


def question_of(step: str, language: Language) -> str:
    """The words of the form's question at `step`, without the amounts and names filled in."""
    key = {
        "amount": "promise.ask_amount",
        "date": "promise.ask_date",
        "invoices": "promise.ask_invoices",
        "confirmed": "promise.ask_confirm",
    }[step]
    text = messages.load().by_key[key][language.value]
    return max(re.split(r"\{[^}]*\}", text), key=len).strip()


class Visit:
    """One rep with two customers, the promise's owing two invoices (€1,000 and €800)."""

    def __init__(self, servers, speaker: Speaker, kind: str) -> None:
        self.servers, self.speaker = servers, speaker
        code = speaker.language.value
        self.rep = f"R17-{code}-{kind}"
        self.sender = f"digress-{code}-{kind}"
        self.customer_id, self.other_id = f"C17-{code}-{kind}", f"C17-{code}-{kind}-b"
        with AccountStore(servers.env["DUNNING_DB"]) as store:
            build = Builder(store)
            build.rep(self.rep, name=f"Rep {kind}", rest_id=self.sender, language=code)
            build.customer(self.customer_id, self.rep, name=speaker.customer)
            build.customer(self.other_id, self.rep, name=speaker.other)
            build.invoice(
                self.customer_id, issued=60, due=30, amount=1000, invoice_no=f"{kind[:2].upper()}-1"
            )
            build.invoice(
                self.customer_id, issued=40, due=10, amount=800, invoice_no=f"{kind[:2].upper()}-2"
            )
            build.invoice(self.other_id, issued=60, due=30, amount=700)
        self.invoice = f"{kind[:2].upper()}-1"
        self.log: list[tuple[str, list[dict]]] = []  # shown when an assertion fails

    def say(self, text: str) -> list[dict]:
        turn = self.servers.say(self.sender, text)
        self.log.append((text, turn))
        return turn

    def transcript(self) -> str:
        return "\n".join(f"> {said}\n< {text_of(turn)}" for said, turn in self.log)

    def answer(self, step: str) -> list[dict]:
        """The right answer to the form's question at `step`."""
        s = self.speaker
        return self.say(
            {"amount": s.amount, "date": s.date, "invoices": self.invoice}.get(step, "/affirm")
        )

    def begin(self) -> None:
        s = self.speaker
        self.say(s.choose.format(s.customer))
        asked = text_of(self.say(s.record))
        assert question_of("amount", s.language) in asked, asked

    def rows(self, table: str, customer_id: str | None = None) -> list[dict]:
        with AccountStore(self.servers.env["DUNNING_DB"]) as store:
            return [
                r
                for r in store.rows(table)
                if r["customer_id"] == (customer_id or self.customer_id)
            ]

    def assert_back(self, turn: list[dict], step: str) -> None:
        """The turn answered the message outside the form, then came back to the question."""
        language = self.speaker.language
        *answered, back = turn
        assert answered, self.transcript()
        assert question_of(step, language) not in text_of(answered), turn
        if step == "amount":  # nothing but the customer yet
            said = messages.text("promise.resume", language, name=self.speaker.customer)
        else:
            said = start_of("promise.resume_line", language)
        assert back["text"].startswith(said), back
        assert question_of(step, language) in back["text"], back

    def assert_saved_once(self) -> None:
        with AccountStore(self.servers.env["DUNNING_DB"]) as store:
            (promise,) = store.promises(self.customer_id)
        assert (promise.amount_cents, promise.promised_for.isoformat()) == (
            50000,
            self.speaker.promised_for,
        )


def walk(visit: Visit, digressions: tuple[str, str, str, str]) -> None:
    """At each step: the digression, answered and back to the question; then the answer."""
    visit.begin()
    for step, said in zip(STEPS, digressions):
        visit.assert_back(visit.say(said), step)
        last = visit.answer(step)
    saved = text_of(last)
    assert saved.startswith(start_of("promise.saved", visit.speaker.language)), saved
    visit.assert_saved_once()


@pytest.mark.parametrize("speaker", SPEAKERS, ids=lambda s: s.language.value)
def test_an_excuse_at_each_step_gets_its_verdict_and_is_logged(servers, speaker):
    visit = Visit(servers, speaker, "excuse")
    walk(visit, speaker.excuses)
    assert len(visit.rows("excuse_log")) == 4, visit.transcript()


@pytest.mark.parametrize("speaker", SPEAKERS, ids=lambda s: s.language.value)
def test_a_request_at_each_step_is_answered(servers, speaker):
    visit = Visit(servers, speaker, "request")
    walk(visit, speaker.requests)


@pytest.mark.parametrize("speaker", SPEAKERS, ids=lambda s: s.language.value)
def test_a_warning_sign_at_each_step_is_recorded(servers, speaker):
    visit = Visit(servers, speaker, "sign")
    walk(visit, speaker.signs)
    assert len(visit.rows("warning_signs")) == 4, visit.transcript()


@pytest.mark.parametrize("speaker", SPEAKERS, ids=lambda s: s.language.value)
def test_a_note_at_each_step_is_saved_as_written(servers, speaker):
    visit = Visit(servers, speaker, "note")
    walk(visit, speaker.notes)
    written = sorted(n["text"] for n in visit.rows("notes"))
    assert len(written) == 4 and all(w in " ".join(speaker.notes) for w in written), written


# What utter_restart (domain.yml) starts with in each language.
RESTARTED = {
    Language.EN: "Starting over",
    Language.ES: "Empezamos de cero",
    Language.ZH_HANS: "已重新开始",
    Language.ZH_HANT: "已重新開始",
    Language.KO: "처음부터 다시 시작합니다",
}


@pytest.mark.parametrize("speaker", SPEAKERS, ids=lambda s: s.language.value)
def test_another_customer_named_mid_form_asks_to_drop_the_promise_or_finish_it(servers, speaker):
    visit = Visit(servers, speaker, "customer")
    language, named = speaker.language, speaker.choose.format(speaker.other)
    asking = messages.text(
        "promise.other_customer", language, new=speaker.other, old=speaker.customer
    )
    visit.begin()
    # The amount question: asked, and "finish it first" asks the question again.
    offer = visit.say(named)[-1]
    assert offer["text"].startswith(asking) and question_of("amount", language) in offer["text"]
    leave, keep = offer["buttons"][:2]
    assert speaker.other in leave["title"]
    again = text_of(visit.say(keep["payload"]))
    assert question_of("amount", language) in again and asking not in again
    visit.answer("amount")
    # The date and invoice questions: asked; answering the question goes on with the promise.
    for step in ("date", "invoices"):
        assert text_of(visit.say(named)).startswith(asking)
        visit.answer(step)
    # The confirmation: asked, and the rep drops the promise.
    offer = visit.say(named)[-1]
    assert question_of("confirmed", language) in offer["text"]
    dropped = text_of(visit.say(offer["buttons"][0]["payload"]))
    assert dropped.startswith(
        messages.text("promise.dropped", language, old=speaker.customer, new=speaker.other)
    ), dropped
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        assert store.promises(visit.customer_id) == [] and store.promises(visit.other_id) == []
    # Now with the other customer: an account question is about them.
    assert speaker.other in text_of(visit.say(speaker.requests[1]))


@pytest.mark.parametrize("speaker", SPEAKERS, ids=lambda s: s.language.value)
def test_unreadable_answers_get_an_example_then_the_offer_to_stop_then_an_end(servers, speaker):
    visit = Visit(servers, speaker, "unread")
    language = speaker.language
    offer_stop = messages.text("promise.offer_stop", language).strip()
    visit.begin()
    first = text_of(visit.say(speaker.unreadable))
    assert start_of("promise.need_amount", language) in first, first
    assert question_of("amount", language) in first and offer_stop not in first
    visit.answer("amount")
    visit.say(speaker.unreadable)
    second = text_of(visit.say(speaker.unreadable))
    # The second failure offers Stop instead of asking the date question a third time.
    assert offer_stop in second and question_of("date", language) not in second, second
    assert question_of("invoices", language) in text_of(visit.answer("date"))
    for _ in range(2):
        visit.say(speaker.unreadable)
    ended = text_of(visit.say(speaker.unreadable))
    assert ended.startswith(messages.text("promise.gave_up", language)), ended
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        assert store.promises(visit.customer_id) == []


@pytest.mark.parametrize("speaker", SPEAKERS, ids=lambda s: s.language.value)
def test_starting_over_at_any_step_clears_the_form_and_says_so(servers, speaker):
    visit = Visit(servers, speaker, "restart")
    language = speaker.language
    for n, step in enumerate(STEPS):
        visit.begin()
        for earlier in STEPS[:n]:
            visit.answer(earlier)
        # Typed, or the /restart command, alternately.
        cleared = visit.say(speaker.restart if n % 2 == 0 else "/restart")
        assert text_of(cleared).startswith(RESTARTED[language]), cleared
        after = text_of(visit.say(speaker.requests[1]))
        assert question_of(step, language) not in after
        assert start_of("promise.resume_line", language) not in after
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        assert store.promises(visit.customer_id) == []


def test_the_issues_four_messages_at_the_invoice_question(servers):
    """The report that opened issue 30: each used to get "I don't see those among the open
    invoices" and the question again."""
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        build = Builder(store)
        build.rep("R179", name="Rep R179", rest_id="digress-issue")
        build.customer("C179", "R179", name="Halyard Point Trading")
        build.invoice("C179", issued=60, due=30, amount=4000, invoice_no="H-7781")
        build.invoice("C179", issued=40, due=10, amount=3000, invoice_no="H-7802")
    rep = "digress-issue"
    servers.say(rep, "I'm at Halyard Point")
    asked = text_of(servers.say(rep, "they promise to pay 5000 next friday"))
    assert "Which invoice does €5,000.00 pay?" in asked
    back = "Back to the promise: Halyard Point Trading pays €5,000.00 by Fri 4 Dec."
    verdict = servers.say(rep, "he says the cheque is in the post")
    assert verdict[0]["text"].startswith("Cheque already in the post:"), verdict
    assert verdict[-1]["text"].startswith(back + "\nWhich invoice does €5,000.00 pay?")
    owed = servers.say(rep, "what do they owe?")
    assert "€7,000.00" in owed[0]["text"] and owed[-1]["text"].startswith(back)
    due = servers.say(rep, "which promises are due this week?")
    assert "promises due 23–29 nov" in due[0]["text"].lower(), due
    assert due[-1]["text"].startswith(back)
    plan = servers.say(rep, "who should I visit today?")
    assert "Halyard Point" in plan[0]["text"] and plan[-1]["text"].startswith(back)
    saved = text_of(servers.say(rep, "oldest first"))
    assert "Save this promise?" in saved
    assert text_of(servers.say(rep, "/affirm")).startswith("Saved: Halyard Point Trading")
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        (promise,) = store.promises("C179")
        assert promise.amount_cents == 500000
        assert [e["customer_id"] for e in store.rows("excuse_log")].count("C179") == 1


def test_undo_pressed_mid_form_removes_the_record_and_the_form_asks_again(servers, db):
    with AccountStore(db) as store:
        Builder(store).rep_with_customer("R184", "C184", "Gannet Sails", 900, rest_id="dig-undo")
    rep = "dig-undo"
    servers.say(rep, "I'm at Gannet")
    recorded = servers.say(rep, "their buyer just left the company")
    [undo] = [b for m in recorded for b in m.get("buttons") or () if b["title"] == "Undo"]
    assert "Save this promise?" in text_of(servers.say(rep, "they promised it all on friday"))
    turn = servers.say(rep, undo["payload"])
    assert turn[0]["text"].startswith('Removed the warning sign "Person in charge replaced"')
    assert turn[-1]["text"].startswith("Back to the promise: Gannet Sails pays €900.00")
    assert "Save this promise?" in turn[-1]["text"]
    assert text_of(servers.say(rep, "/affirm")).startswith("Saved: Gannet Sails")
    with AccountStore(db) as store:
        assert [r for r in store.rows("warning_signs") if r["customer_id"] == "C184"] == []
        assert len(store.promises("C184")) == 1


# --- in each channel -----------------------------------------------------------------------


def _two_invoices(db: str, rep_id: str, customer_id: str, customer: str, **rep_fields: str) -> None:
    """A rep of the test's own, whose customer owes two invoices, and a second customer."""
    with AccountStore(db) as store:
        build = Builder(store)
        build.rep(rep_id, **{"name": f"Rep {rep_id}", **rep_fields})
        build.customer(customer_id, rep_id, name=customer)
        build.customer(f"{customer_id}b", rep_id, name="Marlowe Glass")
        build.invoice(customer_id, issued=60, due=30, amount=600)
        build.invoice(customer_id, issued=40, due=10, amount=400)


@pytest.fixture
def db(servers) -> str:
    return servers.env["DUNNING_DB"]


def test_on_telegram_an_excuse_mid_form_comes_back_and_start_over_clears_it(servers, mock_apis, db):
    user = 170180
    _two_invoices(db, "R180", "C180", "Kestrel Cork", telegram_id=str(user))
    exchange(servers, mock_apis, user, "I'm at Kestrel")
    asked = exchange(servers, mock_apis, user, "they promised 300 on friday")[-1]["text"]
    assert "Which invoice does €300.00 pay?" in asked
    turn = exchange(servers, mock_apis, user, "he says the cheque is in the post")
    assert turn[0]["text"].startswith("Cheque already in the post:")
    assert turn[-1]["text"].startswith(
        "Back to the promise: Kestrel Cork pays €300.00 by Fri 27 Nov.\nWhich invoice"
    )
    cleared = exchange(servers, mock_apis, user, "start over")
    assert [m["text"] for m in cleared][-1].startswith("Starting over")
    with AccountStore(db) as store:
        assert store.promises("C180") == []
        assert [r["customer_id"] for r in store.rows("excuse_log")].count("C180") == 1


def test_on_slack_the_drop_button_leaves_the_promise_for_the_other_customer(servers, mock_apis, db):
    _two_invoices(db, "R181", "C181", "Heron Bakery", slack_id="U0DIG181")
    secret, member, dm = servers.env["SLACK_SIGNING_SECRET"], "U0DIG181", "D0DIG181"
    said = ("I'm at Heron", "record a promise", "I'm at Marlowe Glass")
    for n, text in enumerate(said, 1):
        body = dm_event(member, dm, text)
        assert post_event(servers, body, signed(secret, body)) == 200
        mock_apis.wait_for(to(dm), count=n)
    offer = mock_apis.taken(to(dm))[-1].body
    assert offer["text"].startswith("Marlowe Glass is not the customer of the promise")
    blocks = json.loads(offer["blocks"]) if isinstance(offer["blocks"], str) else offer["blocks"]
    [drop] = [
        e
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == "Drop it, go to Marlowe Glass"
    ]
    assert click(servers, member, {"id": dm}, drop["value"]) == 200
    answer = mock_apis.wait_for(to(dm), count=4)[-1].body["text"]
    assert answer.startswith("Dropped the promise from Heron Bakery. Now with Marlowe Glass.")
    with AccountStore(db) as store:
        assert store.promises("C181") == [] and store.promises("C181b") == []


def test_on_the_web_page_a_request_mid_form_is_answered_and_the_question_comes_back(
    servers, phone, db
):
    from selenium.webdriver.common.by import By

    _two_invoices(db, "R182", "C182", "Wildfell Paints", rest_id="digress-web")
    phone.get(servers.url + "/chat/#code=" + code_for(servers, "digress-web"))
    wait(phone, lambda d: bubbles(d, "bot"))
    type_and_send(phone, "I'm at Wildfell")
    wait(phone, lambda d: "With Wildfell Paints now" in bubbles(d, "bot")[-1])
    type_and_send(phone, "record a promise")
    wait(phone, lambda d: "How much did Wildfell Paints promise?" in bubbles(d, "bot")[-1])
    type_and_send(phone, "what do they owe?")
    wait(phone, lambda d: bubbles(d, "bot")[-1].startswith("Back to the promise from Wildfell"))
    assert "€1,000.00" in bubbles(phone, "bot")[-2]  # the account, answered first
    quick = [b.text for b in phone.find_elements(By.CSS_SELECTOR, "#quick button")]
    assert quick[0] == "All €1,000.00" and quick[-1] == "Stop"


def test_in_the_terminal_start_over_clears_the_form(servers, db):
    _two_invoices(db, "R183", "C183", "Foxglove Farm", name="Tia Term", rest_id="digress-term")
    chat = Terminal(
        [str(PYTHON), "-m", "terminal", "--rep", "R183", "--url", servers.url], servers.env, ROOT
    )
    try:
        chat.expect(r"as Tia Term \(R183\)")
        chat.expect("you>")
        chat.type("I'm at Foxglove\r")
        chat.expect("With Foxglove Farm now")
        chat.expect("you>")
        chat.type("record a promise\r")
        chat.expect("How much did Foxglove Farm promise")
        chat.expect("you>")
        chat.type("start over\r")
        chat.expect("Starting over")
        chat.expect("you>")
        chat.type("/quit\r")
        chat.expect("Bye.")
    finally:
        assert chat.close() == 0
    with AccountStore(db) as store:
        assert store.promises("C183") == []
