"""Korean: "다음 주 금요일", "25일", "월말", "90일", "3만원"."""

from __future__ import annotations

import datetime as dt

from dunning_coach.language.languages import Language
from dunning_coach.language.unit import (
    Files,
    LanguageUnit,
    Reading,
    Words,
    Writing,
    day_of_month,
    in_days,
    month_day,
    month_end,
    symbol_first,
    weekday,
    with_year,
)

WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}


def _day(date: dt.date, shown: bool) -> str:
    return with_year(date, shown, "{}년 ") + f"{date.month}월 {date.day}일"


def _money(amount: str, symbol: str | None, code: str) -> str:
    return f"{amount}원" if code == "KRW" else symbol_first(amount, symbol, code)


UNIT = LanguageUnit(
    Language.KO,
    "한국어",
    Writing(
        money=_money,
        thousands_mark=",",
        day=_day,
        day_of_month=lambda n: f"{n}일",
        weekdays=("월", "화", "수", "목", "금", "토", "일"),
        weekday_day="{day} ({weekday})",
        last_day_unit="일",
    ),
    Words(spaced=True, bounded=False, all="전액", half="절반"),
    Files(
        nlu=("data/nlu/ko.yml",),
        answer_checks="answer_checks/ko.yml",
        playbook="playbook_translations/ko.yml",
    ),
    {"백": 100, "천": 1000, "만": 10_000, "억": 100_000_000},
    Reading(
        date_rules=(
            (r"모레", in_days(2)),
            (r"내일", in_days(1)),
            (r"오늘", in_days(0)),
            (r"(?P<next>다음\s*달\s*)?(?:월말|말일|달\s*말)", month_end),
            (
                r"(?P<next>다음\s*주\s*)?(?:이번\s*주\s*)?(?P<day>[월화수목금토일])요일",
                weekday(WEEKDAYS),
            ),
            (r"(?P<month>\d{1,2})월\s*(?P<day>\d{1,2})일", month_day()),
            (r"(?P<day>\d{1,2})일", day_of_month),
        ),
        # "30일" alone is more often 30 days: a monthly day is written so it cannot be one.
        day_of_month=r"(?:매월|매달)\s*(\d{1,2})\s*일|(\d{1,2})\s*일\s*(?:에|날|마다)",
        duration_units={"일": 1, "주": 7, "개월": 30, "달": 30},
        day_units=("일",),
        cheque_words=("수표", "어음"),
        number_words=("번호",),
        weeks={"this": r"이번\s*주", "next": r"다음\s*주", "last": r"지난\s*주"},
        months={"this": r"이번\s*달", "next": r"다음\s*달", "last": r"지난\s*달"},
        next_days=r"(\d+)\s*일\s*(?:안|이내|내)",
        weekday_after_week=r"[월화수목금토일]요일",
        month_end_after_month="말",
    ),
)
