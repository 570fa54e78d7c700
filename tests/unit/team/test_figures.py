"""The manager's figures on a ledger built for the test: who sees what, and the promises, signs
and role-play misses judged by the rules the rest of the assistant uses."""

import datetime as dt

from dunning_coach.accounts.models import RoleplayRound
from dunning_coach.common import playbook, settings
from dunning_coach.team import figures
from dunning_coach.team.figures import PromiseWeek, Viewer
from tests.conftest import TODAY

PLAYBOOK = playbook.load()
SETTINGS = settings.load()


def _viewer(build, rep_id: str) -> Viewer:
    return Viewer(build.store, build.store.rep(rep_id), TODAY, PLAYBOOK, SETTINGS)


def _team(build) -> None:
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
