"""common/formatting.py: figures as a rep reads them on a phone."""

from __future__ import annotations

import datetime as dt

import pytest

from dunning_coach.language.formatting import day, day_of_month, money, weekday_day
from dunning_coach.language.languages import Language
from dunning_coach.language.units.en import ordinal

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
    # Without a today to compare with, the year is always shown.
    assert day(dt.date(2026, 10, 12)) == "12 Oct 2026"
    assert weekday_day(dt.date(2026, 11, 27)) == "Fri 27 Nov 2026"
    assert weekday_day(dt.date(2026, 11, 27), None, Language.ZH_HANS) == "2026年11月27日(周五)"


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


@pytest.mark.parametrize(
    "language, this_year, other_year",
    [
        (Language.EN, "12 Oct", "12 Oct 2025"),
        (Language.ES, "12 oct", "12 oct 2025"),
        (Language.ZH_HANS, "10月12日", "2025年10月12日"),
        (Language.ZH_HANT, "10月12日", "2025年10月12日"),
        (Language.KO, "10월 12일", "2025년 10월 12일"),
    ],
)
def test_a_day_reads_the_way_each_language_writes_it(language, this_year, other_year):
    today = dt.date(2026, 11, 23)
    assert day(dt.date(2026, 10, 12), today, language) == this_year
    assert day(dt.date(2025, 10, 12), today, language) == other_year


@pytest.mark.parametrize(
    "language, expected",
    [
        (Language.EN, ["1st", "22nd", "25th"]),
        (Language.ES, ["1", "22", "25"]),
        (Language.ZH_HANS, ["1号", "22号", "25号"]),
        (Language.ZH_HANT, ["1號", "22號", "25號"]),
        (Language.KO, ["1일", "22일", "25일"]),
    ],
)
def test_a_monthly_day_in_each_language(language, expected):
    assert [day_of_month(n, language) for n in (1, 22, 25)] == expected


@pytest.mark.parametrize(
    "cents, currency, language, expected",
    [
        (385000000, "KRW", Language.KO, "3,850,000원"),
        (385000000, "KRW", Language.EN, "₩3,850,000"),
        (1850000, "CNY", Language.ZH_HANS, "¥18,500.00"),
        (3600000, "TWD", Language.ZH_HANT, "NT$36,000.00"),
    ],
)
def test_the_seed_markets_currencies_read_as_they_do_there(cents, currency, language, expected):
    assert money(cents, currency, language) == expected
