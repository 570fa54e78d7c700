"""collection/undo.py: every reply that recorded something from one message carries an Undo
button; Undo removes exactly that record, and its effects with it, for the rep who made it on
the day it was made, and answers plainly otherwise."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from dunning_coach.accounts.store import AccountStore
from dunning_coach.collection import promise_form, turns, undo
from dunning_coach.collection.standing import assess
from dunning_coach.common.reply import Reply
from dunning_coach.excuses import turns as excuse_turns
from tests.conftest import TODAY, Builder
from tests.ledger_lock import ledger_locked

TOMORROW = TODAY + dt.timedelta(days=1)


def record_id(reply: Reply) -> str:
    """The record the reply's Undo button names (the last button, titled Undo)."""
    button = reply.buttons[-1]
    assert button.title in {"Undo", "Deshacer", "撤销", "復原", "되돌리기"}, reply.buttons
    intent, _, entities = button.payload.partition("{")
    assert intent == "/undo_record"
    return json.loads("{" + entities)["record_id"]


def no_undo(reply: Reply) -> bool:
    return all("/undo_record" not in b.payload for b in reply.buttons)


@pytest.fixture
def visit(build: Builder) -> Builder:
    """Rep R1 at C1 "Northwind", one invoice 40 days overdue, and colleague R2."""
    build.customer("C1", name="Northwind")
    build.invoice("C1", issued=70, due=40, amount=1200)
    build.rep("R2")
    return build


def standing(build: Builder):
    turn = build.turn(customer_id="C1")
    return assess(turn.account(turn.customer()), turn.playbook, turn.settings)


# --- record ids --------------------------------------------------------------------------------


def test_a_record_id_reads_back_as_written():
    for written in ("sign:WS-0123abcd4567", "promise:PR-89ab", "note:12", "excuse:7"):
        record = undo.parse(written)
        assert record is not None and str(record) == written
    assert undo.parse("note:12") == undo.RecordRef(undo.Kind.NOTE, 12)


@pytest.mark.parametrize(
    "malformed",
    [
        None,
        42,
        ["sign:WS-1"],
        "",
        "sign",
        "sign:",
        ":WS-1",
        "bogus:1",
        "note:abc",
        "note:-1",
        "note:1.5",
        "excuse:99999999999999999999999",  # past SQLite's integers
        "sign:WS-1 or 1=1",
        "sign:WS-\udc80",  # cannot be encoded for SQLite
        "sign:" + "x" * 65,
        "promise:PR-1\n",
    ],
)
def test_a_malformed_record_id_is_nothing_to_undo_and_never_reaches_the_ledger(visit, malformed):
    visit.store.close()  # a query would fail: nothing may reach the ledger
    assert undo.parse(malformed) is None
    done = undo.undo(visit.store, "R1", undo.parse(malformed), TODAY)
    assert done.outcome is undo.Outcome.NOTHING


def test_a_malformed_record_id_gets_the_nothing_to_undo_answer(visit):
    reply = undo.undo_turn(visit.turn(), "sign:WS-\udc80")
    assert reply.text.startswith("Nothing to undo") and reply.buttons == ()


# --- a warning sign ----------------------------------------------------------------------------


def test_a_sign_is_undone_by_its_button_with_its_class_signs_and_day_plan(visit):
    before = standing(visit)
    plan_before = turns.day_plan(visit.turn()).text
    assert before.signs == ()
    turn = visit.turn(customer_id="C1")
    recorded = turns.record(turn, "sign_moving", "they are moving out next month")
    assert recorded.reply.text.startswith("Recorded for Northwind")
    [title] = [b.title for b in recorded.reply.buttons]
    assert title == "Undo"
    [row] = visit.store.rows("warning_signs")
    assert record_id(recorded.reply) == f"sign:{row['sign_id']}"
    # The sign shows everywhere it counts: the signs, a worse class, the day's plan.
    during = standing(visit)
    assert [s.kind for s in during.signs] == ["sign_moving"]
    assert during.classes.raised_by > 0 and during.classes.worst != before.classes.worst
    assert "warning: moving or closing a site" in turns.day_plan(visit.turn()).text

    reply = undo.undo_turn(visit.turn(), record_id(recorded.reply))
    assert reply.text == 'Removed the warning sign "Moving or closing a site" on Northwind.'
    assert reply.buttons == ()
    assert visit.store.rows("warning_signs") == []
    after = standing(visit)
    assert after.signs == () and after.classes == before.classes
    assert turns.day_plan(visit.turn()).text == plan_before


