"""The debtor's figures as the other languages write them ("月结90天", "每月25号付款", "90일",
"el día 25", "支票号 445566", "수표 번호 445566"), read from the message's text: the entity
patterns (entity_patterns.jsonl) read English only."""

from __future__ import annotations

import re

from dunning_coach.language.claims import Claim
from dunning_coach.language.dates_local import duration_days
from dunning_coach.language.languages import Language

# A day of the month, written so it cannot be a duration: "25号", "每月25日", "매월 25일",
# "25일에", "el día 25". Korean "30일" alone is more often "30 days", so it is left to those.
_DAY_OF_MONTH = {
    Language.ZH_HANS: re.compile(r"(\d{1,2})\s*(?:号|號)|(?:每月|每个月|每個月)\s*(\d{1,2})\s*日"),
    Language.ZH_HANT: re.compile(r"(\d{1,2})\s*(?:号|號)|(?:每月|每個月)\s*(\d{1,2})\s*日"),
    Language.KO: re.compile(r"(?:매월|매달)\s*(\d{1,2})\s*일|(\d{1,2})\s*일\s*(?:에|날|마다)"),
    Language.ES: re.compile(r"\bd[ií]a\s+(\d{1,2})\b|\bel\s+(\d{1,2})\b(?!\s*(?:%|€|d[ií]as?))"),
}
_CHEQUE = re.compile(
    r"(?:支票|支票号|支票號|票号|票號|수표|어음|cheque|talón|talon)\s*(?:号码|號碼|번호|n[ºo°.]*|#)?\s*[:：]?\s*(\d{4,})",
    re.IGNORECASE,
)
# Between CJK characters there is no word boundary: stop at Latin letters and digits instead.
_INVOICE = re.compile(r"(?<![A-Za-z0-9-])([A-Z]{2,5}-\d{2,})(?![A-Za-z0-9])")
_DURATION_WORDS = re.compile(r"\d+\s*(?:天|일|d[ií]as?)", re.IGNORECASE)


def read(text: str, language: Language) -> Claim:
    """What the text claims in `language`'s own way of writing figures; empty for English."""
    if language is Language.EN:
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
