"""Amounts as reps write them in each language: "1,500.50", "1.500,50 €", "5千", "3万", "3만원",
"1.5k", "5 mil".

- English, Chinese and Korean group thousands with "," and mark decimals with "."; Spanish the
  other way round. With both marks ("1.500,50", "1,500.50") the last one is the decimal mark, in
  any language: never 150050.
- One mark followed by one or two digits is a decimal mark ("12,5", "12.50").
- One mark followed by exactly three digits is the language's thousands mark ("1,500" in English).
  Written the other way ("1.500" in Spanish, where reps also write "1.500" for 1.5 copied from an
  English invoice, or "1.500" in English) it is ambiguous: both readings are returned, and the rep
  is asked, never guessed for.
- A multiplier may follow: k, mil, 百 백 (100), 千 천 (1,000), 万 萬 만 (10,000), 亿 億 억 (10^8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dunning_coach.language import registry
from dunning_coach.language.languages import Language


@dataclass(frozen=True)
class Ambiguous:
    """An amount that reads two ways, in cents: ask which."""

    written: str
    readings: tuple[int, int]


_MULTIPLIERS = registry.multipliers()  # every language's, read in any message
_NUMBER = re.compile(
    # Not inside a word or a reference ("INV-1007"); Chinese and Korean may run straight on.
    r"(?<![A-Za-z0-9.,\-])(\d+(?:[.,]\d+)*)\s*("
    + "|".join(sorted(_MULTIPLIERS, key=len, reverse=True))
    + r")?(?![\d])",
    re.IGNORECASE,
)


def amount_cents(text: str, language: Language) -> int | Ambiguous | None:
    """The first amount in `text`, in cents; both readings when it is ambiguous; None if none."""
    match = _NUMBER.search(text)
    if not match:
        return None
    multiplier = _MULTIPLIERS.get((match[2] or "").lower(), 1)
    # A Latin word multiplier must stand alone: "5 mil" and "5k", not "5 miles".
    if match[2] and match[2].isascii() and re.match(r"\w", text[match.end() : match.end() + 1]):
        multiplier = 1
    readings = _readings(match[1], language)
    if readings is None:
        return None
    cents = tuple(int(value * multiplier * 100) for value in readings)
    if len(cents) == 2 and cents[0] != cents[1]:
        return Ambiguous(match[0].strip(), (cents[0], cents[1]))
    return cents[0]


def _readings(number: str, language: Language) -> tuple[Decimal, ...] | None:
    unit = registry.unit(language)
    grouping = unit.writing.thousands_mark
    marks = [ch for ch in number if ch in ".,"]
    try:
        if not marks:
            return (Decimal(number),)
        if len(set(marks)) == 2:  # both: the last is the decimal mark
            decimal = marks[-1]
            return (_as_decimal(number, decimal),)
        mark = marks[0]
        if len(marks) > 1:  # "1.500.000": only thousands repeat
            return (Decimal(number.replace(mark, "")),)
        digits_after = len(number) - number.index(mark) - 1
        if digits_after == 3:
            thousands = Decimal(number.replace(mark, ""))
            if mark == grouping and unit.grouping_is_sure:
                return (thousands,)
            return (thousands, _as_decimal(number, mark))
        return (_as_decimal(number, mark),)
    except InvalidOperation:
        return None


def _as_decimal(number: str, decimal: str) -> Decimal:
    grouping = "," if decimal == "." else "."
    return Decimal(number.replace(grouping, "").replace(decimal, "."))
