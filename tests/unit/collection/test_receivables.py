import pytest

from dunning_coach.collection import receivables
from dunning_coach.common.settings import Receivables
from tests.conftest import TODAY

R = Receivables()


@pytest.mark.parametrize(
    "days, cls",
    [
        (-5, "not_yet_due"),
        (0, "not_yet_due"),
        (1, "in_collection"),
        (30, "in_collection"),
        (31, "doubtful"),
        (90, "doubtful"),
        (91, "bad"),
        (180, "bad"),
        (181, "dead"),
        (900, "dead"),
    ],
)
def test_class_by_days_past_due(days, cls):
    assert receivables.by_days(days, R) == cls


def test_thresholds_come_from_the_settings():
    strict = Receivables(in_collection_from=1, doubtful_from=10, bad_from=20, dead_from=30)
    assert receivables.by_days(15, strict) == "doubtful"


def test_raising_stops_at_the_cap_and_leaves_not_yet_due_alone():
    assert receivables.raised("in_collection", 1, "bad") == "doubtful"
    assert receivables.raised("bad", 1, "bad") == "bad"
    assert receivables.raised("dead", 1, "bad") == "dead"
    assert receivables.raised("not_yet_due", 1, "bad") == "not_yet_due"


def test_open_amounts_are_summed_per_class(build):
    build.customer()
    build.invoice(issued=20, due=-10, amount=100)  # not yet due
    build.invoice(issued=40, due=10, amount=200)  # in collection
    build.invoice(issued=100, due=60, amount=300)  # doubtful
    paid = build.invoice(issued=100, due=60, amount=50)
    build.payment(received=50, amount=50, invoice_no=paid)
    found = receivables.classify(build.store.account("C1", TODAY), R, raise_for_risk=False)
    assert found.amounts() == [
        ("doubtful", 30000),
        ("in_collection", 20000),
        ("not_yet_due", 10000),
    ]
    assert found.worst == "doubtful"


def test_risk_raises_overdue_money_one_class(build):
    build.customer()
    build.invoice(issued=40, due=10, amount=200)
    found = receivables.classify(build.store.account("C1", TODAY), R, raise_for_risk=True)
    assert found.amounts() == [("doubtful", 20000)] and found.raised_by == 1
