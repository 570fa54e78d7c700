import datetime as dt

import pytest

from dunning_coach.language.languages import Language
from dunning_coach.language.periods import Period, find

SUN, MON, SAT = dt.date(2026, 11, 22), dt.date(2026, 11, 23), dt.date(2026, 11, 28)


def days(start: str, end: str) -> Period:
    return Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))


@pytest.mark.parametrize(
    ("text", "today", "period"),
    [
        ("which promises are due this week?", MON, days("2026-11-23", "2026-11-29")),
        # On a weekend the week is all but over: the coming seven days.
        ("which promises are due this week?", SUN, days("2026-11-22", "2026-11-28")),
        ("promises this week", SAT, days("2026-11-28", "2026-12-04")),
        ("promises next week", SUN, days("2026-11-23", "2026-11-29")),
        ("promises next week", MON, days("2026-11-30", "2026-12-06")),
        ("what's due in the next 7 days?", MON, days("2026-11-23", "2026-11-29")),
        ("promises for the next 3 days", MON, days("2026-11-23", "2026-11-25")),
        ("anything due over the next two weeks", MON, days("2026-11-23", "2026-12-06")),
        ("due within 10 days?", MON, days("2026-11-23", "2026-12-02")),
        ("what's due today?", MON, days("2026-11-23", "2026-11-23")),
        ("promises due tomorrow", SUN, days("2026-11-23", "2026-11-23")),
        ("what was promised for the 30th", MON, days("2026-11-30", "2026-11-30")),
        ("promises due between the 1st and the 10th", MON, days("2026-12-01", "2026-12-10")),
        # Both days of the month read on their own would land in different months.
        ("between the 20th and the 30th", MON, days("2026-11-20", "2026-11-30")),
        ("from friday to tuesday", MON, days("2026-11-27", "2026-12-01")),
        ("promises this month", MON, days("2026-11-23", "2026-11-30")),
        ("promises next month", MON, days("2026-12-01", "2026-12-31")),
    ],
)
def test_a_period_as_reps_ask_for_it(text, today, period):
    assert find(text, today) == period


@pytest.mark.parametrize("text", ["show promises to pay", "what promises are open?", "promises"])
def test_no_period_named_is_none(text):
    assert find(text, MON) is None


def test_asked_about_the_past_too_this_week_and_month_are_whole():
    assert find("broken this week", MON, whole=True) == days("2026-11-23", "2026-11-29")
    assert find("broken this week", SUN, whole=True) == days("2026-11-16", "2026-11-22")
    assert find("broken this month", MON, whole=True) == days("2026-11-01", "2026-11-30")
    assert find("broken last month", MON, whole=True) == days("2026-10-01", "2026-10-31")


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (days("2026-11-23", "2026-11-23"), "today (Mon 23 Nov)"),
        (days("2026-11-24", "2026-11-24"), "tomorrow (Tue 24 Nov)"),
        (days("2026-11-27", "2026-11-27"), "Fri 27 Nov"),
        (days("2026-11-23", "2026-11-29"), "23–29 Nov"),
        (days("2026-11-28", "2026-12-04"), "28 Nov–4 Dec"),
        (days("2026-12-28", "2027-01-03"), "28 Dec–3 Jan 2027"),
    ],
)
def test_a_period_names_its_days(period, label):
    assert period.label(MON) == label


@pytest.mark.parametrize(
    ("text", "language", "period"),
    [
        ("本周有哪些承诺到期", Language.ZH_HANS, days("2026-11-23", "2026-11-29")),
        ("下週的付款承諾", Language.ZH_HANT, days("2026-11-30", "2026-12-06")),
        ("未来7天到期的", Language.ZH_HANS, days("2026-11-23", "2026-11-29")),
        ("下个月的承诺", Language.ZH_HANS, days("2026-12-01", "2026-12-31")),
        # A week with a weekday is that day, and the end of next month is a day too.
        ("下周五到期的", Language.ZH_HANS, days("2026-12-04", "2026-12-04")),
        ("下个月底", Language.ZH_HANS, days("2026-12-31", "2026-12-31")),
        ("이번 주 입금 약속", Language.KO, days("2026-11-23", "2026-11-29")),
        ("다음 주 금요일 약속", Language.KO, days("2026-12-04", "2026-12-04")),
        ("10일 안에 만기인 약속", Language.KO, days("2026-11-23", "2026-12-02")),
        ("promesas de la semana que viene", Language.ES, days("2026-11-30", "2026-12-06")),
        ("los próximos 7 días", Language.ES, days("2026-11-23", "2026-11-29")),
        ("el viernes que viene", Language.ES, days("2026-11-27", "2026-11-27")),
    ],
)
def test_the_other_languages_ask_for_periods_their_own_way(text, language, period):
    assert find(text, MON, language=language) == period


@pytest.mark.parametrize(
    ("language", "week", "today"),
    [
        (Language.EN, "23–29 Nov", "today (Mon 23 Nov)"),
        (Language.ES, "23–29 nov", "hoy (lun 23 nov)"),
        (Language.ZH_HANS, "11月23日–29日", "今天 11月23日(周一)"),
        (Language.KO, "11월 23일–29일", "오늘 11월 23일 (월)"),
    ],
)
def test_a_period_is_named_in_the_language_asked(language, week, today):
    assert days("2026-11-23", "2026-11-29").label(MON, language) == week
    assert days("2026-11-23", "2026-11-23").label(MON, language) == today
