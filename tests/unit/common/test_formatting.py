"""common/formatting.py: figures as a rep reads them on a phone."""

from __future__ import annotations

import datetime as dt

import pytest

from dunning_coach.common.formatting import day, money, ordinal, plural, weekday_day

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "cents, currency, text",
    [
        (12_345_678, "EUR", "€123,456.78"),
        (5, "GBP", "£0.05"),
        (100_000, "USD", "$1,000.00"),
        (100_000, "CHF", "CHF 1,000.00"),
        (0, "EUR", "€0.00"),
    ],
)
def test_money_has_its_symbol_or_code_and_two_decimals(cents, currency, text):
    assert money(cents, currency) == text


def test_a_day_shows_its_year_only_when_it_is_not_this_years():
    assert day(dt.date(2026, 10, 12), TODAY) == "12 Oct"
    assert day(dt.date(2025, 10, 12), TODAY) == "12 Oct 2025"
    assert weekday_day(dt.date(2026, 11, 27), TODAY) == "Fri 27 Nov"


@pytest.mark.parametrize(
    "n, text",
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (31, "31st"),
        (111, "111th"),
    ],
)
def test_ordinals(n, text):
    assert ordinal(n) == text


def test_plural_only_for_other_than_one():
    assert (plural(1, "invoice"), plural(0, "invoice"), plural(3, "invoice")) == (
        "1 invoice",
        "0 invoices",
        "3 invoices",
    )
