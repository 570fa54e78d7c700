"""Dates and durations as reps write them in Chinese, Korean and Spanish ("下周五", "25号",
"月底", "다음 주 금요일", "25일", "el viernes que viene", "el 25", "a fin de mes", "90天", "90일",
"90 días"), with dates.py's conventions:

- A bare weekday (周五, 금요일, el viernes, el viernes que viene, el próximo viernes) is the next
  one after today; a weekday of next week (下周五, 다음 주 금요일, el viernes de la semana que
  viene) is that week's, as "next Friday" is in English.
- A bare day of the month (25号, 25일, el 25) is this month's if it has not passed, else next
  month's.
- ISO and numeric dates ("2026-12-05", "5/12") read the same in every language: dates.py's rules
  still apply after these.
"""

from __future__ import annotations

import datetime as dt
import re

from dunning_coach.language import dates, registry
from dunning_coach.language.languages import Language
from dunning_coach.language.unit import Resolver

Rule = tuple[re.Pattern[str], Resolver]

# Each language's own ways of writing a date (language/units/), compiled once.
_RULES: dict[Language, list[Rule]] = {
    language: [(re.compile(pattern, re.IGNORECASE), resolve) for pattern, resolve in rules]
    for language, u in registry.UNITS.items()
    for rules in [u.reading.date_rules if u.reading else ()]
}


def find_all(text: str, today: dt.date, language: Language) -> list[dates.Resolved]:
    """Every date in `text`, in the order written: the language's own ways of writing one,
    then those every language shares (dates.py)."""
    found: list[dates.Resolved] = []
    for pattern, resolve in _RULES[language]:
        for m in pattern.finditer(text):
            date = resolve(m, today)
            if date is not None and not _overlaps(found, m.start(), m.end()):
                found.append(dates.Resolved(date, m.start(), m.end()))
    for shared in dates.find_all(text, today):
        if not _overlaps(found, shared.start, shared.end):
            found.append(shared)
    return sorted(found, key=lambda r: r.start)


def _overlaps(found: list[dates.Resolved], start: int, end: int) -> bool:
    return any(f.start < end and start < f.end for f in found)


def resolve(text: str, today: dt.date, language: Language) -> dt.date | None:
    found = find_all(text, today, language)
    return found[0].date if found else None


# Every language's units of time, read in any message: reps mix them.
_UNIT_DAYS = {
    word.lower(): days for r in registry.readings() for word, days in r.duration_units.items()
}
_DURATION = re.compile(
    r"(?P<n>\d+)\s*(?P<unit>"
    + "|".join(sorted(map(re.escape, _UNIT_DAYS), key=len, reverse=True))
    + ")",
    re.IGNORECASE,
)


def duration_days(text: str) -> int | None:
    """'90天', '90일', '90 días', '2周', '3개월', '2 meses' -> days; None without one."""
    m = _DURATION.search(text)
    if not m:
        return None
    # .get: case folding lets "ſ" match "s", and "díaſ".lower() is no key; count it as days.
    return int(m["n"]) * _UNIT_DAYS.get(m["unit"].lower(), 1)
