"""collection/saving.py: what chat records is written once. A write the locked ledger refuses
is tested through the actions (tests/unit/actions/test_promises.py, test_collection.py)."""

from __future__ import annotations

import datetime as dt

from dunning_coach.collection import saving
from dunning_coach.collection.promise_form import Values
from tests.conftest import TODAY

FRIDAY = dt.date(2026, 11, 27)


def _account(build):
    return build.store.account("C1", TODAY)


def test_a_promise_made_again_the_same_day_is_written_once_and_a_different_one_is_not(build):
    build.customer("C1")
    build.invoice(issued=40, due=10, amount=800)
    promise = Values("C1", 30000, FRIDAY, ("INV-1",), True)
    assert saving.save_promise(build.store, "R1", _account(build), promise, TODAY)
    assert saving.save_promise(build.store, "R1", _account(build), promise, TODAY)
    assert len(build.store.promises("C1")) == 1
    for other in (
        Values("C1", 30001, FRIDAY, ("INV-1",), True),  # another amount
        Values("C1", 30000, FRIDAY + dt.timedelta(days=1), ("INV-1",), True),  # another day
        Values("C1", 30000, FRIDAY, (), True),  # no particular invoice
    ):
        assert saving.save_promise(build.store, "R1", _account(build), other, TODAY)
    assert len(build.store.promises("C1")) == 4
    # The same promise made on another day is a new promise.
    assert saving.save_promise(
        build.store, "R1", _account(build), promise, TODAY + dt.timedelta(days=1)
    )
    assert len(build.store.promises("C1")) == 5


def test_a_note_or_sign_said_again_the_same_day_is_written_once(build):
    build.customer("C1")
    for _ in range(2):
        assert saving.save_note(build.store, "R1", _account(build), "call Jo", TODAY)
        assert saving.save_sign(
            build.store, "R1", _account(build), "sign_moving", "they are moving", TODAY
        )
    assert saving.save_sign(build.store, "R1", _account(build), "sign_moving", "", TODAY)
    assert [n["text"] for n in build.store.rows("notes")] == ["call Jo"]
    assert [s["text"] for s in build.store.rows("warning_signs")] == ["they are moving", ""]
