import re

import pytest

from dunning_coach.accounts.placeholders import fill, placeholders
from dunning_coach.collection import account_turns
from dunning_coach.excuses import replies as render
from dunning_coach.excuses import turns as coach
from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook

BOOK = playbook.load()


def rep(build, rep_id="R1"):
    return build.store.rep(rep_id)


def test_excuse_for_a_selected_customer_gets_a_verdict_and_is_logged(build):
    build.customer("C1", requires_original_invoice=0)
    build.invoice(issued=45, due=15)
    outcome = coach.respond_to_excuse(
        build.turn(customer_id="C1"), "excuse_original_invoice_only", "we need the original", []
    )
    assert outcome.reply.text.startswith(
        "Will pay only against the original invoice: Likely excuse"
    )
    assert outcome.customer_id == "C1"
    [row] = build.store.excuse_log()
    assert (row["customer_id"], row["rep_id"], row["intent"], row["text"], row["verdict"]) == (
        "C1",
        "R1",
        "excuse_original_invoice_only",
        "we need the original",
        "Likely excuse",
    )


def test_excuse_without_customer_gives_the_general_answer_and_asks_which(build):
    build.customer("C1", name="Acme")
    outcome = coach.respond_to_excuse(
        build.turn(customer_id=None), "excuse_money_tight", "no cash", []
    )
    assert "Which customer are you with?" in outcome.reply.text
    assert outcome.reply.buttons[0].title == "Acme"
    [row] = build.store.excuse_log()
    assert row["customer_id"] is None and row["verdict"] is None


def test_another_reps_customer_named_clearly_is_refused_even_beside_a_near_match_of_mine(build):
    build.customer("C1", rep_id="R1", name="Harbor Hotel Group", aliases="Harbour Hotel")
    build.customer("C9", rep_id="R2", name="Harbour Logistics")
    reply = account_turns.select_customer(build.turn(), "I'm at Harbour Logistics", None)
    assert "not one of your customers" in reply.reply.text and reply.customer_id is None
    mine = account_turns.select_customer(build.turn(), "I'm at Harbour Hotel", None)
    assert mine.customer_id == "C1"


def test_another_reps_customer_is_never_judged(build):
    build.customer("C9", rep_id="R2", name="Secret Co")
    build.invoice("C9", issued=45, due=15, amount=777)
    build.rep("R1")
    outcome = coach.respond_to_excuse(
        build.turn(customer_id="C9"), "excuse_money_tight", "no cash", []
    )
    assert "777" not in outcome.reply.text and outcome.customer_id is None
    assert (
        "not one of your customers"
        in account_turns.select_customer(build.turn(), "I'm at Secret Co", None).reply.text
    )
    assert "Which customer" in account_turns.account_summary(build.turn(customer_id="C9")).text


def test_rephrase_offers_only_excuses_from_the_ranking(build):
    build.rep("R1")
    ranking = [
        {"name": "nlu_fallback"},
        {"name": "greet"},
        {"name": "excuse_money_tight"},
        {"name": "excuse_cheque_mailed"},
        {"name": "excuse_goods_unsold"},
        {"name": "excuse_signer_absent"},
    ]
    reply = coach.rephrase(build.turn(), ranking)
    assert [b.payload for b in reply.buttons] == [
        "/excuse_money_tight",
        "/excuse_cheque_mailed",
        "/excuse_goods_unsold",
    ]


def test_more_tactics_needs_an_excuse(build):
    build.customer("C1")
    assert (
        "Tell me what the customer said first"
        in coach.more_tactics(build.turn(customer_id="C1"), None).text
    )


@pytest.mark.parametrize("intent", sorted(BOOK.excuses))
def test_the_first_reply_on_a_long_account_fits_a_screen_and_cuts_no_sentence(
    build, rich_account, intent
):
    """As the excuse action answers (standing and playbook passed), on an account with long names
    and many facts: whole lines are dropped to fit, never part of one, and never the line to say.
    "More tactics" still has every line that was dropped."""
    entry = BOOK.excuse(intent)
    reply = coach.respond_to_excuse(build.turn(customer_id="C1"), intent, "they said so", []).reply
    assert len(reply.text) <= render.FIRST_REPLY_LIMIT
    lines = reply.text.splitlines()
    assert lines[-1] == "Say: " + fill(entry.say, placeholders(rich_account))
    assert "…" not in reply.text
    everything = coach.more_tactics(build.turn(customer_id="C1"), intent).text.splitlines()
    whole = [line.split(" ", 1)[1] for line in everything if re.match(r"(•|\d+\.) ", line)]
    shown = [line.split(" ", 1)[1] for line in lines if re.match(r"(•|\d+\.) ", line)]
    assert shown and all(line in whole for line in shown)


