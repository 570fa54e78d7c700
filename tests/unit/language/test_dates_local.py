import datetime as dt

import pytest

from dunning_coach.language.dates_local import duration_days, find_all, resolve
from dunning_coach.language.languages import Language

MON = dt.date(2026, 11, 23)  # a Monday
HANS, HANT, KO, ES = Language.ZH_HANS, Language.ZH_HANT, Language.KO, Language.ES


@pytest.mark.parametrize(
    ("text", "language", "date"),
    [
        ("他说下周五付", HANS, "2026-12-04"),
        ("他說下週五付", HANT, "2026-12-04"),
        ("周五付款", HANS, "2026-11-27"),
        ("星期三", HANS, "2026-11-25"),
        ("25号付", HANS, "2026-11-25"),
        ("20號", HANT, "2026-12-20"),  # the 20th has passed: next month's
        ("月底前付清", HANS, "2026-11-30"),
        ("下个月底", HANS, "2026-12-31"),
        ("12月5日", HANS, "2026-12-05"),
        ("明天", HANT, "2026-11-24"),
        ("다음 주 금요일에 입금한대요", KO, "2026-12-04"),
        ("금요일", KO, "2026-11-27"),
        ("25일에 결제", KO, "2026-11-25"),
        ("월말까지", KO, "2026-11-30"),
        ("12월 5일", KO, "2026-12-05"),
        ("내일", KO, "2026-11-24"),
        ("pagan el viernes que viene", ES, "2026-11-27"),
        ("el próximo viernes", ES, "2026-11-27"),
        ("el viernes de la semana que viene", ES, "2026-12-04"),
        ("el 25", ES, "2026-11-25"),
        ("el día 30", ES, "2026-11-30"),
        ("a fin de mes", ES, "2026-11-30"),
        ("a fin del mes que viene", ES, "2026-12-31"),
        ("5 de diciembre", ES, "2026-12-05"),
        ("pasado mañana", ES, "2026-11-25"),
        ("mañana", ES, "2026-11-24"),
        # Every language reads ISO dates the same.
        ("2026-12-05", KO, "2026-12-05"),
    ],
)
def test_dates_as_each_language_writes_them(text, language, date):
    assert resolve(text, MON, language) == dt.date.fromisoformat(date)


def test_two_dates_in_order_for_a_range():
    found = find_all("从1号到10号", MON, HANS)
    assert [f.date.isoformat() for f in found] == ["2026-12-01", "2026-12-10"]


def test_an_amount_is_not_a_day_of_the_month():
    assert resolve("pagan el 25 euros", MON, ES) is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("我们是90天付款", 90),
        ("90일 결제 조건", 90),
        ("pagamos a 90 días", 90),
        ("2周", 14),
        ("3개월", 90),
        ("2 meses", 60),
        ("Pagamos a 90 díaſ", 90),  # case folding matches "ſ" to "s": no crash, days
    ],
)
def test_durations(text, days):
    assert duration_days(text) == days


def test_no_duration():
    assert duration_days("no sé") is None
