"""The manager's figures on a ledger built for the test: who sees what, and the promises, signs
and role-play misses judged by the rules the rest of the assistant uses."""

import datetime as dt
import random
from collections import Counter

import pytest

from dunning_coach.accounts import team_totals
from dunning_coach.accounts.models import RoleplayRound
from dunning_coach.collection import promises
from dunning_coach.common import settings
from dunning_coach.playbook import playbook
from dunning_coach.team import figures
from dunning_coach.team.figures import PromiseWeek, Viewer
from tests.conftest import TODAY

PLAYBOOK = playbook.load()
SETTINGS = settings.load()


def _viewer(build, rep_id: str) -> Viewer:
    return Viewer(build.store, build.store.rep(rep_id), TODAY, PLAYBOOK, SETTINGS)


def _team(build) -> None:
    build.rep("BOSS", role="manager")  # no team: sees everyone
    build.rep("M1", role="manager")
    build.rep("R1", manager_id="M1")
    build.rep("R2", manager_id="M1")
    build.rep("T1", role="trainee", manager_id="M1")
    build.rep("R9")
    build.customer("C1", "R1")
    build.customer("C2", "R2")
    build.customer("C9", "R9")


def test_week_ends_are_seven_days_apart_ending_today():
    assert figures.week_ends(TODAY, 3) == [
        TODAY - dt.timedelta(days=14),
        TODAY - dt.timedelta(days=7),
        TODAY,
    ]


def test_promises_kept_and_broken_are_judged_by_the_payments_and_counted_by_week(build):
    _team(build)
    invoice = build.invoice("C1", issued=60, due=30, amount=900)
    build.promise("C1", made=12, due_in=-10, amount=300)  # last week, kept by the payment
    build.payment("C1", received=11, amount=300, invoice_no=invoice)
    build.promise("C1", made=5, due_in=-4, amount=200)  # this week, past its grace, unpaid
    build.promise("C1", made=2, due_in=-1, amount=100)  # still within its grace: neither
    build.promise("C2", made=3, due_in=5, amount=400)  # falls due later: made only
    build.promise("C9", made=3, due_in=-5, amount=50)  # R9's: not in M1's team
    record = figures.promise_record(_viewer(build, "M1"), weeks=2)
    last, this = TODAY - dt.timedelta(days=7), TODAY
    assert record == [
        PromiseWeek("R1", last, made=1, kept=1, broken=0),
        PromiseWeek("R1", this, made=2, kept=0, broken=1),
        PromiseWeek("R2", last, made=0),
        PromiseWeek("R2", this, made=1),
    ]
    assert [w.rep_id for w in figures.promise_record(_viewer(build, "R9"), weeks=2)] == [
        "R9",
        "R9",
    ]


def test_the_customers_owing_most_carry_their_warning_signs(build):
    _team(build)
    build.invoice("C1", issued=90, due=60, amount=500)
    build.invoice("C2", issued=90, due=60, amount=800)
    build.invoice("C9", issued=90, due=60, amount=9000)
    build.sign("C1", kind="sign_moving", reported=4, text="moving next month")
    found = figures.most_overdue(_viewer(build, "M1"))
    assert [(o.customer.customer_id, o.owing.cents) for o in found] == [
        ("C2", 80000),
        ("C1", 50000),
    ]
    assert "sign_moving" in [s.kind for s in found[1].signs]
    assert [o.customer.customer_id for o in figures.most_overdue(_viewer(build, "R1"))] == ["C1"]


def _round(rep_id, excuse, *checks):
    return RoleplayRound(rep_id, excuse, "medium", TODAY, 50, False, met=("x",), checks_met=checks)


