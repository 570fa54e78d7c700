"""Dates as a rep types them ("next Friday", "the 25th", "in two weeks"), resolved against today.

Conventions, chosen so the confirmation step can show one clear date:
- A bare weekday ("Friday", "this Friday", "on Fri") is the next one after today.
- "next Friday" is the Friday of next week (Monday-start weeks).
- A bare day of the month ("the 25th") is this month's if it has not passed, else next month's.
- Numeric dates are day first ("5/12" is 5 December), as on European invoices.
- Vague answers ("next week", "soon") are recognised as vague, so the rep can be asked for a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dunning_coach.language.claims import duration_days

_WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_DAY_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "fifteenth": 15,
    "twentieth": 20,
    "thirtieth": 30,
}

_WD = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MO = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_NUM = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|sixty|ninety|a couple of|a few|couple of|few)"
)
_UNIT = r"(?:days?|weeks?|wks?|months?|fortnight)"


@dataclass(frozen=True)
class Resolved:
    """A date found in the text, and where it was (so the rest can be read for an amount)."""

    date: dt.date
    start: int
    end: int


@dataclass(frozen=True)
class Vague:
    """A time that is not a day ("next week"): ask which day."""

    phrase: str
    start: int
    end: int


def _add_months(date: dt.date, months: int, day: int) -> dt.date | None:
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    if day > calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def next_day_of_month(day: int, today: dt.date) -> dt.date | None:
    """The next date with this day of the month, today included. A date someone names ("the
    31st") is taken literally, so it skips a month too short to have it; a payment run does not
    (see `payment_run`)."""
    for months in range(0, 3):  # "the 31st" may skip a short month
        candidate = _add_months(today, months, day)
        if candidate and candidate >= today:
            return candidate
    return None


def payment_run(year: int, month: int, day: int) -> dt.date:
    """That month's payment run on the customer's run day. A run day past the month's end falls on
    its last day: a customer who pays on the 31st pays at each month's end, and would not skip
    November's run and pay twice in December."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def payment_runs_around(today: dt.date, day: int) -> tuple[dt.date, dt.date]:
    """The latest payment run before today, and the next one on or after today."""
    this = payment_run(today.year, today.month, day)
    if this < today:
        following = (today.year, today.month + 1) if today.month < 12 else (today.year + 1, 1)
        return this, payment_run(*following, day)
    previous = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return payment_run(*previous, day), this


def year_for(month: int, day: int, today: dt.date, year: int | None) -> dt.date | None:
    try:
        if year is not None:
            return dt.date(year if year > 99 else 2000 + year, month, day)
        candidate = dt.date(today.year, month, day)
        # A day-and-month without a year that has passed means next year's.
        return candidate if candidate >= today else dt.date(today.year + 1, month, day)
    except ValueError:
        return None


def weekday(name: str, today: dt.date, next_week: bool = False) -> dt.date:
    """The next such weekday after today, or with `next_week` the one in next week."""
    return weekday_number(_WEEKDAYS[name], today, next_week)


def weekday_number(target: int, today: dt.date, next_week: bool = False) -> dt.date:
    """As `weekday`, for Monday 0 to Sunday 6."""
    if next_week:
        monday = today + dt.timedelta(days=7 - today.weekday())
        return monday + dt.timedelta(days=target)
    ahead = (target - today.weekday()) % 7 or 7
    return today + dt.timedelta(days=ahead)


def end_of_month(today: dt.date, months: int) -> dt.date:
    first = _add_months(today.replace(day=1), months, 1)
    assert first is not None  # every month has a 1st
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


# (pattern, resolver) in the order tried; each resolver gets the match and today.
_RULES: list[tuple[re.Pattern, object]] = []


def _rule(pattern: str):
    def register(fn):
        _RULES.append((re.compile(pattern, re.IGNORECASE), fn))
        return fn

    return register


@_rule(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
def _iso(m: re.Match, today: dt.date) -> dt.date | None:
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


@_rule(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\b")
def _numeric(m: re.Match, today: dt.date) -> dt.date | None:
    return year_for(int(m[2]), int(m[1]), today, int(m[3]) if m[3] else None)


@_rule(rf"\b{_ORD}\s+(?:of\s+)?({_MO})\b\.?(?:,?\s+(\d{{4}}))?")
def _day_month(m: re.Match, today: dt.date) -> dt.date | None:
    return year_for(_MONTHS[m[2].lower()], int(m[1]), today, int(m[3]) if m[3] else None)


@_rule(rf"\b({_MO})\.?\s+(?:the\s+)?{_ORD}\b(?:,?\s+(\d{{4}}))?")
def _month_day(m: re.Match, today: dt.date) -> dt.date | None:
    return year_for(_MONTHS[m[1].lower()], int(m[2]), today, int(m[3]) if m[3] else None)


@_rule(r"\b(?:the\s+)?day\s+after\s+tomorrow\b")
def _overmorrow(m: re.Match, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=2)


@_rule(r"\b(?:today|tonight|this\s+(?:afternoon|evening|morning)|right\s+now|now)\b")
def _today(m: re.Match, today: dt.date) -> dt.date:
    return today


@_rule(r"\b(?:tomorrow|tmrw|tmr|tomoz)\b")
def _tomorrow(m: re.Match, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=1)


@_rule(r"\bend\s+of\s+(?:the\s+|this\s+)?(next\s+)?month\b")
def _month_end(m: re.Match, today: dt.date) -> dt.date:
    return end_of_month(today, 1 if m[1] else 0)


@_rule(r"\bend\s+of\s+(?:the\s+|this\s+)?(next\s+)?week\b")
def _week_end(m: re.Match, today: dt.date) -> dt.date:
    # The end of a working week is its Friday; on a Saturday or Sunday, the coming one.
    if m[1]:
        return weekday("friday", today, True)
    return today + dt.timedelta(days=(4 - today.weekday()) % 7)


@_rule(rf"\b(next|this|coming|on)?\s*(?:the\s+)?({_WD})\b\.?")
def _named_weekday(m: re.Match, today: dt.date) -> dt.date:
    return weekday(m[2].lower(), today, (m[1] or "").lower() == "next")


@_rule(
    rf"\b(?:in|within|after)\s+({_NUM})\s*-?\s*({_UNIT})(?:\s+time)?\b"
    rf"|\b({_NUM})\s+({_UNIT})\s+from\s+(?:now|today)\b|\b(?:in\s+)?a\s+fortnight\b"
)
def _relative(m: re.Match, today: dt.date) -> dt.date | None:
    days = duration_days(m[0])
    return today + dt.timedelta(days=days) if days else None


# Not "the 4,860 euros" or "the 2.5k": a digit group after the number makes it an amount.
@_rule(rf"\b(?:on\s+)?the\s+{_ORD}\b(?![.,]\d)|\b(\d{{1,2}})(?:st|nd|rd|th)\b")
def _bare_day(m: re.Match, today: dt.date) -> dt.date | None:
    day = int(m[1] or m[2])
    return next_day_of_month(day, today) if 1 <= day <= 31 else None


@_rule(rf"\b(?:on\s+)?the\s+({'|'.join(_DAY_WORDS)})\b")
def _day_word(m: re.Match, today: dt.date) -> dt.date | None:
    return next_day_of_month(_DAY_WORDS[m[1].lower()], today)


_VAGUE = re.compile(
    r"\b(?:next|this|coming)\s+(?:week|month)\b|\b(?:soon|asap|later|sometime|"
    r"some\s+time|when(?:ever)?\s+(?:they|he|she|we)\s+can|after\s+the\s+holidays)\b",
    re.IGNORECASE,
)


def find_all(text: str, today: dt.date) -> list[Resolved]:
    """Every date in `text`, in the order written."""
    found: list[Resolved] = []
    for pattern, resolve in _RULES:
        for m in pattern.finditer(text):
            date = resolve(m, today)  # type: ignore[operator]
            if date is not None and not any(f.start <= m.start() < f.end for f in found):
                found.append(Resolved(date, m.start(), m.end()))
    return sorted(found, key=lambda r: r.start)


def find(text: str, today: dt.date) -> Resolved | Vague | None:
    """The first date in `text` (by position), a vague time, or None."""
    found = find_all(text, today)
    if found:
        return found[0]
    vague = _VAGUE.search(text)
    return Vague(vague[0], vague.start(), vague.end()) if vague else None


def resolve(text: str, today: dt.date) -> dt.date | None:
    """Just the date, when there is one."""
    found = find(text, today)
    return found.date if isinstance(found, Resolved) else None
