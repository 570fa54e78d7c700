"""collection/standing.py: where an account stands, the one picture the replies read."""

from __future__ import annotations

from dunning_coach.collection.promises import State
from dunning_coach.collection.standing import assess
from dunning_coach.common.settings import Promises, Settings
from dunning_coach.playbook import playbook
from tests.conftest import TODAY

BOOK = playbook.load()


def test_broken_promises_in_a_row_escalate_and_raise_the_class(build):
    build.customer()
    build.invoice(issued=60, due=30, amount=1000)  # 30 days: in collection
    build.promise(amount=500, due_in=-20, made=25)
    build.promise(amount=500, due_in=-10, made=15)
    account = build.store.account("C1", TODAY)
    calm = assess(account, BOOK, Settings(promises=Promises(broken_in_a_row_to_escalate=3)))
    tense = assess(account, BOOK, Settings(promises=Promises(broken_in_a_row_to_escalate=2)))
    assert calm.broken_in_a_row == tense.broken_in_a_row == 2
    assert not calm.escalated and tense.escalated
    assert [p.state for p in tense.broken] == [State.BROKEN, State.BROKEN]
    assert tense.classes.worst == "doubtful"  # raised one class for the broken promises


def test_a_clean_account_has_nothing_pending_and_no_signs(build):
    build.customer()
    build.invoice(issued=10, due=-20)
    build.promise(amount=100, due_in=5, made=1)
    standing = assess(build.store.account("C1", TODAY), BOOK, Settings())
    assert standing.classes.worst == "not_yet_due" and not standing.signs
    assert [p.state for p in standing.pending] == [State.OPEN] and not standing.escalated
