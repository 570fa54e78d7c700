import datetime as dt

from dunning_coach.collection import promises
from dunning_coach.collection.promises import State
from tests.conftest import TODAY

GRACE = 2


def states(build, customer="C1"):
    return promises.statuses(build.store.account(customer, TODAY), GRACE)


def test_future_promise_is_open_and_one_due_today_is_due(build):
    build.customer()
    build.promise(amount=500, due_in=3)
    build.promise(amount=700, due_in=0)
    assert [s.state for s in states(build)] == [State.DUE, State.OPEN]


def test_enough_payment_in_the_window_keeps_it_even_before_the_day(build):
    build.customer()
    build.promise(amount=500, due_in=3, made=5)
    build.payment(received=1, amount=500)
    (status,) = states(build)
    assert status.state is State.KEPT and status.paid_cents == 50000


def test_passed_day_without_enough_payment_is_broken_after_the_grace_days(build):
    build.customer()
    build.promise(amount=500, due_in=-2, made=10)  # within grace: still due
    build.promise(amount=800, due_in=-5, made=10)  # past grace: broken
    build.payment(received=4, amount=300)  # part payment counts toward the older one
    found = {s.promise.amount_cents: s for s in states(build)}
    assert found[80000].state is State.BROKEN and found[80000].paid_cents == 30000
    assert found[80000].short_cents == 50000
    assert found[50000].state is State.DUE


def test_payment_before_the_promise_was_made_does_not_count(build):
    build.customer()
    build.payment(received=20, amount=1000)
    build.promise(amount=500, due_in=-5, made=10)
    assert states(build)[0].state is State.BROKEN


def test_one_payment_cannot_keep_two_promises(build):
    build.customer()
    build.promise(amount=500, due_in=-4, made=10)
    build.promise(amount=500, due_in=-3, made=10)
    build.payment(received=5, amount=500)
    assert [s.state for s in states(build)] == [State.KEPT, State.BROKEN]


def test_promise_for_named_invoices_ignores_payments_on_other_invoices(build):
    build.customer()
    a = build.invoice(issued=60, due=30, amount=500)
    b = build.invoice(issued=60, due=30, amount=500)
    build.promise(amount=500, due_in=-3, made=10, invoice_nos=(a,))
    build.payment(received=5, amount=500, invoice_no=b)
    assert states(build)[0].state is State.BROKEN


def test_broken_in_a_row_counts_since_the_last_kept_promise(build):
    build.customer()
    build.promise(amount=100, due_in=-40, made=50)  # broken
    build.promise(amount=100, due_in=-30, made=35)  # kept
    build.payment(received=31, amount=100)
    build.promise(amount=100, due_in=-20, made=25)  # broken
    build.promise(amount=100, due_in=-10, made=15)  # broken
    build.promise(amount=100, due_in=5, made=1)  # open: does not reset the run
    assert promises.broken_in_a_row(states(build)) == 2


def test_falling_due_lists_promises_in_the_window_only(build):
    build.customer()
    build.promise(amount=100, due_in=0)
    build.promise(amount=200, due_in=6)
    build.promise(amount=300, due_in=7)
    window = promises.falling_due(states(build), TODAY, TODAY + dt.timedelta(days=6))
    assert [s.promise.amount_cents for s in window] == [10000, 20000]
