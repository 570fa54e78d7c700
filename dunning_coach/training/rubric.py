"""Judge one trainee reply against a role-play rubric: which criteria it meets or breaks.

Criteria are data (playbook.yml). A `says` criterion lists cues: words that must all appear in
one sentence, in any order, each with alternatives ("cheque/check"), stems ("verif*") and room
for typos (rapidfuzz). Dates and amounts for `commits` come from the NLU pipeline's entities
and from the same date reader the promise form uses, so "by Friday the 27th" and "in two weeks"
count as days. This judges what was asked for, not an exact phrase.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from dunning_coach.common import dates
from dunning_coach.common.playbook import Criterion

JUDGED_CHARS = 1200  # a spoken reply; the rest of a pasted essay is not read
# rapidfuzz ratio for a misspelt word: one letter missing or extra in a short word ("numbr"),
# one wrong letter only from seven letters on ("where" is not "there").
TYPO_SCORE, LONG_TYPO_SCORE, LONG_WORD = 85.0, 80.0, 7
MAX_GAP = 2  # words allowed between two words of a phrase to avoid ("no real rush")
FUZZY_FROM = 5  # shorter words must match exactly: "date" and "data" are different words

_SENTENCE = re.compile(r"[.!?;\n]+")
_TOKEN = re.compile(r"[a-z0-9#]+")
_PLACEHOLDER = re.compile(r"^\{(\w+)\}$")
_NAME_STOPWORDS = {"the", "and", "of", "finance", "accounts"}  # "Ada Park (finance)" -> ada, park
# A sum of money: a currency sign or word, thousands, "2k", or three digits and more.
_MONEY = re.compile(
    r"[€$£]\s?\d[\d,.]*(?:\s?k\b)?|\b\d[\d,.]*\s?(?:k|grand)\b"
    r"|\b\d[\d,.]*\s?(?:eur|euros?|usd|dollars?|gbp|pounds?)\b"
    r"|\b\d{1,3}(?:,\d{3})+\b|(?<![\d/.-])\b\d{3,}\b(?![/.-]\d)",
    re.IGNORECASE,
)
_WHOLE = re.compile(
    r"\b(?:in full|full amount|full payment|the full|all of it|the lot|everything|the whole"
    r"|the total|the balance|the overdue|all (?:the )?(?:money|invoices?|of the)"
    r"|half|both invoices|pay (?:it )?all|it all)\b",
    re.IGNORECASE,
)
_INVOICE_REF = re.compile(r"\b[a-z]{2,}-\d+\b", re.IGNORECASE)


@dataclass(frozen=True)
class TraineeAnswer:
    """One trainee answer, read once: its sentences as words, and any day and amount named."""

    text: str
    sentences: tuple[tuple[str, ...], ...]
    day: dt.date | None = None
    amount: str | None = None  # the words that named the amount

    @property
    def commits(self) -> bool:
        return self.day is not None and self.amount is not None


@dataclass(frozen=True)
class Judgement:
    met: frozenset[str]  # says/commits criteria this reply meets
    violated: frozenset[str]  # avoids criteria this reply breaks


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"n't\b", "nt", text)  # don't -> dont, can't -> cant
    text = re.sub(r"'(?:s|ll|re|ve|d|m)\b", " ", text)
    return _TOKEN.findall(text)


def _amount(text: str, entities: Sequence[Mapping[str, Any]]) -> str | None:
    for found in entities:
        if found.get("entity") == "amount" and found.get("value") not in (None, ""):
            return str(found.get("text") or found["value"])
    for pattern in (_MONEY, _WHOLE, _INVOICE_REF):
        match = pattern.search(text)
        if match:
            return match[0].strip().rstrip(",.")
    return None


def _day(text: str, entities: Sequence[Mapping[str, Any]], today: dt.date) -> dt.date | None:
    day = dates.resolve(text, today)
    if day is not None:
        return day
    for found in entities:
        if found.get("entity") == "date":
            day = dates.resolve(str(found.get("text") or found.get("value") or ""), today)
            if day is not None:
                return day
    return None


def read(text: str, entities: Sequence[Mapping[str, Any]], today: dt.date) -> TraineeAnswer:
    text = (text or "")[:JUDGED_CHARS]
    raw = [s for s in _SENTENCE.split(text) if s.strip()]
    # The day said with the amount is the day of the payment; else any day and amount said.
    day, amount = next(
        (here for here in ((_day(s, (), today), _amount(s, ())) for s in raw) if all(here)),
        (None, None),
    )
    if day is None:
        day, amount = _day(text, entities, today), _amount(text, entities)
    return TraineeAnswer(
        text=text, sentences=tuple(tuple(w) for w in map(words, raw) if w), day=day, amount=amount
    )


def _alternatives(group: str, values: Mapping[str, str]) -> list[str]:
    alternatives = []
    for alt in group.split("/"):
        placeholder = _PLACEHOLDER.match(alt)
        if placeholder:  # a name or number from the role-play customer, when it has one
            alternatives += [
                w
                for w in words(values.get(placeholder[1]) or "")
                if len(w) >= 2 and w not in _NAME_STOPWORDS
            ]
        else:
            alternatives.append(alt.lower())
    return alternatives


def _word_in(alternative: str, sentence: tuple[str, ...], vocabulary: frozenset[str]) -> bool:
    if alternative.endswith("*"):
        stem = alternative[:-1]
        if any(w.startswith(stem) for w in sentence):
            return True
        return len(stem) >= FUZZY_FROM and any(
            len(w) >= len(stem) and fuzz.ratio(w[: len(stem)], stem) >= _typo_score(stem)
            for w in sentence
        )
    if alternative in vocabulary:
        return True
    return (
        len(alternative) >= FUZZY_FROM
        and process.extractOne(
            alternative, sentence, scorer=fuzz.ratio, score_cutoff=_typo_score(alternative)
        )
        is not None
    )


def _typo_score(word: str) -> float:
    return LONG_TYPO_SCORE if len(word) >= LONG_WORD else TYPO_SCORE


def _in_order(groups: list[list[str]], sentence: tuple[str, ...]) -> bool:
    """Each group's word follows the previous one's within MAX_GAP words."""

    def at(position: int, rest: list[list[str]]) -> bool:
        if not rest:
            return True
        window = sentence[position : position + MAX_GAP + 1]
        return any(
            _word_in(alt, (word,), frozenset((word,))) and at(position + offset + 1, rest[1:])
            for offset, word in enumerate(window)
            for alt in rest[0]
        )

    return any(at(start, groups) for start in range(len(sentence)))


def cue_in(
    cue: str, reply: TraineeAnswer, values: Mapping[str, str], ordered: bool = False
) -> bool:
    """Whether every word group of `cue` is in one sentence of the reply; `ordered` asks for
    them in the cue's order, close together (a set phrase like "pay when you can")."""
    groups = [_alternatives(group, values) for group in cue.split()]
    if not groups or not all(groups):
        return False  # e.g. {approver} for a customer with no approver on file
    for sentence in reply.sentences:
        if ordered:
            if _in_order(groups, sentence):
                return True
            continue
        vocabulary = frozenset(sentence)
        if all(any(_word_in(alt, sentence, vocabulary) for alt in group) for group in groups):
            return True
    return False


