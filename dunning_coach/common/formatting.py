"""How figures read on a phone screen: money, dates, ordinals."""

from __future__ import annotations

import datetime as dt

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def money(cents: int, currency: str = "EUR") -> str:
    """12345678, 'EUR' -> '€123,456.78'; unknown currencies keep their code: 'CHF 1,000.00'."""
    amount = f"{cents / 100:,.2f}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount}" if symbol else f"{currency} {amount}"


def day(date: dt.date, today: dt.date | None = None) -> str:
    """'12 Oct', with the year when it is not this year's: '12 Oct 2025'."""
    text = f"{date.day} {date:%b}"
    return text if today is not None and date.year == today.year else f"{text} {date.year}"


def weekday_day(date: dt.date, today: dt.date | None = None) -> str:
    """'Fri 27 Nov': the weekday makes a resolved "next Friday" easy to check."""
    return f"{date:%a} {day(date, today)}"


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
