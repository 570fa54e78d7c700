"""How figures read on a phone screen: money and dates, each language its own way."""

from __future__ import annotations

import datetime as dt

from dunning_coach.language import registry
from dunning_coach.language.languages import Language
from dunning_coach.language.unit import Writing

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CNY": "¥", "TWD": "NT$", "KRW": "₩"}
_NO_MINOR_UNIT = {"KRW", "JPY"}  # written without decimals


def money(cents: int, currency: str = "EUR", language: Language = Language.EN) -> str:
    """12345678, 'EUR' -> '€123,456.78'; unknown currencies keep their code: 'CHF 1,000.00'.
    Each language places the marks and the symbol its own way (language/units/): '123.456,78 €'
    in Spanish; won have no decimals and read '3,850,000원' in Korean."""
    places = 0 if currency in _NO_MINOR_UNIT else 2
    amount = f"{cents / 100:,.{places}f}"
    return _writing(language).money(amount, _SYMBOLS.get(currency), currency)


def day(date: dt.date, today: dt.date | None = None, language: Language = Language.EN) -> str:
    """'12 Oct', with the year when it is not this year's: '12 Oct 2025'. In the other
    languages: '12 oct', '10月12日', '10월 12일' ('2025年10月12日', '2025년 10월 12일')."""
    with_year = today is None or date.year != today.year
    return _writing(language).day(date, with_year)


def day_of_month(n: int, language: Language = Language.EN) -> str:
    """A monthly day as a sentence names it after 'the': '25th', '25', '25号', '25號', '25일'."""
    return _writing(language).day_of_month(n)


def weekday_day(
    date: dt.date, today: dt.date | None = None, language: Language = Language.EN
) -> str:
    """'Fri 27 Nov': the weekday makes a resolved "next Friday" easy to check. In the other
    languages: 'vie 27 nov', '11月27日(周五)', '11月27日(週五)', '11월 27일 (금)'."""
    writing = _writing(language)
    shown = writing.day(date, today is None or date.year != today.year)
    return writing.weekday_day.format(weekday=writing.weekdays[date.weekday()], day=shown)


def _writing(language: Language) -> Writing:
    return registry.unit(language).writing