def says_any(
    cues: Iterable[str], reply: TraineeAnswer, values: Mapping[str, str], ordered: bool = False
) -> bool:
    return any(cue_in(cue, reply, values, ordered) for cue in cues)


def judge(
    reply: TraineeAnswer, criteria: Sequence[Criterion], values: Mapping[str, str]
) -> Judgement:
    met, violated = set(), set()
    for criterion in criteria:
        if (criterion.check == "says" and says_any(criterion.cues, reply, values)) or (
            criterion.check == "commits" and reply.commits
        ):
            met.add(criterion.id)
        elif criterion.check == "avoids" and says_any(criterion.cues, reply, values, ordered=True):
            violated.add(criterion.id)
    return Judgement(frozenset(met), frozenset(violated))


def round_met(
    criteria: Sequence[Criterion], met: Iterable[str], violated: Iterable[str]
) -> frozenset[str]:
    """Criteria met over a whole round. An `avoids` criterion counts once the trainee has met
    something else and has never broken it: saying nothing earns no points for politeness."""
    met, violated = frozenset(met), frozenset(violated)
    positive = {c.id for c in criteria if c.check != "avoids"} & met
    avoided = {c.id for c in criteria if c.check == "avoids" and c.id not in violated}
    return frozenset(positive | (avoided if positive else set()))


def score(criteria: Sequence[Criterion], met: Iterable[str]) -> int:
    """Points out of 100: the weight of the criteria met over the weight of them all."""
    total = sum(c.weight for c in criteria)
    met = frozenset(met)
    return round(100 * sum(c.weight for c in criteria if c.id in met) / total) if total else 0


def most_important_missed(criteria: Sequence[Criterion], met: Iterable[str]) -> list[Criterion]:
    """Missed criteria, key ones first, then by weight (the playbook's order breaks ties)."""
    met = frozenset(met)
    missed = [c for c in criteria if c.id not in met]
    return sorted(missed, key=lambda c: (not c.key, -c.weight))
