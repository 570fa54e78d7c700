"""End to end through the real servers: the action server and `rasa run` with the trained model,
on free ports, a temporary account database (the demo data) and a temporary tracker store."""
from __future__ import annotations

import pytest

from dunning_coach.db import AccountStore
from dunning_coach.importer import import_folder
from tests.conftest import ROOT
from tests.harness import Servers

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("servers")
    with AccountStore(tmp / "accounts.db") as store:
        import_folder(ROOT / "demo_data", store)
    running = Servers(tmp)
    try:
        running.start("actions")
        running.start("rasa")
        yield running
    finally:
        for name in list(running.processes):
            running.stop(name)


def text_of(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_excuse_turn_gives_verdict_for_the_selected_customer_and_logs_it(servers):
    assert "With Northwind Retail Group now" in text_of(servers.say("demo-rep", "I'm at Northwind"))
    reply = servers.say("demo-rep", "he says they pay on the 25th, that's their payment run")
    assert reply[0]["text"].startswith("Our payment run or terms say later: Likely true")
    assert [b["title"] for b in reply[0]["buttons"]] == ["More tactics", "Open invoices"]
    with AccountStore(servers.tmp / "accounts.db") as store:
        row = store.excuse_log("C01")[-1]
    assert (row["intent"], row["verdict"], row["rep_id"]) == ("excuse_payment_cycle", "Likely true", "R1")


def test_unknown_sender_gets_no_data(servers):
    reply = text_of(servers.say("stranger-99", "the cheque is in the post"))
    assert "not registered" in reply and "€" not in reply


def test_conversation_survives_a_rasa_restart(servers):
    servers.say("demo-rep", "I'm at Bolt and Nut")
    servers.stop("rasa")
    servers.start("rasa")
    # No customer named after the restart: the selection must come from the SQL tracker store.
    reply = servers.say("demo-rep", "they say cash is tight")
    assert reply[0]["text"].startswith("Cash is tight right now: Likely excuse")


def test_promise_form_confirms_then_saves_and_offers_the_visit(servers):
    # The manager, so this conversation is its own; Greenleaf owes one invoice of €1,720.
    servers.say("morgan-lead", "I'm at Greenleaf")
    ask = text_of(servers.say("morgan-lead", "they promised to pay everything on friday"))
    assert "Save this promise? Greenleaf Grocers pays €1,720.00 by Fri 27 Nov." in ask
    with AccountStore(servers.tmp / "accounts.db") as store:
        assert store.promises("C07") == []          # nothing saved before the yes
    done = text_of(servers.say("morgan-lead", "yes"))
    assert "Saved: Greenleaf Grocers pays €1,720.00 by Fri 27 Nov." in done
    assert "Book your visit for Fri 27 Nov" in done
    with AccountStore(servers.tmp / "accounts.db") as store:
        (promise,) = store.promises("C07")
    assert (promise.amount_cents, promise.promised_for.isoformat(), promise.rep_id) == (
        172000, "2026-11-27", "M1")
    assert "Greenleaf Grocers: €1,720.00 (open)" in text_of(
        servers.say("morgan-lead", "promises this week"))


def test_promise_form_bad_answers_offer_to_stop_and_stop_saves_nothing(servers):
    servers.say("sam-field", "I'm at Riverside")
    assert "How much did Riverside Pharmacy promise?" in text_of(
        servers.say("sam-field", "record a promise"))
    first = text_of(servers.say("sam-field", "blah blah"))
    assert "I need an amount" in first and "Tap Stop" not in first
    second = text_of(servers.say("sam-field", "no idea really"))
    assert "Tap Stop" in second
    assert "no promise saved" in text_of(servers.say("sam-field", "stop"))
    with AccountStore(servers.tmp / "accounts.db") as store:
        assert store.promises("C11") == []
    # The form is closed: an excuse gets its verdict again.
    assert servers.say("sam-field", "they say cash is tight")[0]["text"].startswith(
        "Cash is tight right now:")


def test_note_and_reported_sign_are_saved_and_shown_with_the_account(servers):
    servers.say("demo-rep", "I'm at Metro Office")
    assert "Noted on Metro Office Supplies" in text_of(
        servers.say("demo-rep", "Note: Priya wants the statement by email"))
    assert "Person in charge replaced" in text_of(
        servers.say("demo-rep", "their buyer just left the company"))
    summary = text_of(servers.say("demo-rep", "what do they owe"))
    assert "Priya wants the statement by email" in summary
    assert "⚠ Person in charge replaced: Reported 23 Nov" in summary
    plan = text_of(servers.say("demo-rep", "who should I visit today?"))
    assert plan.startswith("Visit first (23 Nov):")
