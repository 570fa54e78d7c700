import datetime as dt

import pytest

from dunning_coach.language import dates
from tests.conftest import TODAY  # Monday 23 November 2026

D = dt.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("next Friday", D(2026, 12, 4)),  # the Friday of next week
        ("friday", D(2026, 11, 27)),
        ("this fri", D(2026, 11, 27)),
        ("on Monday", D(2026, 11, 30)),  # a bare weekday is never today
        ("the 25th", D(2026, 11, 25)),
        ("on the 20th", D(2026, 12, 20)),  # the 20th has passed this month
        ("the 23rd", TODAY),
        ("31st", D(2026, 12, 31)),  # November has no 31st
        ("in two weeks", D(2026, 12, 7)),
        ("in 10 days", D(2026, 12, 3)),
        ("in a fortnight", D(2026, 12, 7)),
        ("two weeks from now", D(2026, 12, 7)),
        ("25 December", D(2026, 12, 25)),
        ("Dec 5th", D(2026, 12, 5)),
        ("5 Jan", D(2027, 1, 5)),  # a month-and-day in the past means next year
        ("5/12", D(2026, 12, 5)),  # day first
        ("2026-12-01", D(2026, 12, 1)),
        ("today", TODAY),
        ("tomorrow", D(2026, 11, 24)),
        ("the day after tomorrow", D(2026, 11, 25)),
        ("end of the month", D(2026, 11, 30)),
        ("end of next month", D(2026, 12, 31)),
        ("end of the week", D(2026, 11, 27)),
        ("the first", D(2026, 12, 1)),
    ],
)
def test_phrases_resolve_against_today(text, expected):
    assert dates.resolve(text, TODAY) == expected


def test_the_date_is_found_inside_a_sentence_with_its_position():
    text = "they will pay 500 on the 28th for INV-1"
    found = dates.find(text, TODAY)
    assert found.date == D(2026, 11, 28)
    assert text[found.start : found.end] == "on the 28th"


@pytest.mark.parametrize("text", ["next week", "soon", "sometime next month", "asap"])
def test_vague_times_are_recognised_not_guessed(text):
    assert isinstance(dates.find(text, TODAY), dates.Vague)
    assert dates.resolve(text, TODAY) is None


@pytest.mark.parametrize("text", ["hello", "500", "31/02", "2026-02-30", "€12.50"])
def test_no_date_or_an_impossible_one_gives_none(text):
    assert dates.resolve(text, TODAY) is None


def test_month_end_and_year_end_edges():
    assert dates.resolve("the 31st", D(2026, 2, 10)) == D(2026, 3, 31)
    assert dates.resolve("next friday", D(2026, 12, 30)) == D(2027, 1, 8)
    assert dates.resolve("end of next month", D(2026, 12, 15)) == D(2027, 1, 31)


@pytest.mark.parametrize(
    "today, day, last, upcoming",
    [
        (dt.date(2026, 11, 23), 25, dt.date(2026, 10, 25), dt.date(2026, 11, 25)),
        (dt.date(2026, 11, 25), 25, dt.date(2026, 10, 25), dt.date(2026, 11, 25)),
        (dt.date(2026, 11, 26), 25, dt.date(2026, 11, 25), dt.date(2026, 12, 25)),
        (dt.date(2026, 12, 31), 15, dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
        (dt.date(2026, 1, 5), 31, dt.date(2025, 12, 31), dt.date(2026, 1, 31)),
        (dt.date(2026, 3, 1), 31, dt.date(2026, 2, 28), dt.date(2026, 3, 31)),
    ],
)
def test_payment_runs_around_today(today, day, last, upcoming):
    assert dates.payment_runs_around(today, day) == (last, upcoming)


def test_a_run_day_past_the_months_end_is_its_last_day_but_a_named_date_skips_the_month():
    nov_23 = dt.date(2026, 11, 23)
    assert dates.payment_runs_around(nov_23, 31)[1] == dt.date(2026, 11, 30)
    assert dates.next_day_of_month(31, nov_23) == dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    "text", ["pay the 4,860 euros by transfer on Friday", "the 1.500 on Friday, please"]
)
def test_an_amount_after_the_is_not_a_day_of_the_month(text):
    found = dates.find(text, TODAY)
    assert found is not None and found.date == dt.date(2026, 11, 27)  # the Friday
