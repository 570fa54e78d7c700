import pytest

from dunning_coach.language import claims


@pytest.mark.parametrize(
    "words, days",
    [
        ("90 days", 90),
        ("90-day", 90),
        ("two weeks", 14),
        ("3 months", 90),
        ("a fortnight", 14),
        ("a month", 30),
        ("a couple of weeks", 14),
        ("soon", None),
    ],
)
def test_duration_days(words, days):
    assert claims.duration_days(words) == days


@pytest.mark.parametrize(
    "words, day", [("the 25th", 25), ("1st", 1), ("25", 25), ("next friday", None), ("32nd", None)]
)
def test_day_of_month(words, day):
    assert claims.day_of_month(words) == day


@pytest.mark.parametrize(
    "words, cents",
    [
        ("$1,200", 120000),
        ("1.5k eur", 150000),
        ("300 euros", 30000),
        ("€99.95", 9995),
        ("lots", None),
    ],
)
def test_amount_cents(words, cents):
    assert claims.amount_cents(words) == cents


def test_from_entities_takes_the_first_of_each():
    claim = claims.from_entities(
        [
            {"entity": "duration", "value": "90 days"},
            {"entity": "duration", "value": "2 weeks"},
            {"entity": "cheque_no", "value": "chq #445566"},
            {"entity": "invoice_no", "value": "INV-204"},
            {"entity": "invoice_no", "value": "invoice 7"},
        ]
    )
    assert claim.duration_days == 90 and claim.cheque_no == "445566"
    assert claim.invoice_nos == ("INV-204", "7")


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("CHQ 445566", "445566", True),
        ("#0042", "INV-42", True),
        ("CHQ 1", "2", False),
        (None, "1", False),
    ],
)
def test_same_reference(a, b, same):
    assert claims.same_reference(a, b) is same
