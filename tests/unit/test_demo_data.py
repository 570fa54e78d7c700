"""The demo data (demo_data/*.csv) as of the demo's date: these tests are about its numbers."""

import datetime as dt

import pytest

from dunning_coach.accounts.importer import import_folder
from dunning_coach.common import settings
from dunning_coach.excuses.verdicts import Label, judge
from dunning_coach.playbook import playbook
from tests.conftest import ROOT

DEMO_TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo(fresh_db):
    import_folder(ROOT / "demo_data", fresh_db)
    return fresh_db


def test_demo_imports_and_registers_the_terminal_rep(demo):
    assert demo.counts()["customers"] >= 12
    assert demo.rep_for_sender("cmdline", "demo-rep").name == "Dana Demo"
    assert {r for r in ("rep", "trainee", "manager")} <= {
        row["role"] for row in demo.db.query("select role from reps")
    }


@pytest.mark.parametrize("intent", sorted(playbook.load().excuses))
def test_every_excuse_looks_true_for_one_customer_and_an_excuse_for_another(demo, intent):
    book = playbook.load()
    labels = {
        judge(
            demo.account(c.customer_id, DEMO_TODAY),
            book.excuse(intent),
            book,
            settings.load().habits,
        ).label
        for c in demo.all_customers()
    }
    assert {Label.LIKELY_TRUE, Label.LIKELY_EXCUSE} <= labels


def test_demo_shows_every_collection_story(demo):
    """A promise due today, one this week, an escalated customer, reported signs, all classes
    that matter: so `make run` can show each feature."""
    from dunning_coach.collection import turns as collection
    from dunning_coach.collection.standing import assess
    from dunning_coach.common import settings

    book, conf = playbook.load(), settings.load()
    rep = demo.rep("R1")
    standings = {
        a.customer.customer_id: assess(a, book, conf)
        for a in demo.accounts_visible_to(rep, DEMO_TODAY)
    }
    assert standings["C09"].escalated
    assert {s.kind for s in standings["C12"].signs} >= {"sign_staff_change"}
    worst = {s.classes.worst for s in standings.values()}
    assert {"not_yet_due", "in_collection", "doubtful", "bad"} <= worst
    from dunning_coach.accounts.turn_context import TurnContext

    turn = TurnContext(demo, rep, DEMO_TODAY, book, conf)
    today = collection.promises_due(turn, "what's due today").text
    assert "Northwind Retail Group: €3,000.00 (due now)" in today
    week = collection.promises_due(turn, "promises this week").text
    assert "Harbor Hotel Group: €2,000.00 (open)" in week
    plan = collection.day_plan(turn).text
    assert "Pixel Print Shop" in plan and "escalate" in plan
