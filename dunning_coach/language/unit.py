"""What a language brings: one record holding its ways of reading and writing figures, and the
data files that hold its words. Each language fills one in (dunning_coach/language/units/), and
registry.py registers each once; the modules that read dates, amounts, claims and periods and
that write money and days ask the registry, so none of them names a language.

English reads in the shared modules (dates.py, claims.py, periods.py): its record leaves the
reading tables empty and says so with `reads_figures`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dunning_coach.language import dates
from dunning_coach.language.languages import Language

Resolver = Callable[[re.Match[str], dt.date], dt.date | None]


@dataclass(frozen=True)
class Reading:
    """How a message in the language names figures, as regular expressions over its words. The
    periods, durations, multipliers and cheque words of every language are read in any message
    that is not English, as reps mix them; dates and monthly days only in their own language."""

    date_rules: tuple[tuple[str, Resolver], ...]  # tried in order, before the shared ones
    day_of_month: str  # "25号": a day of the month that cannot be a duration (the day: a group)
    duration_units: Mapping[str, int]  # "天": 1, "周": 7: days each unit counts
    day_units: tuple[str, ...]  # units that count days only and never name a date ("天")
    cheque_words: tuple[str, ...]  # "支票"; and what may stand between it and the number:
    number_words: tuple[str, ...]  # "号码"
    weeks: Mapping[str, str]  # "this" | "next" | "last" -> the words for that week
    months: Mapping[str, str]  # the same for months
    next_days: str  # "未来7天": one group, the count of days
    weekday_after_week: str  # what makes "下周" + it a date, not a week ("五")
    month_end_after_month: str  # what makes "月" + it the month's end, not the month ("底")


@dataclass(frozen=True)
class Writing:
    """How the language writes figures on a phone screen."""

    money: Callable[[str, str | None, str], str]  # (amount "1,234.50", symbol or None, code)
    thousands_mark: str  # "," or "."
    day: Callable[[dt.date, bool], str]  # with the year or not: "12 Oct", "10月12日"
    day_of_month: Callable[[int], str]  # after "the": "25th", "25号"
    weekdays: tuple[str, str, str, str, str, str, str]  # Monday first
    weekday_day: str  # "{weekday} {day}" or "{day}({weekday})"
    last_day_unit: str | None  # a span in one month: "11月23日–29日" (日), or "23–29 Nov" (None)


@dataclass(frozen=True)
class Words:
    """How the language's words sit in a sentence, and the few a rep answers a question with."""

    spaced: bool  # words stand between spaces (not in Chinese)
    bounded: bool  # a word starts at a word boundary (not where particles attach, as in Korean)
    all: str  # "all of it", as a regular expression with its own boundaries
    half: str  # "half"


@dataclass(frozen=True)
class Files:
    """The language's data, relative to the project root."""

    nlu: tuple[str, ...]  # its training examples under data/nlu/
    answer_checks: str  # the role-play checks, answer_checks/<code>.yml
    playbook: str | None  # its playbook overlay, playbook_translations/<code>.yml; None: the base


@dataclass(frozen=True)
class LanguageUnit:
    language: Language
    name: str  # in its own words, as a rep picks it
    writing: Writing
    words: Words
    files: Files
    multipliers: Mapping[str, int]  # after a number, in any message: "万": 10_000, "k": 1000
    reading: Reading | None = None  # None: reads in the shared modules (English)
    grouping_is_sure: bool = True  # False: "1.500" may be 1.5 copied from elsewhere: ask

    @property
    def code(self) -> str:
        return self.language.value


# Resolvers the languages' date rules share; dates.py keeps the calendar arithmetic.


def in_days(n: int) -> Resolver:
    return lambda m, today: today + dt.timedelta(days=n)


def day_of_month(m: re.Match[str], today: dt.date) -> dt.date | None:
    day = int(m["day"])
    return dates.next_day_of_month(day, today) if 1 <= day <= 31 else None


def month_day(months: Mapping[str, int] | None = None) -> Resolver:
    """A day of a month written as a number ("12月25日") or, with `months`, a name."""

    def resolve(m: re.Match[str], today: dt.date) -> dt.date | None:
        written = m["month"]
        month = int(written) if written.isdigit() else (months or {})[written.lower()]
        return dates.year_for(month, int(m["day"]), today, None)

    return resolve


def month_end(m: re.Match[str], today: dt.date) -> dt.date:
    return dates.end_of_month(today, 1 if m["next"] else 0)


def weekday(names: Mapping[str, int]) -> Resolver:
    def resolve(m: re.Match[str], today: dt.date) -> dt.date:
        return dates.weekday_number(names[m["day"].lower()], today, bool(m["next"]))

    return resolve


def symbol_first(amount: str, symbol: str | None, code: str) -> str:
    """'€1,234.50', or the code where there is no symbol: 'CHF 1,234.50'."""
    return f"{symbol}{amount}" if symbol else f"{code} {amount}"


def with_year(date: dt.date, shown: bool, written: str) -> str:
    return written.format(date.year) if shown else ""
