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
from collections.abc import Callable

from dunning_coach.language import dates
from dunning_coach.language.languages import Language

Rule = tuple[re.Pattern[str], Callable[[re.Match[str], dt.date], dt.date | None]]

_ZH_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_KO_WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
_ES_WEEKDAYS = {
    "lunes": 0,
    "martes": 1,
    "miércoles": 2,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sábado": 5,
    "sabado": 5,
    "domingo": 6,
}
_ES_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre setiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        1,
    )
    for name in names.split(" ")
}


def _days(n: int) -> Callable[[re.Match[str], dt.date], dt.date]:
    return lambda m, today: today + dt.timedelta(days=n)


def _day_of_month(m: re.Match[str], today: dt.date) -> dt.date | None:
    day = int(m["day"])
    return dates.next_day_of_month(day, today) if 1 <= day <= 31 else None


def _month_day(m: re.Match[str], today: dt.date) -> dt.date | None:
    month = int(m["month"]) if m["month"].isdigit() else _ES_MONTHS[m["month"].lower()]
    return dates.year_for(month, int(m["day"]), today, None)


def _month_end(m: re.Match[str], today: dt.date) -> dt.date:
    return dates.end_of_month(today, 1 if m["next"] else 0)


def _weekday(names: dict[str, int]) -> Callable[[re.Match[str], dt.date], dt.date]:
    def resolve(m: re.Match[str], today: dt.date) -> dt.date:
        return dates.weekday_number(names[m["day"].lower()], today, bool(m["next"]))

    return resolve


def _rules(*rules: tuple[str, Callable[[re.Match[str], dt.date], dt.date | None]]) -> list[Rule]:
    return [(re.compile(pattern, re.IGNORECASE), resolve) for pattern, resolve in rules]


_ZH_RULES = _rules(
    (r"大后天|大後天", _days(3)),
    (r"后天|後天", _days(2)),
    (r"明天|明日", _days(1)),
    (r"今天|今日", _days(0)),
    (r"(?P<next>下个?|下個?)?月底", _month_end),
    (
        r"(?P<next>下)?(?:个|個)?(?:周|週|星期|礼拜|禮拜)(?P<day>[一二三四五六日天])",
        _weekday(_ZH_WEEKDAYS),
    ),
    (r"(?P<month>\d{1,2})月(?P<day>\d{1,2})(?:日|号|號)", _month_day),
    (r"(?P<day>\d{1,2})(?:号|號|日)", _day_of_month),
)
_KO_RULES = _rules(
    (r"모레", _days(2)),
    (r"내일", _days(1)),
    (r"오늘", _days(0)),
    (r"(?P<next>다음\s*달\s*)?(?:월말|말일|달\s*말)", _month_end),
    (
        r"(?P<next>다음\s*주\s*)?(?:이번\s*주\s*)?(?P<day>[월화수목금토일])요일",
        _weekday(_KO_WEEKDAYS),
    ),
    (r"(?P<month>\d{1,2})월\s*(?P<day>\d{1,2})일", _month_day),
    (r"(?P<day>\d{1,2})일", _day_of_month),
)
_ES_WD = "|".join(sorted(_ES_WEEKDAYS, key=len, reverse=True))
_ES_MO = "|".join(sorted(_ES_MONTHS, key=len, reverse=True))
_ES_RULES = _rules(
    (r"\bpasado\s+mañana\b", _days(2)),
    (r"\bmañana\b", _days(1)),
    (r"\bhoy\b", _days(0)),
    (
        r"\b(?:a\s+|al\s+|para\s+)?(?:fin(?:al)?|finales)\s+de(?:l)?\s+mes"
        r"(?P<next>\s+que\s+viene|\s+próximo|\s+siguiente)?\b",
        _month_end,
    ),
    (
        rf"\b(?:el\s+)?(?:próximo\s+)?(?P<day>{_ES_WD})"
        r"(?P<next>\s+de\s+la\s+(?:semana\s+que\s+viene|próxima\s+semana))?"
        r"(?:\s+que\s+viene)?\b",
        _weekday(_ES_WEEKDAYS),
    ),
    (rf"\b(?P<day>\d{{1,2}})\s+de\s+(?P<month>{_ES_MO})\b", _month_day),
    (
        r"\bel\s+(?:día\s+|dia\s+)?(?P<day>\d{1,2})\b(?!\s*(?:%|€|euros?|días?|dias?))",
        _day_of_month,
    ),
)
_RULES = {
    Language.ZH_HANS: _ZH_RULES,
    Language.ZH_HANT: _ZH_RULES,
    Language.KO: _KO_RULES,
    Language.ES: _ES_RULES,
}


def find_all(text: str, today: dt.date, language: Language) -> list[dates.Resolved]:
    """Every date in `text`, in the order written: the language's own ways of writing one,
    then those every language shares (dates.py)."""
    found: list[dates.Resolved] = []
    for pattern, resolve in _RULES.get(language, []):
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


_DURATION = re.compile(
    r"(?P<n>\d+)\s*(?P<unit>天|日|일|días?|dias?|周|週|주|semanas?|个月|個月|개월|달|meses|mes)",
    re.IGNORECASE,
)
_UNIT_DAYS = {"周": 7, "週": 7, "주": 7, "semana": 7, "个月": 30, "個月": 30, "개월": 30, "달": 30}
_UNIT_DAYS.update({"mes": 30, "meses": 30, "semanas": 7})


def duration_days(text: str) -> int | None:
    """'90天', '90일', '90 días', '2周', '3개월', '2 meses' -> days; None without one."""
    m = _DURATION.search(text)
    if not m:
        return None
    return int(m["n"]) * _UNIT_DAYS.get(m["unit"].lower(), 1)
