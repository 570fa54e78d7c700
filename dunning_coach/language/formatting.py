"""How figures read on a phone screen: money, dates, ordinals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dunning_coach.language.languages import Language

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CNY": "¥", "TWD": "NT$", "KRW": "₩"}
_NO_MINOR_UNIT = {"KRW", "JPY"}  # written without decimals


def money(cents: int, currency: str = "EUR", language: Language = Language.EN) -> str:
    """12345678, 'EUR' -> '€123,456.78'; unknown currencies keep their code: 'CHF 1,000.00'.
    In Spanish the marks swap and the symbol follows: '123.456,78 €'; won have no decimals and
    read '3,850,000원' in Korean."""
    places = 0 if currency in _NO_MINOR_UNIT else 2
    amount = f"{cents / 100:,.{places}f}"
    symbol = _SYMBOLS.get(currency)
    if language is Language.KO and currency == "KRW":
        return f"{amount}원"
    if language is Language.ES:
        amount = amount.translate(str.maketrans(",.", ".,"))
        return f"{amount} {symbol or currency}"
    return f"{symbol}{amount}" if symbol else f"{currency} {amount}"


def day(date: dt.date, today: dt.date | None = None, language: Language = Language.EN) -> str:
    """'12 Oct', with the year when it is not this year's: '12 Oct 2025'. In the other
    languages: '12 oct', '10月12日', '10월 12일' ('2025年10月12日', '2025년 10월 12일')."""
    with_year = today is None or date.year != today.year
    return _DAY[language](date, with_year)


def day_of_month(n: int, language: Language = Language.EN) -> str:
    """A monthly day as a sentence names it after 'the': '25th', '25', '25号', '25號', '25일'."""
    return _DAY_OF_MONTH[language](n)


def weekday_day(
    date: dt.date, today: dt.date | None = None, language: Language = Language.EN
) -> str:
    """'Fri 27 Nov': the weekday makes a resolved "next Friday" easy to check. In the other
    languages: 'vie 27 nov', '11月27日(周五)', '11月27日(週五)', '11월 27일 (금)'."""
    with_year = today is None or date.year != today.year
    return _WEEKDAY_DAY[language](date, with_year)


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# Each language's way, one entry per language (tests/unit/language/test_formatting.py holds
# every table complete): a day, with its year or not; a day of the month; a day with its weekday.
_ES_MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic")
_WEEKDAYS = {
    Language.EN: ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    Language.ES: ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
    Language.ZH_HANS: ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    Language.ZH_HANT: ("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
    Language.KO: ("월", "화", "수", "목", "금", "토", "일"),
}


def _year(date: dt.date, with_year: bool, written: str) -> str:
    return written.format(date.year) if with_year else ""


def _day_en(date: dt.date, with_year: bool) -> str:
    return f"{date.day} {date:%b}" + _year(date, with_year, " {}")


def _day_es(date: dt.date, with_year: bool) -> str:
    return f"{date.day} {_ES_MONTHS[date.month - 1]}" + _year(date, with_year, " {}")


def _day_ko(date: dt.date, with_year: bool) -> str:
    return _year(date, with_year, "{}년 ") + f"{date.month}월 {date.day}일"


def _day_han(date: dt.date, with_year: bool) -> str:
    return _year(date, with_year, "{}年") + f"{date.month}月{date.day}日"


_DAY: dict[Language, Callable[[dt.date, bool], str]] = {
    Language.EN: _day_en,
    Language.ES: _day_es,
    Language.KO: _day_ko,
    Language.ZH_HANS: _day_han,
    Language.ZH_HANT: _day_han,
}
_DAY_OF_MONTH: dict[Language, Callable[[int], str]] = {
    Language.EN: ordinal,
    Language.ES: str,
    Language.ZH_HANS: lambda n: f"{n}号",
    Language.ZH_HANT: lambda n: f"{n}號",
    Language.KO: lambda n: f"{n}일",
}


def _weekday(date: dt.date, language: Language) -> str:
    return _WEEKDAYS[language][date.weekday()]


_WEEKDAY_DAY: dict[Language, Callable[[dt.date, bool], str]] = {
    Language.EN: lambda d, y: f"{_weekday(d, Language.EN)} {_day_en(d, y)}",
    Language.ES: lambda d, y: f"{_weekday(d, Language.ES)} {_day_es(d, y)}",
    Language.KO: lambda d, y: f"{_day_ko(d, y)} ({_weekday(d, Language.KO)})",
    Language.ZH_HANS: lambda d, y: f"{_day_han(d, y)}({_weekday(d, Language.ZH_HANS)})",
    Language.ZH_HANT: lambda d, y: f"{_day_han(d, y)}({_weekday(d, Language.ZH_HANT)})",
}