@pytest.mark.parametrize(
    "language, head, evidence, say",
    [
        (
            Language.ES,
            "Solo pagan contra la factura original: Probablemente excusa",
            "lleva 15 días vencida (1.000,00 €); 1 factura pendiente, 1.000,00 € en total.",
            "Di: Entendido. Aquí tiene el original de INV-",
        ),
        (
            Language.ZH_HANS,
            "只凭发票原件付款: 多半是借口",
            "已逾期15天(€1,000.00);共1张未付发票,合计€1,000.00。",
            "这样说: 明白。这是INV-",
        ),
        (
            Language.ZH_HANT,
            "只憑發票正本付款: 多半是藉口",
            "已逾期15天(€1,000.00);共1張未付發票,合計€1,000.00。",
            "這樣說: 了解。這是INV-",
        ),
        (
            Language.KO,
            "계산서 원본이 있어야 지급한다: 핑계일 가능성 높음",
            " 15일 연체 (€1,000.00). 미결제 계산서 1건, 합계 €1,000.00.",
            "이렇게 말하세요: 알겠습니다. 여기 INV-",
        ),
    ],
)
def test_the_verdict_comes_in_the_language_of_the_message_and_is_logged_in_english(
    build, language, head, evidence, say
):
    build.customer("C1", requires_original_invoice=0)
    build.invoice(issued=45, due=15)
    turn = build.turn(customer_id="C1", spoken=language)
    text = coach.respond_to_excuse(turn, "excuse_original_invoice_only", "", []).reply.text
    first, *rest = text.splitlines()
    assert first == head
    assert any(line.startswith("• INV-") and line.endswith(evidence) for line in rest), text
    assert rest[-1].startswith(say)
    assert "Likely" not in text and "Do:" not in text
    [row] = build.store.excuse_log()
    assert row["verdict"] == "Likely excuse"


def test_a_rep_who_writes_in_their_own_language_is_answered_in_it_without_a_customer(build):
    build.rep("R7", language="ko")
    build.customer("C1", rep_id="R7", name="하나상사")
    reply = coach.respond_to_excuse(build.turn("R7"), "excuse_money_tight", "", []).reply
    assert reply.text.startswith("요즘 자금 사정이 어렵다: 아직 판단 불가 (거래처 미선택).")
    assert "지금 어느 거래처에 계세요?" in reply.text
    assert [b.title for b in reply.buttons] == ["하나상사", "대응 더 보기", "되돌리기"]


def test_more_tactics_and_asking_again_speak_the_language_too(build):
    build.customer("C1")
    build.invoice(issued=45, due=15)
    turn = build.turn(customer_id="C1", spoken=Language.ES)
    more = coach.more_tactics(turn, "excuse_money_tight").text
    assert more.startswith("Ahora mismo van justos de dinero: por qué y cómo\n")
    assert "Todas las tácticas:" in more and "Pregúntales:" in more
    assert "Evidence" not in more and "All tactics" not in more
    again = coach.rephrase(turn, [{"name": "excuse_money_tight"}])
    assert again.text.endswith("¿O es una de estas?")
    assert [b.title for b in again.buttons] == ["Ahora mismo van justos de dinero"]


def test_a_claim_written_the_chinese_way_reaches_the_verdict(build):
    build.customer("C1", payment_terms_days=30)
    build.invoice(issued=50, due=20)
    turn = build.turn(customer_id="C1", spoken=Language.ZH_HANS)
    text = coach.respond_to_excuse(turn, "excuse_payment_cycle", "我们是月结90天", []).reply.text
    assert "• 他们说90天;合同写的是30天。" in text.splitlines()


def test_the_verdict_comes_even_when_the_ledger_cannot_take_the_log_line(build, caplog):
    # An import holding the ledger longer than a turn waits: the debtor is still there.
    from tests.ledger_lock import ledger_locked

    build.customer("C1", name="Northwind", requires_original_invoice=0)
    build.invoice(issued=45, due=15)
    build.store.db.execute("PRAGMA busy_timeout = 50")
    with ledger_locked(build.store.path):
        outcome = coach.respond_to_excuse(
            build.turn(customer_id="C1"), "excuse_original_invoice_only", "original only", []
        )
    assert outcome.reply.text.startswith("Will pay only against the original invoice")
    assert build.store.excuse_log() == []
    assert "excuse log line of rep R1 was not saved" in caplog.text
    assert "Northwind" not in caplog.text and "original only" not in caplog.text
