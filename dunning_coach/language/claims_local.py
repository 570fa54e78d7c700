"""The debtor's figures as the other languages write them ("月结90天", "每月25号付款", "90일",
"el día 25", "支票号 445566", "수표 번호 445566"), read from the message's text: the entity
patterns (entity_patterns.jsonl) read English only."""

from __future__ import annotations

import re
from collections.abc import Iterable

from dunning_coach.language import registry
from dunning_coach.language.claims import Claim
from dunning_coach.language.dates_local import duration_days
from dunning_coach.language.languages import Language

# A day of the month, written so it cannot be a duration ("25号", "매월 25일", "el día 25"):
# each language's own, in its unit (language/units/).
_DAY_OF_MONTH = {
    language: re.compile(u.reading.day_of_month)
    for language, u in registry.UNITS.items()
    if u.reading is not None
}


def _either(words: Iterable[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


_READINGS = registry.readings()
_CHEQUE = re.compile(
    rf"(?:{_either(w for r in _READINGS for w in r.cheque_words)})\s*"
    rf"(?:{_either(w for r in _READINGS for w in r.number_words)}|#)?\s*[:：]?\s*(\d{{4,}})",
    re.IGNORECASE,
)
# Between CJK characters there is no word boundary: stop at Latin letters and digits instead.
_INVOICE = re.compile(r"(?<![A-Za-z0-9-])([A-Z]{2,5}-\d{2,})(?![A-Za-z0-9])")
_DURATION_WORDS = re.compile(
    rf"\d+\s*(?:{_either(w for r in _READINGS for w in r.day_units)})", re.IGNORECASE
)


def read(text: str, language: Language) -> Claim:
    """What the text claims in `language`'s own way of writing figures; empty for a language
    that reads its figures in the shared modules (English: the entity patterns)."""
    if language not in _DAY_OF_MONTH:
        return Claim()
    day, day_at = None, None
    for m in _DAY_OF_MONTH[language].finditer(text):
        number = int(next(g for g in m.groups() if g))
        if 1 <= number <= 31:
            day, day_at = number, m
            break
    duration = duration_days(text) if _DURATION_WORDS.search(text) else None
    # "매월 25일에" names a day, not 25 days: a duration read from the day's own words goes.
    if day_at is not None and duration is not None and not _duration_outside(text, day_at):
        duration = None
    cheque = _CHEQUE.search(text)
    return Claim(
        duration_days=duration,
        day_of_month=day,
        cheque_no=cheque.group(1) if cheque else None,
        invoice_nos=tuple(m.group(1) for m in _INVOICE.finditer(text)),
    )


def _duration_outside(text: str, day_at: re.Match[str]) -> bool:
    """Whether a duration is written somewhere other than the day of the month's words."""
    rest = text[: day_at.start()] + " " + text[day_at.end() :]
    return bool(_DURATION_WORDS.search(rest))


def merged(first: Claim, second: Claim) -> Claim:
    """`first`'s figures, with `second`'s where `first` has none."""
    return Claim(
        duration_days=first.duration_days or second.duration_days,
        day_of_month=first.day_of_month or second.day_of_month,
        amount_cents=first.amount_cents or second.amount_cents,
        cheque_no=first.cheque_no or second.cheque_no,
        invoice_nos=first.invoice_nos or second.invoice_nos,
    )
