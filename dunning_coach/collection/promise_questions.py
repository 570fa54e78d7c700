"""What a rep asks about promises to pay: those due in a period, the broken ones, or all the
open ones ("which promises are due this week?", "who broke their promise?", "open promises")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from dunning_coach.collection.promises import PromiseStatus, State
from dunning_coach.language import periods
from dunning_coach.language.languages import Language
from dunning_coach.language.periods import Period


class Asked(str, Enum):
    DUE = "due"  # every promise for a day in the period, with its state
    BROKEN = "broken"  # broken ones, in the period if one is named
    OPEN = "open"  # every promise not yet kept or broken, whatever its day


@dataclass(frozen=True)
class PromiseQuestion:
    asked: Asked
    period: Period | None = None  # None: any day

    def matches(self, status: PromiseStatus) -> bool:
        if status.state is State.CANCELLED:
            return False
        if self.period is not None and not self.period.covers(status.promise.promised_for):
            return False
        if self.asked is Asked.BROKEN:
            return status.state is State.BROKEN
        if self.asked is Asked.OPEN:
            return status.state in (State.OPEN, State.DUE)
        return True


_BROKEN = re.compile(
    r"\b(?:broken|broke|break|missed|not\s+kept|failed|incumplid[ao]s?|no\s+cumplid[ao]s?)\b"
    r"|违约|違約|跳票|爽约|失约|没兑现|沒兌現|불이행|어긴|안\s*지킨|안\s*지켜진",
    re.IGNORECASE,
)


def read(text: str, today: dt.date, language: Language = Language.EN) -> PromiseQuestion:
    """A question with no day in it ("show promises to pay") asks for all the open ones."""
    if _BROKEN.search(text):
        return PromiseQuestion(Asked.BROKEN, periods.find(text, today, True, language))
    period = periods.find(text, today, language=language)
    return PromiseQuestion(Asked.OPEN) if period is None else PromiseQuestion(Asked.DUE, period)


def answered(question: PromiseQuestion, found: Sequence[PromiseStatus]) -> list[PromiseStatus]:
    return [s for s in found if question.matches(s)]
