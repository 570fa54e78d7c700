"""The manager's totals, summed by the database, against the same figures counted by hand from
the rows of a ledger built for the test, on both backends."""

import datetime as dt
import random
from collections import Counter

import pytest

from dunning_coach.accounts import team_totals
from dunning_coach.accounts.team_totals import ClassTotal, CurrencyOwing, CustomerOwing, ExcuseCount
from tests.conftest import TODAY

BANDS = [("in_collection", 1), ("doubtful", 31), ("bad", 91), ("dead", 181)]
WEEK_ENDS = [TODAY - dt.timedelta(weeks=w) for w in reversed(range(12))]
YESTERDAY = TODAY - dt.timedelta(days=1)  # money due by then is overdue today


def _class(days: int) -> str | None:
    return next((c for c, start in sorted(BANDS, key=lambda b: -b[1]) if days >= start), None)


def _ledger(build, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """Two reps' customers with invoices in two currencies, some paid in parts over the
    weeks the totals cover; returns the invoices and payments as written."""
    rng = random.Random(seed)
    build.rep("M1", role="manager")
    for rep_id in ("R1", "R2"):
        build.rep(rep_id, manager_id="M1")
    build.rep("R3")  # in no one's team
    invoices, payments = [], []
    for n in range(12):
        customer_id = build.customer(f"C{n}", ("R1", "R2", "R3")[n % 3])
        for _ in range(6):
            due = rng.randint(-20, 300)
            amount = rng.randint(1, 90) * 100
            currency = "USD" if n % 4 == 0 else "EUR"
            invoice_no = build.invoice(
                customer_id, issued=due + 30, due=due, amount=amount, currency=currency
            )
            invoices.append(
                dict(no=invoice_no, customer=customer_id, due=due, cents=amount * 100, cur=currency)
            )
            for _ in range(rng.choice([0, 0, 1, 2])):
                received = rng.randint(0, due + 40) if due + 40 > 0 else 0
                part = rng.randint(1, amount // 2 + 1) if rng.random() < 0.8 else amount
                build.payment(customer_id, received=received, amount=part, invoice_no=invoice_no)
                payments.append(dict(no=invoice_no, received=received, cents=part * 100))
    return invoices, payments


def _by_hand(invoices, payments, customers=None) -> dict[tuple, int]:
    """Open money on each week's end, by currency and class, from the rows themselves."""
    totals: Counter = Counter()
    for end in WEEK_ENDS:
        back = (TODAY - end).days  # days before TODAY
        for inv in invoices:
            if customers is not None and inv["customer"] not in customers:
                continue
            paid = sum(
                p["cents"] for p in payments if p["no"] == inv["no"] and p["received"] >= back
            )
            cls = _class(inv["due"] - back)
            if cls and inv["cents"] - paid > 0:
                totals[(end, inv["cur"], cls)] += inv["cents"] - paid
    return dict(totals)


def _as_dict(found: list[ClassTotal]) -> dict[tuple, int]:
    return {(t.on, t.currency, t.cls): t.cents for t in found}


def test_overdue_week_by_week_is_what_was_open_on_each_day(build):
    invoices, payments = _ledger(build)
    found = team_totals.overdue_by_week(build.store, build.store.rep("M1"), WEEK_ENDS, BANDS)
    # M1 manages R1 and R2: customers C0, C1, C3, C4, ... (not R3's C2, C5, ...).
    mine = {f"C{n}" for n in range(12) if n % 3 != 2}
    assert _as_dict(found) == _by_hand(invoices, payments, mine)
    assert {t.on for t in found} == set(WEEK_ENDS)


def test_a_rep_sees_only_their_own_customers_money(build):
    invoices, payments = _ledger(build)
    found = team_totals.overdue_by_week(build.store, build.store.rep("R3"), WEEK_ENDS, BANDS)
    assert _as_dict(found) == _by_hand(invoices, payments, {f"C{n}" for n in range(2, 12, 3)})


def test_a_payment_made_after_a_week_ends_still_counts_as_open_that_week(build):
    build.customer("C1")
    invoice = build.invoice(issued=70, due=40, amount=500)
    build.payment(received=10, amount=200, invoice_no=invoice)
    build.payment(received=3, amount=300, invoice_no=invoice)
    ends = [TODAY - dt.timedelta(days=14), TODAY - dt.timedelta(days=7), TODAY]
    found = team_totals.overdue_by_week(build.store, build.store.rep("R1"), ends, BANDS)
    assert _as_dict(found) == {
        (ends[0], "EUR", "in_collection"): 50000,  # 26 days overdue, nothing paid yet
        (ends[1], "EUR", "doubtful"): 30000,  # 33 days: 200 of 500 paid three days before
    }  # and nothing today: paid in full


def test_an_invoice_paid_more_than_its_amount_was_open_only_what_was_then_unpaid(build):
    build.customer("C1")
    invoice = build.invoice(issued=70, due=40, amount=500)
    build.payment(received=20, amount=300, invoice_no=invoice)
    build.payment(received=3, amount=300, invoice_no=invoice)  # €100 too much, in all
    ends = [TODAY - dt.timedelta(days=21), TODAY - dt.timedelta(days=14), TODAY]
    found = team_totals.overdue_by_week(build.store, build.store.rep("R1"), ends, BANDS)
    assert _as_dict(found) == {
        (ends[0], "EUR", "in_collection"): 50000,  # 19 days overdue, nothing paid yet
        (ends[1], "EUR", "in_collection"): 20000,  # 26 days: €300 of €500 paid
    }


def test_overdue_today_is_split_by_the_rep_owning_each_customer(build):
    invoices, payments = _ledger(build)
    found = team_totals.overdue_by_rep_and_class(build.store, build.store.rep("M1"), TODAY, BANDS)
    owner = {f"C{n}": ("R1", "R2", "R3")[n % 3] for n in range(12)}
    expected: Counter = Counter()
    for inv in invoices:
        paid = sum(p["cents"] for p in payments if p["no"] == inv["no"])
        cls = _class(inv["due"])
        if cls and inv["cents"] > paid and owner[inv["customer"]] != "R3":
            expected[(owner[inv["customer"]], inv["cur"], cls)] += inv["cents"] - paid
    assert {(t.rep_id, t.currency, t.cls): t.cents for t in found} == dict(expected)


def test_the_customers_owing_most_come_first_in_the_currency_asked(build):
    build.customer("C1", "R1")
    build.customer("C2", "R1")
    build.customer("C3", "R2")
    build.customer("C4", "R1")
    build.invoice("C1", issued=40, due=10, amount=300)
    build.invoice("C1", issued=40, due=10, amount=50, currency="USD")
    build.invoice("C2", issued=40, due=5, amount=900)
    build.invoice("C2", issued=10, due=-20, amount=5000)  # not due yet
    build.invoice("C3", issued=40, due=10, amount=9999)  # R2's
    build.invoice("C4", issued=40, due=10, amount=7_000_000, currency="KRW")
    rep = build.store.rep("R1")
    found = team_totals.most_overdue(build.store, rep, YESTERDAY, "EUR", limit=5)
    assert found == [
        CustomerOwing("C2", "R1", "EUR", 90000),
        CustomerOwing("C1", "R1", "EUR", 30000),
    ]
    assert len(team_totals.most_overdue(build.store, rep, YESTERDAY, "EUR", 1)) == 1
    assert team_totals.most_overdue(build.store, rep, YESTERDAY, "USD", 5) == [
        CustomerOwing("C1", "R1", "USD", 5000)
    ]
    # The currency most customers owe in comes first, however large the won amounts are.
    assert team_totals.overdue_currencies(build.store, rep, YESTERDAY) == [
        CurrencyOwing("EUR", 2, 120000),
        CurrencyOwing("KRW", 1, 700_000_000),
        CurrencyOwing("USD", 1, 5000),
    ]


@pytest.mark.parametrize("viewer, expected", [("R1", 2), ("R2", 1), ("M1", 3)])
def test_excuses_are_counted_by_type_and_verdict_for_the_customers_in_view(build, viewer, expected):
    build.rep("M1", role="manager")
    build.rep("R1", manager_id="M1")
    build.rep("R2", manager_id="M1")
    build.customer("C1", "R1")
    build.customer("C2", "R2")
    build.rep("R9")
    build.customer("C9", "R9")
    log = build.store.log_excuse
    for customer, rep, intent, verdict, days in [
        ("C1", "R1", "excuse_money_tight", "Likely excuse", 1),
        (None, "R1", "excuse_money_tight", "Likely excuse", 2),
        ("C2", "R2", "excuse_already_paid", "Likely true", 3),
        ("C9", "R9", "excuse_already_paid", "Likely true", 3),  # outside M1's team
        ("C1", "R1", "excuse_cheque_mailed", None, 40),  # before the month
    ]:
        log(
            customer_id=customer,
            rep_id=rep,
            intent=intent,
            text="x",
            verdict=verdict,
            logged_on=TODAY - dt.timedelta(days=days),
        )
    since = TODAY - dt.timedelta(days=30)
    found = team_totals.excuses_by_type(build.store, build.store.rep(viewer), since, TODAY)
    assert sum(c.count for c in found) == expected
    if viewer == "M1":
        assert found == [
            ExcuseCount("excuse_already_paid", "Likely true", 1),
            ExcuseCount("excuse_money_tight", "Likely excuse", 2),
        ]


def test_promises_made_are_counted_in_the_week_they_were_made_for_the_customers_rep(build):
    build.rep("M1", role="manager")
    build.rep("R1", manager_id="M1")
    build.rep("R2", manager_id="M1")
    build.customer("C1", "R1")
    build.customer("C2", "R2")
    ends = [TODAY - dt.timedelta(days=7), TODAY]
    build.promise("C1", made=0, due_in=3)  # this week
    build.promise("C1", made=6, due_in=3, amount=5)  # this week, its first day
    build.promise("C1", made=7, due_in=3, amount=7)  # the week before
    build.promise("C2", made=1, due_in=3, rep_id="R1")  # taken by R1 for R2's customer
    build.promise("C2", made=20, due_in=3, amount=9)  # before either week
    cancelled = build.promise("C2", made=2, due_in=4, amount=11)
    build.store.db.execute(
        "update promises set status = 'cancelled' where promise_id = ?", [cancelled]
    )
    found = team_totals.promises_made_by_week(build.store, build.store.rep("M1"), ends)
    assert [(w.week_end, w.rep_id, w.count) for w in found] == [
        (ends[0], "R1", 1),
        (ends[1], "R1", 2),
        (ends[1], "R2", 1),
    ]
    mine = team_totals.promises_made_by_week(build.store, build.store.rep("R2"), ends)
    assert [(w.rep_id, w.count) for w in mine] == [("R2", 1)]


def test_a_promise_made_between_two_weeks_asked_for_counts_in_neither(build):
    build.rep("R1")
    build.customer("C1", "R1")
    ends = [TODAY - dt.timedelta(days=21), TODAY]  # (28, 21] and (7, 0] days ago
    for made in (25, 14, 10, 3):
        build.promise("C1", made=made, due_in=3)
    found = team_totals.promises_made_by_week(build.store, build.store.rep("R1"), ends)
    assert [(w.week_end, w.count) for w in found] == [(ends[0], 1), (ends[1], 1)]


def test_customers_not_seen_lately_are_those_owing_most_with_nothing_recorded_since(build):
    for n, owed in enumerate([100, 500, 300, 900, 50], start=1):
        build.customer(f"C{n}")
        build.invoice(f"C{n}", issued=60, due=30, amount=owed)
    build.store.add_note(
        customer_id="C2", rep_id="R1", text="seen", noted_on=TODAY - dt.timedelta(days=40)
    )
    build.sign("C3", reported=2)  # seen two days ago
    build.promise("C4", made=45, due_in=-20)
    build.store.log_excuse(
        customer_id="C5",
        rep_id="R1",
        intent="excuse_money_tight",
        text="x",
        verdict=None,
        logged_on=TODAY - dt.timedelta(days=3),
    )
    since = TODAY - dt.timedelta(days=30)
    rep = build.store.rep("R1")
    found = team_totals.least_recently_seen(build.store, rep, YESTERDAY, "EUR", since, 10)
    assert [(u.customer_id, u.cents, u.last_seen) for u in found] == [
        ("C4", 90000, TODAY - dt.timedelta(days=45)),
        ("C2", 50000, TODAY - dt.timedelta(days=40)),
        ("C1", 10000, None),
    ]


def test_customers_with_signs_reported_lately_come_newest_first_each_kind_once(build):
    build.customer("C1")
    build.customer("C2")
    build.rep("R2")
    build.customer("C3", "R2")
    build.sign("C1", kind="sign_moving", reported=10)
    build.sign("C1", kind="sign_moving", reported=2)
    build.sign("C1", kind="sign_staff_change", reported=5)
    build.sign("C2", kind="sign_clearance_sale", reported=1)
    build.sign("C2", kind="sign_new_business", reported=400)  # too long ago
    build.sign("C3", kind="sign_moving", reported=1)  # R2's
    since = TODAY - dt.timedelta(days=180)
    found = team_totals.signs_reported(build.store, build.store.rep("R1"), since, limit=5)
    assert [(s.customer_id, s.kinds, s.last_reported) for s in found] == [
        ("C2", ("sign_clearance_sale",), TODAY - dt.timedelta(days=1)),
        ("C1", ("sign_moving", "sign_staff_change"), TODAY - dt.timedelta(days=2)),
    ]


def test_the_customers_giving_most_excuses_are_counted_in_the_period(build):
    build.customer("C1")
    build.customer("C2")
    for customer, intent, days in [
        ("C1", "excuse_money_tight", 1),
        ("C1", "excuse_cheque_mailed", 2),
        ("C2", "excuse_money_tight", 3),
        ("C2", "excuse_cheque_mailed", 60),
        ("C2", "excuse_already_paid", 61),
    ]:
        build.store.log_excuse(
            customer_id=customer,
            rep_id="R1",
            intent=intent,
            text="x",
            verdict=None,
            logged_on=TODAY - dt.timedelta(days=days),
        )
    since = TODAY - dt.timedelta(days=30)
    found = team_totals.excusers(build.store, build.store.rep("R1"), since, TODAY, 5)
    assert [(e.customer_id, e.excuses) for e in found] == [("C1", 2), ("C2", 1)]


@pytest.mark.parametrize("team_size", [8, 10, 12])
def test_a_big_team_and_the_whole_ledger_are_summed_as_a_small_one_is(build, team_size):
    """Three ways to read a team's rows (customer by customer; every row, each joined to its
    customer; every row, with no customer to join when the team has them all) give one sum."""
    rng = random.Random(team_size)
    build.rep("M1", role="manager")
    invoices, payments = [], []
    for n in range(12):
        rep_id = f"R{n}"
        build.rep(rep_id, manager_id="M1" if n < team_size else None)
        build.customer(f"C{n}", rep_id)
        due = rng.randint(10, 120)
        invoice_no = build.invoice(f"C{n}", issued=due + 30, due=due, amount=100 * (n + 1))
        invoices.append(
            dict(no=invoice_no, customer=f"C{n}", due=due, cents=10000 * (n + 1), cur="EUR")
        )
        received = rng.randint(0, due)
        build.payment(f"C{n}", received=received, amount=50, invoice_no=invoice_no)
        payments.append(dict(no=invoice_no, received=received, cents=5000))
    manager = build.store.rep("M1")
    mine = {f"C{n}" for n in range(team_size)}
    found = team_totals.overdue_by_week(build.store, manager, WEEK_ENDS, BANDS)
    assert _as_dict(found) == _by_hand(invoices, payments, mine)
    currencies = team_totals.overdue_currencies(build.store, manager, YESTERDAY)
    assert [(c.currency, c.customers) for c in currencies] == [("EUR", team_size)]
    # Every other total reads the same customers.
    for n in range(12):
        build.sign(f"C{n}", reported=3)
        build.promise(f"C{n}", made=20, due_in=-10, amount=10, rep_id=f"R{n}")
        build.store.log_excuse(
            customer_id=f"C{n}",
            rep_id=f"R{n}",
            intent="excuse_money_tight",
            text="x",
            verdict=None,
            logged_on=TODAY,
        )
    store, long_ago = build.store, TODAY - dt.timedelta(days=300)
    by_rep = team_totals.overdue_by_rep_and_class(store, manager, TODAY, BANDS)
    assert {t.rep_id for t in by_rep} == {f"R{n}" for n in range(team_size)}
    owing = team_totals.most_overdue(store, manager, YESTERDAY, "EUR", 50)
    assert {o.customer_id for o in owing} == mine
    tomorrow = TODAY + dt.timedelta(days=1)
    unseen = team_totals.least_recently_seen(store, manager, YESTERDAY, "EUR", tomorrow, 50)
    assert {u.customer_id for u in unseen} == mine  # each last seen today, before tomorrow
    signed = team_totals.signs_reported(store, manager, long_ago, 50)
    assert {s.customer_id for s in signed} == mine
    assert {e.customer_id for e in team_totals.excusers(store, manager, TODAY, TODAY, 50)} == mine
    counted = team_totals.excuses_by_type(store, manager, TODAY, TODAY)
    assert sum(c.count for c in counted) == team_size
    made = team_totals.promises_made_by_week(store, manager, WEEK_ENDS)
    assert sum(w.count for w in made) == team_size
    weeks = [TODAY - dt.timedelta(weeks=n) for n in reversed(range(44))]  # back past long_ago
    outcomes = team_totals.promise_outcomes(store, manager, weeks, TODAY, 2)
    assert sum(outcomes.counts.values()) + len(outcomes.contested) == team_size