def test_undo_removes_only_its_own_record_even_after_other_messages(visit):
    turn = visit.turn(customer_id="C1")
    first = turns.record(turn, "sign_moving", "they are moving")
    turns.record(turn, "sign_staff_change", "their buyer left")
    turns.record(turn, "add_note", "Note: call after 3")
    excuse_turns.respond_to_excuse(turn, "excuse_money_tight", "cash is tight", [])
    reply = undo.undo_turn(visit.turn(), record_id(first.reply))
    assert reply.text.startswith('Removed the warning sign "Moving or closing a site"')
    assert [s["kind"] for s in visit.store.rows("warning_signs")] == ["sign_staff_change"]
    assert [n["text"] for n in visit.store.rows("notes")] == ["call after 3"]
    assert len(visit.store.excuse_log()) == 1


def test_a_second_undo_says_there_is_nothing_to_undo(visit):
    recorded = turns.record(visit.turn(customer_id="C1"), "sign_moving", "moving")
    undo.undo_turn(visit.turn(), record_id(recorded.reply))
    again = undo.undo_turn(visit.turn(), record_id(recorded.reply))
    assert again.text.startswith("Nothing to undo") and again.buttons == ()
    unknown = undo.undo_turn(visit.turn(), "sign:WS-000000000000")
    assert unknown.text == again.text


def test_another_rep_cannot_undo_it_and_is_told_nothing_of_it(visit):
    visit.customer("C2", rep_id="R2", name="Bolt")
    recorded = turns.record(visit.turn(customer_id="C1"), "sign_moving", "they are moving")
    refused = undo.undo_turn(visit.turn("R2"), record_id(recorded.reply))
    assert refused.text == "Not removed: only the rep who recorded it can undo it."
    assert "Northwind" not in refused.text and "Moving" not in refused.text
    assert len(visit.store.rows("warning_signs")) == 1
    # A manager is not its maker either.
    visit.rep("M1", role="manager")
    visit.rep("R1", manager_id="M1")
    assert undo.undo_turn(visit.turn("M1"), record_id(recorded.reply)).text == refused.text
    assert len(visit.store.rows("warning_signs")) == 1


def test_a_record_can_be_undone_only_on_the_day_it_was_made(visit):
    recorded = turns.record(visit.turn(customer_id="C1"), "sign_moving", "they are moving")
    late = undo.undo_turn(visit.turn(today=TOMORROW), record_id(recorded.reply))
    assert late.text == (
        "Not removed: it was recorded on 23 Nov, and a record can only be undone on the day it "
        "was made."
    )
    assert len(visit.store.rows("warning_signs")) == 1


def test_a_refused_delete_is_not_removed_and_offers_the_button_again(visit, caplog):
    recorded = turns.record(visit.turn(customer_id="C1"), "sign_moving", "they are moving")
    with (
        AccountStore(visit.store.path, busy_timeout_s=0.05) as quick,
        ledger_locked(visit.store.path),
    ):
        reply = undo.undo_turn(Builder(quick).turn(), record_id(recorded.reply))
    assert reply.text.startswith("Not removed: the account database could not take it")
    assert "Removed" not in reply.text
    assert record_id(reply) == record_id(recorded.reply)
    assert len(visit.store.rows("warning_signs")) == 1
    assert "database is locked" in caplog.text and "Northwind" not in caplog.text
    done = undo.undo_turn(visit.turn(), record_id(reply))  # tapped again, the ledger free
    assert done.text.startswith("Removed the warning sign")
    assert visit.store.rows("warning_signs") == []


def test_a_sign_or_note_the_ledger_refused_has_no_undo_button(visit):
    with (
        AccountStore(visit.store.path, busy_timeout_s=0.05) as quick,
        ledger_locked(visit.store.path),
    ):
        turn = Builder(quick).turn(customer_id="C1")
        for intent, said in (("sign_moving", "moving"), ("add_note", "Note: call after 3")):
            reply = turns.record(turn, intent, said).reply
            assert reply.text.startswith("Not saved") and reply.buttons == ()


