"""English: reads in the shared modules (dates.py, claims.py, periods.py and the entity
patterns), so it brings only how it writes figures and where its data is."""

from __future__ import annotations

import datetime as dt

from dunning_coach.language.languages import Language
from dunning_coach.language.unit import Files, LanguageUnit, Words, Writing, symbol_first, with_year


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _day(date: dt.date, shown: bool) -> str:
    return f"{date.day} {date:%b}" + with_year(date, shown, " {}")


UNIT = LanguageUnit(
    Language.EN,
    "English",
    Writing(
        money=symbol_first,
        thousands_mark=",",
        day=_day,
        day_of_month=ordinal,
        weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        weekday_day="{weekday} {day}",
        last_day_unit=None,
    ),
    Words(
        spaced=True,
        bounded=True,
        all=r"\b(?:all|everything|in full|full(?: amount)?|whole(?: amount)?|total|entire"
        r"|the lot|all of it)\b",
        half=r"\bhalf\b",
    ),
    Files(
        nlu=(
            "data/nlu/collection.yml",
            "data/nlu/conversation.yml",
            "data/nlu/excuses.yml",
            "data/nlu/team.yml",
            "data/nlu/training.yml",
        ),
        answer_checks="answer_checks/en.yml",
        playbook=None,
    ),
    {"k": 1000},
)
