from dunning_coach.collection import day_plan, standing
from dunning_coach.common import playbook
from dunning_coach.common.settings import DayPlan, Settings
from tests.conftest import TODAY

BOOK = playbook.load()


def plan(build, settings=None):
    settings = settings or Settings()
    accounts = build.store.accounts_visible_to(build.store.rep("R1"), TODAY)
    standings = [standing.assess(a, BOOK, settings) for a in accounts]
    return day_plan.rank(standings, settings.day_plan, BOOK)


def test_bigger_and_older_debt_ranks_first_and_nothing_overdue_is_left_out(build):
    build.customer("C1", name="Small")
    build.invoice("C1", issued=40, due=10, amount=1000)
    build.customer("C2", name="Old")
    build.invoice("C2", issued=130, due=100, amount=1000)  # same amount, bad class
    build.customer("C3", name="Clean")
    build.invoice("C3", issued=5, due=-25, amount=9000)  # not yet due
    lines = plan(build)
    assert [line.customer.name for line in lines] == ["Old", "Small"]
    assert lines[0].reasons[0] == "€1,000.00 overdue, bad (oldest 100 days)"


def test_promise_due_today_puts_a_customer_on_the_list_and_says_why(build):
    build.customer("C1", name="Promiser")
    build.invoice("C1", issued=20, due=-10, amount=800)
    build.promise("C1", amount=800, due_in=0)
    (line,) = plan(build)
    assert "promised €800.00 for today" in line.reasons


def test_broken_promises_and_warning_signs_raise_the_rank_and_are_named(build):
    build.customer("C1", name="Steady")
    build.invoice("C1", issued=50, due=20, amount=1100)
    build.customer("C2", name="Risky")
    build.invoice("C2", issued=50, due=20, amount=1000)
    build.promise("C2", amount=100, due_in=-20, made=30)
    build.promise("C2", amount=100, due_in=-10, made=15)
    build.sign("C2", kind="sign_clearance_sale")
    lines = plan(build)
    assert lines[0].customer.name == "Risky"
    assert "2 promises broken in a row: escalate" in lines[0].reasons
    assert "warning: selling off stock cheaply" in lines[0].reasons


def test_class_weights_come_from_the_settings(build):
    build.customer("C1", name="Fresh")
    build.invoice("C1", issued=40, due=10, amount=1000)
    build.customer("C2", name="Dead")
    build.invoice("C2", issued=400, due=370, amount=1000)
    assert plan(build)[0].customer.name == "Fresh"  # dead money weighs little by default
    heavy = Settings(day_plan=DayPlan(class_weight={"in_collection": 1.0, "dead": 5.0}))
    assert plan(build, heavy)[0].customer.name == "Dead"


def test_the_plan_reads_in_the_reps_language_through_the_turn(build):
    from dunning_coach.collection import turns

    build.rep("R7", language="ko")
    build.customer("C1", rep_id="R7", name="하나상사")
    build.invoice("C1", issued=130, due=100, amount=1000)
    reply = turns.day_plan(build.turn("R7")).text
    assert reply.splitlines() == [
        "먼저 방문할 곳 (11월 23일):",
        "1. 하나상사: 연체 €1,000.00, 부실 (최장 100일)",
    ]