def test_the_same_sign_sent_again_names_the_one_record_both_times(visit):
    # A retried message: written once, and either reply's Undo removes that one record.
    turn = visit.turn(customer_id="C1")
    first = turns.record(turn, "sign_moving", "they are moving").reply
    again = turns.record(turn, "sign_moving", "they are moving").reply
    assert record_id(first) == record_id(again)
    assert undo.undo_turn(visit.turn(), record_id(again)).text.startswith("Removed")
    assert visit.store.rows("warning_signs") == []


# --- a note -----------------------------------------------------------------------------------


def test_a_note_is_undone_and_named(visit):
    recorded = turns.record(visit.turn(customer_id="C1"), "add_note", "Note: ask for Jo at 3")
    assert recorded.reply.text.startswith("Noted on Northwind")
    [row] = visit.store.rows("notes")
    assert record_id(recorded.reply) == f"note:{row['id']}"
    reply = undo.undo_turn(visit.turn(), record_id(recorded.reply))
    assert reply.text == "Removed the note on Northwind: ask for Jo at 3"
    assert visit.store.rows("notes") == []
    assert standing(visit).account.notes == ()


def test_a_note_picked_up_once_the_customer_is_chosen_carries_undo_too(visit):
    pending = turns.record(visit.turn(), "add_note", "Note: ask for Jo")
    assert pending.pending is not None and no_undo(pending.reply)  # nothing written yet
    chosen = visit.turn(customer_id="C1")
    saved = turns.record(chosen, pending.pending["intent"], pending.pending["text"])
    assert record_id(saved.reply).startswith("note:")


# --- a promise --------------------------------------------------------------------------------


def _promise(build: Builder, said: str, rep_id: str = "R1") -> Reply:
    """A promise through the form: said, then confirmed; the saved reply."""
    turn = build.turn(rep_id, customer_id="C1")
    answer = turns.FormAnswer(
        slots={promise_form.CUSTOMER: "C1"},
        requested=None,
        tries=0,
        text=said,
        intent="promise_to_pay",
        picked_customer=None,
    )
    form = turns.promise_turn(turn, answer)
    assert form.requested == promise_form.CONFIRMED, form
    yes = dataclasses.replace(
        answer, slots=form.slots, requested=form.requested, text="yes", intent="affirm"
    )
    saved = turns.promise_turn(turn, yes).reply
    assert saved is not None and saved.text.startswith("Saved:")
    return saved


def test_a_promise_is_undone_and_leaves_the_standing_and_the_plan(visit):
    plan_before = turns.day_plan(visit.turn()).text
    saved = _promise(visit, "they will pay 500 today")
    assert [b.title for b in saved.buttons] == ["Promises this week", "Undo"]
    [promise] = visit.store.promises("C1")
    assert record_id(saved) == f"promise:{promise.promise_id}"
    assert [p.promise.amount_cents for p in standing(visit).promises] == [50000]
    assert "promised €500.00 for today" in turns.day_plan(visit.turn()).text

    reply = undo.undo_turn(visit.turn(), record_id(saved))
    assert reply.text.startswith("Removed the promise: Northwind pays €500.00 by ")
    assert visit.store.promises("C1") == []
    assert standing(visit).promises == ()
    assert turns.day_plan(visit.turn()).text == plan_before


def test_a_promise_cannot_be_undone_the_next_day_and_says_why(visit):
    saved = _promise(visit, "they will pay 500 today")
    late = undo.undo_turn(visit.turn(today=TOMORROW), record_id(saved))
    assert late.text.startswith("Not removed: the promise was made on 23 Nov.")
    assert "broken promise" in late.text
    assert len(visit.store.promises("C1")) == 1


def test_a_promise_the_ledger_refused_has_no_undo_button(visit):
    turn = visit.turn(customer_id="C1")
    answer = turns.FormAnswer(
        slots={promise_form.CUSTOMER: "C1"},
        requested=None,
        tries=0,
        text="they will pay 500 today",
        intent="promise_to_pay",
        picked_customer=None,
    )
    form = turns.promise_turn(turn, answer)
    yes = dataclasses.replace(
        answer, slots=form.slots, requested=form.requested, text="yes", intent="affirm"
    )
    with (
        AccountStore(visit.store.path, busy_timeout_s=0.05) as quick,
        ledger_locked(visit.store.path),
    ):
        refused = turns.promise_turn(Builder(quick).turn(customer_id="C1"), yes)
    assert refused.reply is None and refused.requested == promise_form.CONFIRMED
    assert visit.store.promises("C1") == []


