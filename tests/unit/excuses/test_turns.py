import re

import pytest

from dunning_coach.accounts.placeholders import fill, placeholders
from dunning_coach.collection import account_turns
from dunning_coach.common import playbook
from dunning_coach.excuses import replies as render
from dunning_coach.excuses import turns as coach

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
