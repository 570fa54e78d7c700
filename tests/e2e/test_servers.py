"""End to end through the real servers: the action server and `rasa run` with the trained model,
on free ports, a temporary account database (the demo data) and a temporary tracker store."""

from __future__ import annotations

import re

from dunning_coach.accounts.store import AccountStore
from tests.conftest import Builder
from tests.harness import text_of


def test_excuse_turn_gives_verdict_for_the_selected_customer_and_logs_it(servers):
    assert "With Northwind Retail Group now" in text_of(servers.say("demo-rep", "I'm at Northwind"))
    reply = servers.say("demo-rep", "he says they pay on the 25th, that's their payment run")
    assert reply[0]["text"].startswith("Our payment run or terms say later: Likely true")
    titles = [b["title"] for b in reply[0]["buttons"]]
    # Undo when this turn wrote the log line (not when a test before logged this excuse today).
    assert titles[:2] == ["More tactics", "Open invoices"] and titles[2:] in ([], ["Undo"])
    with AccountStore(servers.tmp / "accounts.db") as store:
        row = store.excuse_log("C01")[-1]
    assert (row["intent"], row["verdict"], row["rep_id"]) == (
        "excuse_payment_cycle",
        "Likely true",
        "R1",
    )


def test_a_customer_named_as_reps_write_is_selected_and_its_excuses_judged(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep("R65", name="Sam Spotter", rest_id="spot-rep")
        build.customer("C65", "R65", name="Meridian Hypermarket", requires_original_invoice=0)
        build.invoice("C65", issued=50, due=20, amount=3100)
        build.customer("C66", "R65", name="Harbor Lights Trading", aliases="HLT")
        build.invoice("C66", issued=70, due=40, amount=1200)
    assert "With Meridian Hypermarket now" in text_of(
        servers.say("spot-rep", "now visiting meridian hypermarket")
    )
    reply = servers.say("spot-rep", "they say they only pay against the original invoice")
    assert reply[0]["text"].startswith("Will pay only against the original invoice: Likely excuse")
    # A name inside the excuse: that customer is selected and the excuse answered for it.
    reply = servers.say("spot-rep", "at HLT, they say the cheque is in the post")
    assert reply[0]["text"] == "With Harbor Lights Trading now."
    assert reply[1]["text"].startswith("Cheque already in the post:")
    servers.say("spot-rep", "the cheque is in the post, he says")  # the same excuse again
    for request in (
        "what's due in the next 7 days?",
        "what do they owe",
        "who should I visit today?",
    ):
        assert "Likely" not in text_of(servers.say("spot-rep", request)), request
    with AccountStore(servers.tmp / "accounts.db") as store:
        logged = [
            (r["customer_id"], r["intent"]) for r in store.excuse_log() if r["rep_id"] == "R65"
        ]
    assert logged == [("C65", "excuse_original_invoice_only"), ("C66", "excuse_cheque_mailed")]


def test_unknown_sender_gets_no_data(servers):
    reply = text_of(servers.say("stranger-99", "the cheque is in the post"))
    assert "not registered" in reply and "€" not in reply


def test_conversation_survives_a_rasa_restart_with_a_promise_half_filled(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        Builder(store).rep("R64", role="manager", name="Rhea Restart", rest_id="restart-rep")
    servers.say("restart-rep", "I'm at Bolt and Nut")
    assert "How much did Bolt & Nut Hardware" in text_of(
        servers.say("restart-rep", "record a promise")
    )
    assert "By which day will they pay €400.00?" in text_of(servers.say("restart-rep", "400"))
    servers.stop("rasa")
    servers.start("rasa")
    # Nothing named again after the restart: customer, form and amount come from the tracker store.
    assert "Which invoice does €400.00 pay?" in text_of(servers.say("restart-rep", "friday"))
    assert "Save this promise? Bolt & Nut Hardware pays €400.00 by Fri 27 Nov" in text_of(
        servers.say("restart-rep", "oldest first")
    )
    assert "Saved: Bolt & Nut Hardware" in text_of(servers.say("restart-rep", "yes"))
    reply = servers.say("restart-rep", "they say cash is tight")
    assert reply[0]["text"].startswith("Cash is tight right now: Likely excuse")
    with AccountStore(servers.tmp / "accounts.db") as store:
        (promise,) = [p for p in store.promises() if p.rep_id == "R64"]
    assert (promise.amount_cents, promise.promised_for.isoformat()) == (40000, "2026-11-27")


def test_promise_form_confirms_then_saves_and_offers_the_visit(servers):
    # The manager, so this conversation is its own; Greenleaf owes one invoice of €1,720.
    servers.say("morgan-lead", "I'm at Greenleaf")
    ask = text_of(servers.say("morgan-lead", "they promised to pay everything on friday"))
    assert "Save this promise? Greenleaf Grocers pays €1,720.00 by Fri 27 Nov." in ask
    with AccountStore(servers.tmp / "accounts.db") as store:
        assert store.promises("C07") == []  # nothing saved before the yes
    done = text_of(servers.say("morgan-lead", "yes"))
    assert "Saved: Greenleaf Grocers pays €1,720.00 by Fri 27 Nov." in done
    assert "Book your visit for Fri 27 Nov" in done
    with AccountStore(servers.tmp / "accounts.db") as store:
        (promise,) = store.promises("C07")
    assert (promise.amount_cents, promise.promised_for.isoformat(), promise.rep_id) == (
        172000,
        "2026-11-27",
        "M1",
    )
    # The account now shows it (a due list may be long by now: other tests share these servers).
    assert "• €1,720.00 by Fri 27 Nov: open" in text_of(
        servers.say("morgan-lead", "what do they owe")
    )


def test_promise_form_bad_answers_offer_to_stop_and_stop_saves_nothing(servers):
    servers.say("sam-field", "I'm at Riverside")
    assert "How much did Riverside Pharmacy promise?" in text_of(
        servers.say("sam-field", "record a promise")
    )
    first = text_of(servers.say("sam-field", "blah blah"))
    assert "I need an amount" in first and "Tap Stop" not in first
    second = text_of(servers.say("sam-field", "no idea really"))
    assert "Tap Stop" in second
    assert "no promise saved" in text_of(servers.say("sam-field", "stop"))
    with AccountStore(servers.tmp / "accounts.db") as store:
        assert store.promises("C11") == []
    # The form is closed: an excuse gets its verdict again.
    assert servers.say("sam-field", "they say cash is tight")[0]["text"].startswith(
        "Cash is tight right now:"
    )


def test_note_and_reported_sign_are_saved_and_shown_with_the_account(servers):
    servers.say("demo-rep", "I'm at Metro Office")
    assert "Noted on Metro Office Supplies" in text_of(
        servers.say("demo-rep", "Note: Priya wants the statement by email")
    )
    assert "Person in charge replaced" in text_of(
        servers.say("demo-rep", "their buyer just left the company")
    )
    summary = text_of(servers.say("demo-rep", "what do they owe"))
    assert "Priya wants the statement by email" in summary
    assert "⚠ Person in charge replaced: Reported 23 Nov" in summary
    plan = text_of(servers.say("demo-rep", "who should I visit today?"))
    assert plan.startswith("Visit first (23 Nov):")


def test_role_play_round_through_the_servers_is_scored_stored_and_shown_in_progress(servers):
    opening = text_of(servers.say("terry-new", "role-play the cheque excuse"))
    assert opening.startswith("Role-play (medium): Cheque already in the post.")
    weak = text_of(servers.say("terry-new", "sorry to bother you, pay whenever you can"))
    assert weak.startswith("Score: 0/100")
    # The quote is the trainee's words that broke it: the clause, or the clause with its neighbour.
    assert '✗ Keeps the payment demand on the table: you said "' in weak
    assert 'pay whenever you can"' in weak.split("Keeps the payment demand on the table")[1]
    # Words that look like an excuse or a command stay inside the round.
    strong = text_of(
        servers.say(
            "terry-new",
            "What's the cheque number, and when was it posted? I'll check with our "
            "bank. If it isn't here by Wednesday, stop it and pay €1,000 by transfer "
            "on Friday.",
        )
    )
    assert "Round over. The debtor agreed to pay." in strong
    assert "✗ Stays firm on the debt" in strong  # the first reply's slip is remembered
    assert '✓ Asks for the cheque number: "What\'s the cheque number"' in strong
    with AccountStore(servers.tmp / "accounts.db") as store:
        (stored,) = store.rounds("T1")
    assert stored.excuse == "excuse_cheque_mailed" and stored.turns == 2
    assert f"Score: {stored.score}/100" in strong
    assert f"Cheque already in the post: {stored.score} (best {stored.score})" in text_of(
        servers.say("terry-new", "how am I doing?")
    )
    # Other tests on these servers may have stored rounds of their own reps: Terry's line, not
    # Terry's place, is what this round decides.
    board = text_of(servers.say("morgan-lead", "show the team leaderboard"))
    line = rf"^\d+\. Terry New: {int(stored.passed)}/13 passed, average {stored.score}, 1 rounds$"
    assert re.search(line, board, re.MULTILINE), board


def test_role_play_stops_on_request_and_the_assistant_is_back_to_normal(servers):
    text_of(servers.say("sam-field", "let's practise on hard"))
    text_of(servers.say("sam-field", "when can you pay?"))
    ended = text_of(servers.say("sam-field", "end role-play"))
    assert "Round over. Stopped." in ended
    assert servers.say("sam-field", "I'm at Riverside")[0]["text"].startswith("With Riverside")


def test_promise_questions_are_answered_for_the_period_asked(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep_with_customer("R68", "C68", "Quayside Stores", 800, rest_id="promise-rep")
        build.promise("C68", amount=800, due_in=4, rep_id="R68")  # Fri 27 Nov; today Mon 23
    answers = {
        "which promises are due this week?": "Promises due 23–29 Nov: 1",
        "show promises to pay": "Open promises: 1",
        "what's due in the next 7 days?": "Promises due 23–29 Nov: 1",
    }
    for question, start in answers.items():
        reply = text_of(servers.say("promise-rep", question))
        assert reply.startswith(start), (question, reply)
        assert "Fri 27 Nov Quayside Stores: €800.00 (open)" in reply
    # Nothing due then, and nothing after: said so, with no "next due".
    reply = text_of(servers.say("promise-rep", "promises between the 1st and the 10th"))
    assert reply == "No promises due 1–10 Dec."


def test_a_spanish_reps_promise_form_runs_in_spanish_through_the_servers(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        Builder(store).rep_with_customer(
            "R70", "C70", "Ferretería Sol", 3000, rest_id="lucia-rep", language="es"
        )
    servers.say("lucia-rep", "I'm at Ferretería Sol")
    assert "¿Cuánto prometió Ferretería Sol?" in text_of(
        servers.say("lucia-rep", "record a promise")
    )
    assert "¿Qué día pagarán 1.500,50 €?" in text_of(servers.say("lucia-rep", "1.500,50"))
    confirm = text_of(servers.say("lucia-rep", "el viernes que viene"))
    assert (
        "¿Guardo esta promesa? Ferretería Sol paga 1.500,50 € como tarde el vie 27 nov." in confirm
    )
    saved = text_of(servers.say("lucia-rep", "/affirm"))  # the "Guardar" button
    assert saved.startswith("Guardado: Ferretería Sol paga 1.500,50 €")
    with AccountStore(servers.tmp / "accounts.db") as store:
        (promise,) = store.promises("C70")
    assert (promise.amount_cents, promise.promised_for.isoformat()) == (150050, "2026-11-27")
