import pytest

from dunning_coach.matching import Outcome, resolve
from dunning_coach.models import Customer

CUSTOMERS = [
    Customer("C1", "Northwind Retail Group", "R1", aliases=("Northwind", "NW Retail")),
    Customer("C2", "Bolt & Nut Hardware", "R1", aliases=("Bolt and Nut",)),
    Customer("C3", "Harbor Hotel Group", "R1"),
    Customer("C4", "Green Leaf Foods", "R1"),
    Customer("C5", "Green Lead Foods", "R1"),
]


@pytest.mark.parametrize("said, expected", [
    ("I'm at Northwind Retail Group", "C1"),
    ("i'm at northwnd now", "C1"),  # typo
    ("with NW retail", "C1"),  # alias
    ("visiting bolt and nut", "C2"),
    ("customer is harbour hotel group", "C3"),
    ("C3", "C3"),
])
def test_one_clear_match(said, expected):
    result = resolve(said, CUSTOMERS)
    assert result.outcome is Outcome.FOUND and result.customer.customer_id == expected


def test_two_close_names_are_offered_not_guessed():
    result = resolve("I'm at green lea foods", CUSTOMERS)
    assert result.outcome is Outcome.AMBIGUOUS
    assert {c.customer.customer_id for c in result.candidates} == {"C4", "C5"}


@pytest.mark.parametrize("said", ["I'm at Zenith Pharma", "!!!", "", "the"])
def test_no_match_is_said_plainly(said):
    assert resolve(said, CUSTOMERS).outcome is Outcome.NONE
