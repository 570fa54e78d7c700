"""What the debtor claimed, in numbers: entity words ("90 days", "the 25th", "€1.2k") made
usable."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

_NUMBER_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    "couple": 2,
    "few": 3,
}
_UNIT_DAYS = {
    "day": 1,
    "dy": 1,
    "week": 7,
    "wk": 7,
    "fortnight": 14,
    "month": 30,
    "mth": 30,
    "mo": 30,
    "year": 365,
    "yr": 365,
}


@dataclass(frozen=True)
class Claim:
    """Figures the debtor gave with the excuse; every field is optional."""

    duration_days: int | None = None
    day_of_month: int | None = None
    amount_cents: int | None = None
    cheque_no: str | None = None
    invoice_nos: tuple[str, ...] = ()


def duration_days(words: str) -> int | None:
    """'90 days' -> 90, 'two weeks' -> 14, '3 months' -> 90, 'a fortnight' -> 14."""
    text = words.lower().replace("-", " ")
    unit = next(
        (days for name, days in _UNIT_DAYS.items() if re.search(rf"\b{name}s?\b", text)), None
    )
    if unit is None:
        return None
    number = re.search(r"\d+", text)
    if number:
        count = int(number.group())
    else:
        # "a couple of weeks": the last number word counts, not the article.
        said = [_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text) if w in _NUMBER_WORDS]
        count = said[-1] if said else 1
    return count * unit


def day_of_month(words: str) -> int | None:
    """'the 25th' -> 25; None for dates that are not a bare day of the month."""
    match = re.fullmatch(r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?", words.strip().lower())
    if match and 1 <= int(match.group(1)) <= 31:
        return int(match.group(1))
    return None


def amount_cents(words: str) -> int | None:
    """'$1,200' -> 120000, '1.5k eur' -> 150000, '300 euros' -> 30000."""
    match = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(k|grand|m)?\b", words.lower())
    if not match:
        return None
    try:
        value = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    scale = {"k": 1000, "grand": 1000, "m": 1_000_000}.get(match.group(2) or "", 1)
    return int(value * scale * 100)


def reference_number(words: str) -> str | None:
    """The identifier inside 'cheque no. 123456' or 'invoice #INV-204': '123456', 'INV-204'."""
    tokens = re.findall(r"[A-Za-z]*-?\d[\d-]*", words)
    return tokens[-1].upper().lstrip("-") if tokens else None


def from_entities(entities: Iterable[dict[str, Any]]) -> Claim:
    fields: dict[str, Any] = {}
    invoices: list[str] = []
    for entity in entities:
        kind, value = entity.get("entity"), str(entity.get("value", ""))
        if kind == "duration" and "duration_days" not in fields:
            fields["duration_days"] = duration_days(value)
        elif kind == "date" and "day_of_month" not in fields:
            fields["day_of_month"] = day_of_month(value)
        elif kind == "amount" and "amount_cents" not in fields:
            fields["amount_cents"] = amount_cents(value)
        elif kind == "cheque_no" and "cheque_no" not in fields:
            fields["cheque_no"] = reference_number(value)
        elif kind == "invoice_no" and (number := reference_number(value)):
            invoices.append(number)
    return Claim(**fields, invoice_nos=tuple(invoices))


def same_reference(a: str | None, b: str | None) -> bool:
    """Cheque and invoice numbers match on their digits: '#0042' is 'INV-42' is '42'."""
    digits_a = re.sub(r"\D", "", a or "").lstrip("0")
    digits_b = re.sub(r"\D", "", b or "").lstrip("0")
    return bool(digits_a) and digits_a == digits_b