def test_a_manager_sees_the_checks_their_team_misses_and_a_rep_only_their_own(build):
    _team(build)
    excuse = "excuse_cheque_mailed"
    checks = PLAYBOOK.answer_checks(excuse)
    build.store.add_round(_round("T1", excuse, checks[0]))
    build.store.add_round(_round("T1", excuse, checks[0]))
    build.store.add_round(_round("R9", excuse))
    team = figures.trainee_misses(_viewer(build, "M1"))
    assert [(t.rep_id, t.rounds) for t in team] == [("T1", 2)]
    assert checks[0] not in [c.check for c in team[0].checks]
    assert [c.check for c in team[0].checks] == list(checks[1 : 1 + figures.MISSED_CHECKS])
    assert [t.rep_id for t in figures.trainee_misses(_viewer(build, "R9"))] == ["R9"]
    assert figures.trainee_misses(_viewer(build, "R1")) == []


def _by_the_rule(build, viewer: Viewer, weeks: int) -> tuple[list, list]:
    """The kept and broken counts of `promise_record`, and the same worked out the plain way:
    every book through `statuses`."""
    ends = figures.week_ends(TODAY, weeks)
    start = ends[0] - dt.timedelta(days=6)
    counts: Counter = Counter()
    for book in build.store.promise_books(viewer.rep, start, TODAY, TODAY):
        for status in promises.statuses(book, SETTINGS.promises.grace_days):
            day = status.promise.promised_for
            if start <= day <= TODAY and not status.promise.cancelled:
                end = next(e for e in ends if day <= e)
                counts[(book.customer.rep_id, end, status.state)] += 1
    return [
        (w.rep_id, w.week_end, w.kept, w.broken)
        for w in figures.promise_record(viewer, weeks)
        if w.kept or w.broken
    ], sorted(
        (
            rep_id,
            end,
            counts[(rep_id, end, promises.State.KEPT)],
            counts[(rep_id, end, promises.State.BROKEN)],
        )
        for rep_id, end in {(r, e) for r, e, _ in counts}
        if counts[(rep_id, end, promises.State.KEPT)]
        or counts[(rep_id, end, promises.State.BROKEN)]
    )


@pytest.mark.parametrize("seed", range(8))
def test_the_promise_record_judges_every_promise_as_the_rule_does(build, seed):
    """Customers with one promise at a time (judged by the database's sums) beside customers
    whose promises overlap or name invoices (judged by the rule one by one): partial
    payments, payments fitting two promises, cancelled promises, late payments. Both ways
    agree with the rule on every promise, and both are used."""
    rng = random.Random(seed)
    _team(build)
    customers = []
    for n in range(8):
        customer = build.customer(f"K{n}", ("R1", "R2", "R9")[n % 3])
        customers.append(customer)
        invoices = [build.invoice(customer, issued=90, due=60, amount=5000) for _ in range(2)]
        overlapping = n >= 5
        if n in (2, 5):  # long before the weeks: two promises sharing a payment
            for days in (90, 88):
                build.promise(customer, made=days, due_in=-80, amount=300, rep_id="R1")
            build.payment(customer, received=85, amount=300)
        made = rng.randint(30, 40)
        for p in range(rng.randint(1, 3)):
            due_in = -(made - rng.randint(1, 5))
            named = (rng.choice(invoices),) if n == 7 and p == 0 else ()
            promise = build.promise(
                customer,
                made=made,
                due_in=due_in,
                amount=rng.choice([100, 200, 300]),
                invoice_nos=named,
                rep_id="R1",
            )
            if rng.random() < 0.15:
                build.store.db.execute(
                    "update promises set status = 'cancelled' where promise_id = ?", [promise]
                )
            for _ in range(rng.randint(0, 2)):
                build.payment(
                    customer,
                    received=max(0, -due_in + rng.randint(-3, 3)),
                    amount=rng.choice([50, 100, 200, 300]),
                    invoice_no=rng.choice([None, *invoices]),
                )
            # The next promise starts after this one's window, unless they are to overlap.
            made = made - (1 if overlapping else 12)
    for viewer in ("M1", "R9"):
        found, expected = _by_the_rule(build, _viewer(build, viewer), weeks=6)
        assert found == expected
    outcomes = team_totals.promise_outcomes(
        build.store,
        build.store.rep("BOSS"),
        figures.week_ends(TODAY, 6),
        TODAY,
        SETTINGS.promises.grace_days,
    )
    assert sum(outcomes.counts.values()) > 0 and outcomes.contested


