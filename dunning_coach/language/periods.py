"""Spans of days as a rep asks about them ("this week", "the next 10 days", "between the 1st and
the 10th"), resolved against today.

Conventions:
- Weeks run Monday to Sunday. "This week" is today to Sunday; asked on a Saturday or Sunday, when
  the week is all but over, it is the coming seven days.
- "The next N days" counts today: the next 7 days are today and the six after it.
- "This month" is today to the month's end; "next month" is all of it.
- Asked about the past too (`whole`), "this week" and "this month" are the whole week and month.
- A range of two dates ("between the 1st and the 10th", "from Fri to Tue") spans both, read as
  near today as it can be; a single date is that day.
- The other languages ask the same: "本周", "下個月", "未来7天", "이번 주", "7일 안",
  "la semana que viene", "los próximos 7 días", or a date as that language writes one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dunning_coach.language import dates, dates_local, messages, registry
from dunning_coach.language.claims import duration_days
from dunning_coach.language.formatting import day, weekday_day
from dunning_coach.language.languages import Language


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def covers(self, date: dt.date) -> bool:
        return self.start <= date <= self.end

    def label(self, today: dt.date, language: Language = Language.EN) -> str:
        """'today (Mon 23 Nov)', 'Fri 27 Nov', '23–29 Nov', '28 Nov–4 Dec'; in the other
        languages '11月23日–29日', '11월 23일–29일', '23–29 nov'."""
        if self.start == self.end:
            named = {today: "today", today + dt.timedelta(days=1): "tomorrow"}.get(self.start)
            shown = weekday_day(self.start, today, language)
            return messages.text(f"period.{named}", language, date=shown) if named else shown
        end = day(self.end, today, language)
        if (self.start.year, self.start.month) == (self.end.year, self.end.month):
            # The whole month named once at the end ("23–29 Nov"), or at the start with the
            # last day and its unit ("11月23日–29日").
            unit = registry.unit(language).writing.last_day_unit
            if unit is None:
                return f"{self.start.day}–{end}"
            return f"{day(self.start, today, language)}–{self.end.day}{unit}"
        return f"{day(self.start, today, language)}–{end}"


_NEXT_DAYS = re.compile(
    r"\b(?:next|coming|following|within(?:\s+the\s+next)?|over\s+the\s+next|in\s+the\s+next)"
    r"\s+((?:\d+|[a-z]+(?:\s+of)?)\s+(?:days?|weeks?|wks?|fortnight))\b",
    re.IGNORECASE,
)
_WEEK = re.compile(r"\b(this|next|last|coming)\s+week\b", re.IGNORECASE)
_MONTH = re.compile(r"\b(this|next|last)\s+month\b", re.IGNORECASE)
# The same questions as the other languages ask them (language/units/), every language's words
# in a message in any language that reads its own. A week followed by a weekday is a date ("下周五",
# "다음 주 금요일"), and a month followed by its end is one too ("月底"): both left to dates_local.
_READINGS = registry.readings()
_NOT_A_WEEKDAY = (
    "(?!\\s*(?:" + "|".join(r.weekday_after_week for r in _READINGS if r.weekday_after_week) + "))"
)
_NOT_MONTH_END = "(?![" + "".join(r.month_end_after_month for r in _READINGS) + "])"
_LOCAL_WEEK = {
    which: "|".join(r.weeks[which] for r in _READINGS) for which in ("this", "next", "last")
}
_LOCAL_MONTH = {
    which: "|".join(r.months[which] for r in _READINGS) for which in ("this", "next", "last")
}
_LOCAL_NEXT_DAYS = re.compile("|".join(r.next_days for r in _READINGS), re.IGNORECASE)


def _local(text: str, today: dt.date, whole: bool, language: Language) -> Period | None:
    m = _LOCAL_NEXT_DAYS.search(text)
    if m:
        days = int(next(g for g in m.groups() if g))
        return Period(today, today + dt.timedelta(days=max(days, 1) - 1))
    for which, pattern in _LOCAL_WEEK.items():
        if re.search(f"(?:{pattern}){_NOT_A_WEEKDAY}", text, re.IGNORECASE):
            return _week(which, today, whole)
    for which, pattern in _LOCAL_MONTH.items():
        if re.search(f"(?:{pattern}){_NOT_MONTH_END}", text, re.IGNORECASE):
            return _month(which, today, whole)
    return None


_RANGE = re.compile(r"\b(?:between|from)\b|\b(?:to|till|until|and|through)\b|–|-", re.IGNORECASE)


def find(
    text: str, today: dt.date, whole: bool = False, language: Language = Language.EN
) -> Period | None:
    """The span of days `text` asks about, or None when it names none."""
    reads_own = registry.unit(language).reading is not None
    if reads_own and (local := _local(text, today, whole, language)):
        return local
    m = _NEXT_DAYS.search(text)
    if m and (days := duration_days(m[1])):
        return Period(today, today + dt.timedelta(days=days - 1))
    m = _WEEK.search(text)
    if m:
        return _week(m[1].lower(), today, whole)
    m = _MONTH.search(text)
    if m:
        return _month(m[1].lower(), today, whole)
    found = dates_local.find_all(text, today, language)
    if len(found) >= 2 and _RANGE.search(text[found[0].end : found[1].start]):
        return _range(text, found[0], found[1], today)
    if found:
        return Period(found[0].date, found[0].date)
    return None


def _week(which: str, today: dt.date, whole: bool) -> Period:
    monday = today - dt.timedelta(days=today.weekday())
    if whole and which == "this":
        return Period(monday, monday + dt.timedelta(days=6))
    if which == "next":
        return Period(monday + dt.timedelta(days=7), monday + dt.timedelta(days=13))
    if which == "last":
        return Period(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
    if which == "coming" or today.weekday() >= 5:
        return Period(today, today + dt.timedelta(days=6))
    return Period(today, monday + dt.timedelta(days=6))


def _month(which: str, today: dt.date, whole: bool) -> Period:
    first = today.replace(day=1)
    if which == "next":
        first = (first + dt.timedelta(days=32)).replace(day=1)
    elif which == "last":
        first = (first - dt.timedelta(days=1)).replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return Period(today if which == "this" and not whole else first, last)


def _range(text: str, first: dates.Resolved, second: dates.Resolved, today: dt.date) -> Period:
    """Each date read on its own lands on or after today, so the end may come out before the
    start: "from Friday to Tuesday" (the Tuesday after that Friday) or "between the 20th and the
    30th" asked on the 23rd (this month's 20th). Of the two readings, the one nearer today."""
    start, end = first.date, second.date
    if start <= end:
        return Period(start, end)
    readings = []
    after = dates.find_all(text[second.start : second.end], start)  # the end, read from the start
    if after and after[0].date >= start:
        readings.append(Period(start, after[0].date))
    earlier = _month_before(start)
    if earlier is not None and earlier <= end:
        readings.append(Period(earlier, end))
    return min(readings, key=lambda p: abs((p.start - today).days), default=Period(end, start))


def _month_before(date: dt.date) -> dt.date | None:
    first = (date.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    try:
        return first.replace(day=date.day)
    except ValueError:
        return None
