"""The Rasa actions, run as the action server runs them: a Tracker in, messages and events out."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.customers import ActionSelectCustomer, ActionShowAccount
from actions.excuses import ActionAskRephrase, ActionRespondExcuse, ActionShowTactics


@pytest.fixture(autouse=True)
def environment(fresh_db, monkeypatch):
    monkeypatch.setenv("DUNNING_DB", str(fresh_db.path))
    monkeypatch.setenv("DUNNING_TODAY", "2026-11-23")


def tracker(text, intent, entities=(), slots=None, sender="r1", channel="rest", ranking=None):
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": list(entities),
        "intent_ranking": ranking or [],
    }
    events = [{"event": "user", "text": text, "input_channel": channel, "parse_data": message}]
    return Tracker(sender, slots or {}, message, events, False, None, None, "action_listen")


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, events


def test_unknown_sender_gets_registration_advice_and_no_data(build):
    build.customer("C1", name="Acme")
    messages, events = run(
        ActionRespondExcuse(),
        tracker("no cash", "excuse_money_tight", slots={"customer_id": "C1"}, sender="who"),
    )
    assert "not registered" in messages[0]["text"] and "Acme" not in messages[0]["text"]
    assert events == [] and build.store.excuse_log() == []


def test_excuse_action_answers_logs_and_remembers_the_excuse(build):
    build.customer("C1", requires_original_invoice=0)
    build.invoice(issued=45, due=15)
    messages, events = run(
        ActionRespondExcuse(),
        tracker(
            "only against the original", "excuse_original_invoice_only", slots={"customer_id": "C1"}
        ),
    )
    assert messages[0]["text"].startswith(
        "Will pay only against the original invoice: Likely excuse"
    )
    assert [b["title"] for b in messages[0]["buttons"]] == ["More tactics", "Open invoices"]
    assert events == [
        {
            "event": "slot",
            "timestamp": None,
            "name": "last_excuse",
            "value": "excuse_original_invoice_only",
        }
    ]
    assert build.store.excuse_log()[0]["text"] == "only against the original"


def test_button_press_logs_what_the_rep_typed_before(build):
    build.customer("C1")
    t = tracker("/excuse_money_tight", "excuse_money_tight", slots={"customer_id": "C1"})
    t.events.insert(0, {"event": "user", "text": "they have no monye", "input_channel": "rest"})
    run(ActionRespondExcuse(), t)
    assert build.store.excuse_log()[0]["text"] == "they have no monye"


def test_slack_identity_maps_to_the_rep(build):
    build.rep("R1", slack_id="U123")
    build.customer("C1")
    messages, _ = run(
        ActionShowAccount(),
        tracker(
            "what do they owe",
            "account_summary",
            slots={"customer_id": "C1"},
            sender="slack:U123",
            channel="slack",
        ),
    )
    assert messages[0]["text"].startswith("Customer C1 (C1)")


def test_select_customer_sets_the_slot(build):
    build.customer("C1", name="Harbor Hotel Group")
    messages, events = run(
        ActionSelectCustomer(), tracker("i'm at harbor hotel", "select_customer")
    )
    assert "With Harbor Hotel Group now" in messages[0]["text"]
    assert events[0]["name"] == "customer_id" and events[0]["value"] == "C1"


def test_more_tactics_from_the_button_entity(build):
    build.customer("C1")
    messages, _ = run(
        ActionShowTactics(),
        tracker(
            "/more_tactics",
            "more_tactics",
            entities=[{"entity": "excuse", "value": "excuse_signer_absent"}],
            slots={"customer_id": "C1"},
        ),
    )
    assert messages[0]["text"].startswith("The boss or the signatory is away: why and how")


def test_rephrase_offers_the_likeliest_excuses(build):
    build.rep("R1")
    messages, events = run(
        ActionAskRephrase(),
        tracker(
            "blorf",
            "nlu_fallback",
            ranking=[{"name": "nlu_fallback"}, {"name": "excuse_cheque_mailed"}],
        ),
    )
    assert messages[0]["buttons"] == [
        {"title": "Cheque already in the post", "payload": "/excuse_cheque_mailed"}
    ]
    assert events == []


def test_an_unclear_message_that_names_a_customer_selects_it(build):
    build.customer("C1", name="Meridian Hypermarket")
    messages, events = run(
        ActionAskRephrase(), tracker("now visiting meridian hypermarket", "nlu_fallback")
    )
    assert len(messages) == 1 and "With Meridian Hypermarket now" in messages[0]["text"]
    assert slot_events(events) == {"customer_id": "C1"}


def test_an_excuse_that_names_a_customer_is_answered_for_that_customer(build):
    build.customer("C1", name="Meridian Hypermarket", requires_original_invoice=0)
    build.customer("C2", name="Saltmarsh Catering")
    build.invoice("C1", issued=45, due=15)
    messages, events = run(
        ActionRespondExcuse(),
        tracker(
            "at Meridian, they only pay against the original",
            "excuse_original_invoice_only",
            slots={"customer_id": "C2"},
        ),
    )
    assert messages[0]["text"] == "With Meridian Hypermarket now."
    assert messages[1]["text"].startswith(
        "Will pay only against the original invoice: Likely excuse"
    )
    assert slot_events(events) == {
        "customer_id": "C1",
        "last_excuse": "excuse_original_invoice_only",
    }
    [row] = build.store.excuse_log()
    assert row["customer_id"] == "C1"


def test_an_excuse_naming_two_customers_asks_which_and_the_button_answers_it(build):
    build.customer("C1", name="Harbor Lights Trading")
    build.customer("C2", name="Harbor Hotel Group")
    said = "at harbor, they say the cheque is in the post"
    messages, events = run(ActionRespondExcuse(), tracker(said, "excuse_cheque_mailed"))
    assert events == [] and build.store.excuse_log() == []
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert sorted(payloads) == [
        '/excuse_cheque_mailed{"customer_id": "C1"}',
        '/excuse_cheque_mailed{"customer_id": "C2"}',
    ]
    tapped = tracker(
        "/excuse_cheque_mailed",
        "excuse_cheque_mailed",
        entities=[{"entity": "customer_id", "value": "C2"}],
    )
    tapped.events.insert(0, {"event": "user", "text": said, "input_channel": "rest"})
    messages, events = run(ActionRespondExcuse(), tapped)
    assert messages[0]["text"] == "With Harbor Hotel Group now."
    assert messages[1]["text"].startswith("Cheque already in the post:")
    [row] = build.store.excuse_log()
    assert (row["customer_id"], row["text"]) == ("C2", said)


def test_an_excuse_naming_another_reps_customer_is_refused_and_not_logged(build):
    build.customer("C1", name="Meridian Hypermarket")
    build.customer("C9", rep_id="R2", name="Saltmarsh Catering")
    build.invoice("C9", issued=45, due=15, amount=777)
    messages, events = run(
        ActionRespondExcuse(),
        tracker(
            "at saltmarsh catering they say money is tight",
            "excuse_money_tight",
            slots={"customer_id": "C1"},
        ),
    )
    assert [m["text"] for m in messages] == [
        "That's not one of your customers, so I can't show it. Ask its rep or your manager."
    ]
    assert events == [] and build.store.excuse_log() == []
    tapped = tracker(
        "/excuse_money_tight",
        "excuse_money_tight",
        entities=[{"entity": "customer_id", "value": "C9"}],
    )
    messages, _ = run(ActionRespondExcuse(), tapped)
    assert "777" not in " ".join(m["text"] for m in messages)


def test_a_summary_request_naming_a_customer_shows_that_account(build):
    build.customer("C1", name="Meridian Hypermarket")
    build.customer("C2", name="Saltmarsh Catering")
    messages, events = run(
        ActionShowAccount(),
        tracker("what does saltmarsh catering owe", "account_summary", slots={"customer_id": "C1"}),
    )
    assert messages[1]["text"].startswith("Saltmarsh Catering (C2)")
    assert slot_events(events) == {"customer_id": "C2"}


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_validate_promise_form_reads_the_first_message_and_asks_the_next_question(build):
    from actions.promises import ValidatePromiseForm

    build.customer("C1")
    build.invoice(issued=40, due=10, amount=800)
    t = tracker(
        "they promised all of it next friday", "promise_to_pay", slots={"customer_id": "C1"}
    )
    messages, events = run(ValidatePromiseForm(), t)
    slots = slot_events(events)
    assert messages == []
    assert (slots["promise_amount"], slots["promise_date"]) == (80000, "2026-12-04")
    assert slots["requested_slot"] == "promise_confirmed"


def test_save_promise_writes_only_a_confirmed_promise_and_clears_the_form(build):
    from actions.promises import ActionSavePromise

    build.customer("C1")
    build.invoice(issued=40, due=10, amount=800)
    form = {
        "customer_id": "C1",
        "promise_amount": 80000,
        "promise_date": "2026-12-04",
        "promise_invoices": None,
    }
    run(ActionSavePromise(), tracker("no", "stop", slots={**form, "promise_confirmed": False}))
    assert build.store.promises() == []
    messages, events = run(
        ActionSavePromise(), tracker("yes", "affirm", slots={**form, "promise_confirmed": True})
    )
    assert messages[0]["text"].startswith("Saved: Customer C1 pays €800.00 by Fri 4 Dec.")
    assert [p.amount_cents for p in build.store.promises()] == [80000]
    assert "customer_id" not in slot_events(events)
    assert set(slot_events(events).values()) == {None}


def test_a_note_before_any_customer_is_saved_once_one_is_picked(build):
    from actions.collection import ActionRecordVisit

    build.customer("C1", name="Harbor Hotel Group")
    messages, events = run(ActionRecordVisit(), tracker("Note: call after 3", "add_note"))
    assert "Which customer is the note about?" in messages[0]["text"]
    pending = slot_events(events)["pending_record"]
    messages, events = run(
        ActionSelectCustomer(),
        tracker("harbor hotel", "select_customer", slots={"pending_record": pending}),
    )
    assert "Noted on Harbor Hotel Group" in messages[1]["text"]
    assert [n["text"] for n in build.store.rows("notes")] == ["call after 3"]
    assert slot_events(events)["pending_record"] is None


def test_role_play_form_starts_judges_each_reply_and_ends_with_a_stored_scorecard(build):
    from actions.training import ActionAskRoleplayReply, ActionFinishRoleplay, ValidateRoleplayForm

    build.customer("C1", name="Demo Stores", demo=1)
    build.invoice(issued=60, due=30, amount=1500)
    _, events = run(
        ValidateRoleplayForm(), tracker("role-play the cheque excuse on easy", "start_roleplay")
    )
    slots = slot_events(events)
    assert slots["requested_slot"] == "roleplay_reply"
    assert slots["roleplay"]["excuse"] == "excuse_cheque_mailed"
    assert slots["roleplay"]["difficulty"] == "easy"
    messages, _ = run(ActionAskRoleplayReply(), tracker("", "start_roleplay", slots=slots))
    assert messages[0]["text"].startswith("Role-play (easy): Cheque already in the post.")
    assert "Demo Stores" in messages[0]["text"]

    _, events = run(ValidateRoleplayForm(), tracker("When did you post it?", "inform", slots=slots))
    slots = {**slots, **slot_events(events)}
    assert slots["requested_slot"] == "roleplay_reply" and slots["roleplay"]["turns"] == 1
    messages, _ = run(ActionAskRoleplayReply(), tracker("", "inform", slots=slots))
    assert messages[0]["text"].startswith("Score: ")
    assert "✓ Asks when it was posted and for how much" in messages[0]["text"]

    _, events = run(
        ValidateRoleplayForm(),
        tracker("What's the cheque number? Then €1,500 on Friday.", "inform", slots=slots),
    )
    slots = {**slots, **slot_events(events)}
    assert slots["requested_slot"] is None and slots["roleplay"]["outcome"] == "conceded"
    messages, events = run(ActionFinishRoleplay(), tracker("", "inform", slots=slots))
    assert "Round over. The debtor agreed to pay." in messages[0]["text"]
    assert slot_events(events)["roleplay"] is None
    (stored,) = build.store.rounds("R1")
    assert stored.excuse == "excuse_cheque_mailed" and stored.turns == 2


def test_progress_and_leaderboard_actions_answer_by_role(build):
    from actions.training import ActionShowLeaderboard, ActionShowProgress

    build.rep("R1")
    messages, _ = run(ActionShowProgress(), tracker("my progress", "my_progress"))
    assert "No role-play rounds yet" in messages[0]["text"]
    messages, _ = run(ActionShowLeaderboard(), tracker("leaderboard", "show_leaderboard"))
    assert "for managers" in messages[0]["text"]
