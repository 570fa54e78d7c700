"""How figures read on a phone screen: money, dates, ordinals."""

from __future__ import annotations

import datetime as dt

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
    same_year = today is not None and date.year == today.year
    if language is Language.EN:
        text = f"{date.day} {date:%b}"
    elif language is Language.ES:
        text = f"{date.day} {_ES_MONTHS[date.month - 1]}"
    elif language is Language.KO:
        return ("" if same_year else f"{date.year}년 ") + f"{date.month}월 {date.day}일"
    else:
        return ("" if same_year else f"{date.year}年") + f"{date.month}月{date.day}日"
    return text if same_year else f"{text} {date.year}"


def day_of_month(n: int, language: Language = Language.EN) -> str:
    """A monthly day as a sentence names it after 'the': '25th', '25', '25号', '25號', '25일'."""
    return {
        Language.EN: ordinal(n),
        Language.ZH_HANS: f"{n}号",
        Language.ZH_HANT: f"{n}號",
        Language.KO: f"{n}일",
    }.get(language, str(n))


def weekday_day(
    date: dt.date, today: dt.date | None = None, language: Language = Language.EN
) -> str:
    """'Fri 27 Nov': the weekday makes a resolved "next Friday" easy to check. In the other
    languages: 'vie 27 nov', '11月27日(周五)', '11月27日(週五)', '11월 27일 (금)'."""
    if language is Language.EN:
        return f"{date:%a} {day(date, today)}"
    year = "" if today is not None and date.year == today.year else str(date.year)
    weekday = _WEEKDAYS[language][date.weekday()]
    if language is Language.ES:
        return f"{weekday} {date.day} {_ES_MONTHS[date.month - 1]}" + (f" {year}" if year else "")
    if language is Language.KO:
        return (f"{year}년 " if year else "") + f"{date.month}월 {date.day}일 ({weekday})"
    return (f"{year}年" if year else "") + f"{date.month}月{date.day}日({weekday})"


_WEEKDAYS = {
    Language.ES: ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
    Language.ZH_HANS: ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    Language.ZH_HANT: ("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
    Language.KO: ("월", "화", "수", "목", "금", "토", "일"),
}
_ES_MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic")


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
