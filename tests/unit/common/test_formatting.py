"""common/formatting.py: figures as a rep reads them on a phone."""

from __future__ import annotations

import datetime as dt

import pytest

from dunning_coach.common.formatting import day, money, ordinal, plural, weekday_day
from dunning_coach.common.languages import Language

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


def test_money_and_days_in_each_language():
    friday = dt.date(2026, 11, 27)
    today = dt.date(2026, 11, 23)
    assert money(150050, "EUR", Language.ES) == "1.500,50 €"
    assert money(150050, "EUR", Language.ZH_HANS) == "€1,500.50"
    assert weekday_day(friday, today, Language.ES) == "vie 27 nov"
    assert weekday_day(friday, today, Language.ZH_HANS) == "11月27日(周五)"
    assert weekday_day(friday, today, Language.ZH_HANT) == "11月27日(週五)"
    assert weekday_day(friday, today, Language.KO) == "11월 27일 (금)"
    assert weekday_day(friday, dt.date(2025, 12, 1), Language.KO) == "2026년 11월 27일 (금)"
