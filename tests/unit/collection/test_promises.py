import datetime as dt
import random

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


def test_the_due_lists_books_judge_every_promise_as_the_whole_account_does(build):
    """`AccountStore.promise_books` reads only the promises due by the period's end and the
    payments since the first was made: over random ledgers, every promise in the period gets
    the state and the payment the whole account gives it (cancelled ones are never listed)."""
    rng = random.Random(7)
    manager = build.store.rep(build.rep("M1", role="manager"))
    to_cancel: list[str] = []
    for c in range(12):
        customer = build.customer(f"C{c}")
        invoices = [build.invoice(customer, issued=90, due=60, amount=900) for _ in range(2)]
        for _ in range(rng.randint(1, 5)):
            made = rng.randint(-3, 40)  # some made after today: not known yet
            promise_id = build.promise(
                customer,
                amount=rng.choice([100, 300, 500]),
                made=made,
                due_in=rng.randint(-made, 20),
                invoice_nos=rng.choice([(), (invoices[0],)]),
            )
            if rng.random() < 0.2:
                to_cancel.append(promise_id)
        for _ in range(rng.randint(0, 6)):
            build.payment(
                customer,
                received=rng.randint(0, 60),
                amount=rng.choice([100, 200, 500]),
                invoice_no=rng.choice([None, *invoices]),
            )
    # Paid the day it was promised: the first day a payment can count.
    build.customer("C12")
    build.promise("C12", amount=700, made=5, due_in=-1)
    build.payment("C12", received=5, amount=700)
    for promise_id in to_cancel:
        build.store.db.execute(
            "update promises set status = 'cancelled' where promise_id = ?", [promise_id]
        )
    build.store.db.commit()
    assert to_cancel
    checked = 0
    for first, last in [(-40, -10), (-5, 0), (0, 6), (3, 20), (-40, 20)]:
        start, end = TODAY + dt.timedelta(days=first), TODAY + dt.timedelta(days=last)
        books = build.store.promise_books(manager, start, end, TODAY)
        whole = {
            s.promise.promise_id: s
            for c in range(13)
            for s in promises.statuses(build.store.account(f"C{c}", TODAY), GRACE)
            if start <= s.promise.promised_for <= end and s.state is not State.CANCELLED
        }
        from_books = {
            s.promise.promise_id: s
            for book in books
            for s in promises.statuses(book, GRACE)
            if start <= s.promise.promised_for <= end and s.state is not State.CANCELLED
        }
        assert from_books == whole
        checked += len(whole)
    assert checked >= 40
    kept = [s for s in from_books.values() if s.promise.amount_cents == 70000]
    assert [s.state for s in kept] == [State.KEPT]