def _over_two_weeks(build) -> tuple[team_totals.PromiseOutcomes, list, list]:
    """R1's last two weeks: the promises the database judged and those it left to the rule,
    and `_by_the_rule`'s two records."""
    viewer = _viewer(build, "R1")
    outcomes = team_totals.promise_outcomes(
        build.store, viewer.rep, figures.week_ends(TODAY, 2), TODAY, SETTINGS.promises.grace_days
    )
    return (outcomes, *_by_the_rule(build, viewer, weeks=2))


def test_promises_before_the_weeks_sharing_a_payment_leave_the_weeks_to_the_database(build):
    # What the two old promises take, the promise in the weeks could never have: its customer
    # need not be judged one promise at a time.
    _team(build)
    invoice = build.invoice("C1", issued=120, due=100, amount=900)
    for made in (90, 88):  # the first names an invoice: before the weeks, that matters not
        named = (invoice,) if made == 90 else ()
        build.promise("C1", made=made, due_in=-80, amount=300, invoice_nos=named)
    build.payment("C1", received=85, amount=300)
    build.promise("C1", made=20, due_in=-10, amount=300)
    build.payment("C1", received=12, amount=300)
    outcomes, found, expected = _over_two_weeks(build)
    assert outcomes.contested == () and sum(outcomes.counts.values()) == 1
    assert found == expected == [("R1", figures.week_ends(TODAY, 2)[0], 1, 0)]


def test_a_promise_before_the_weeks_taking_a_payment_one_in_the_weeks_fits_contests(build):
    # The old promise takes the payment first, so the one in the weeks is broken; summed
    # alone in the database it would look kept.
    _team(build)
    build.promise("C1", made=50, due_in=-40, amount=300)
    build.promise("C1", made=45, due_in=-10, amount=300)
    build.payment("C1", received=42, amount=300)
    outcomes, found, expected = _over_two_weeks(build)
    assert [h.customer_id for h in outcomes.contested] == ["C1"]
    assert found == expected == [("R1", figures.week_ends(TODAY, 2)[0], 0, 1)]


def test_a_payment_fitting_two_promises_keeps_only_the_earlier(build):
    _team(build)
    build.promise("C1", made=20, due_in=-10, amount=300)
    build.promise("C1", made=15, due_in=-9, amount=300)
    build.payment("C1", received=12, amount=300)
    week = figures.promise_record(_viewer(build, "R1"), weeks=2)[0]
    assert (week.kept, week.broken) == (1, 1)


def test_promises_for_the_same_day_made_the_same_day_are_judged_in_the_order_written(build):
    # The one whose id sorts last is written first: read by id instead, the other would take
    # the payment, and the counts would differ (the 300 taking the 100 keeps neither).
    _team(build)
    amounts = {build.promise("C1", made=20, due_in=-10, amount=a): a for a in (300, 100)}
    first, then = sorted(amounts, reverse=True)
    for promise_id, at in ((first, "2026-01-01T00:00:00"), (then, "2026-01-01T00:00:01")):
        build.store.db.execute(
            "update promises set created_at = ? where promise_id = ?", [at, promise_id]
        )
    build.payment("C1", received=12, amount=100)
    outcomes, found, expected = _over_two_weeks(build)
    assert [h.customer_id for h in outcomes.contested] == ["C1"]
    kept = 1 if amounts[first] == 100 else 0
    assert found == expected == [("R1", figures.week_ends(TODAY, 2)[0], kept, 2 - kept)]


@pytest.mark.parametrize("late, kept", [(0, 1), (SETTINGS.promises.grace_days, 1), (3, 0)])
def test_a_payment_counts_until_the_grace_days_after_the_promised_day_end(build, late, kept):
    _team(build)
    build.promise("C1", made=20, due_in=-10, amount=300)
    build.payment("C1", received=10 - late, amount=300)
    week = figures.promise_record(_viewer(build, "R1"), weeks=2)[0]
    assert (week.kept, week.broken) == (kept, 1 - kept)