# --- an excuse-log line -----------------------------------------------------------------------


def test_an_excuse_is_undone_with_the_warning_sign_it_made(visit):
    # Two excuses in the last weeks, none before: a third makes "more excuses" a warning sign.
    for intent, days in (("excuse_cheque_mailed", 20), ("excuse_not_approved", 10)):
        visit.store.log_excuse(
            customer_id="C1",
            rep_id="R1",
            intent=intent,
            text="",
            verdict=None,
            logged_on=TODAY - dt.timedelta(days=days),
        )
    before = standing(visit)
    turn = visit.turn(customer_id="C1")
    answered = excuse_turns.respond_to_excuse(turn, "excuse_money_tight", "cash is tight", [])
    reply = answered.reply
    assert [b.title for b in reply.buttons] == ["More tactics", "Open invoices", "Undo"]
    line = visit.store.excuse_log()[-1]
    assert record_id(reply) == f"excuse:{line['id']}"
    assert "sign_more_excuses" in [s.kind for s in standing(visit).signs]

    done = undo.undo_turn(visit.turn(), record_id(reply))
    assert done.text == 'Removed the excuse "Cash is tight right now" logged for Northwind.'
    assert [e["intent"] for e in visit.store.excuse_log()] == [
        "excuse_cheque_mailed",
        "excuse_not_approved",
    ]
    after = standing(visit)
    assert after.signs == before.signs and after.classes == before.classes


def test_an_excuse_logged_without_a_customer_is_undone_too(visit):
    reply = excuse_turns.respond_to_excuse(visit.turn(), "excuse_money_tight", "no cash", []).reply
    assert reply.text.startswith("Cash is tight right now: Can't tell yet")
    [line] = visit.store.excuse_log()
    assert line["customer_id"] is None and record_id(reply) == f"excuse:{line['id']}"
    done = undo.undo_turn(visit.turn(), record_id(reply))
    assert done.text == 'Removed the excuse "Cash is tight right now" you logged today.'
    assert visit.store.excuse_log() == []


def test_an_excuse_already_logged_today_gets_no_undo_button(visit):
    turn = visit.turn(customer_id="C1")
    first = excuse_turns.respond_to_excuse(turn, "excuse_money_tight", "cash is tight", []).reply
    again = excuse_turns.respond_to_excuse(turn, "excuse_money_tight", "still no cash", []).reply
    assert not no_undo(first) and no_undo(again)
    assert [b.title for b in again.buttons] == ["More tactics", "Open invoices"]
    assert len(visit.store.excuse_log()) == 1


def test_an_excuse_the_ledger_refused_gets_the_verdict_and_no_undo_button(visit):
    with (
        AccountStore(visit.store.path, busy_timeout_s=0.05) as quick,
        ledger_locked(visit.store.path),
    ):
        turn = Builder(quick).turn(customer_id="C1")
        reply = excuse_turns.respond_to_excuse(turn, "excuse_money_tight", "no cash", []).reply
    assert reply.text.startswith("Cash is tight right now") and no_undo(reply)
    assert visit.store.excuse_log() == []


# --- every language ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "button", "removed"),
    [
        ("es", "Deshacer", "Quitada la señal de alerta «"),
        ("zh-Hans", "撤销", "已删除Northwind的警讯“"),
        ("zh-Hant", "復原", "已刪除Northwind的警訊「"),
        ("ko", "되돌리기", "Northwind의 경고 신호 '"),
    ],
)
def test_the_button_and_the_answer_are_in_the_reps_language(visit, language, button, removed):
    visit.rep("R8", language=language)
    visit.customer("C1", rep_id="R8", name="Northwind")
    recorded = turns.record(visit.turn("R8", customer_id="C1"), "sign_moving", "moving")
    assert recorded.reply.buttons[-1].title == button
    done = undo.undo_turn(visit.turn("R8"), record_id(recorded.reply))
    assert done.text.startswith(removed)
    assert visit.store.rows("warning_signs") == []
