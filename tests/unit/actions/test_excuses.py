"""actions/excuses.py: the excuse verdict, more tactics and asking again."""

from actions.excuses import ActionAskRephrase, ActionRespondExcuse, ActionShowTactics
from tests.unit.actions.run import run, slot_events, tracker


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
    [line] = build.store.excuse_log()
    assert [(b["title"], b["payload"]) for b in messages[0]["buttons"]] == [
        ("More tactics", '/more_tactics{"excuse": "excuse_original_invoice_only"}'),
        ("Open invoices", "/account_summary"),
        ("Undo", f'/undo_record{{"record_id": "excuse:{line["id"]}"}}'),
    ]
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
