"""The observable yes/no checks a role-play answer is judged on, read from answer_checks/<code>.yml.

Each language's file holds, for every check, its title, example clauses that meet it, clauses
that mention it but refuse it, and a tip; the words that language uses to refuse, to start a
new clause, to name a sum and to name a day; and clauses that name a sum or a day without asking
to be paid (`mentions`). The playbook's rubric says which checks judge
which criterion (`answer_checks` under each criterion).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dunning_coach.language import registry
from dunning_coach.language.languages import Language

DIRECTORY = Path(__file__).resolve().parents[2] / "answer_checks"
# Judged the other way round: their examples break them, and they are met unless broken.
CONDUCT = frozenset({"keeps_demand", "courteous", "no_apology_for_asking"})
# Met by a sum or a day said in a clause that demands payment, not by one merely mentioned.
AMOUNT_CHECK, DAY_CHECK = "names_amount", "names_date"
# A check whose examples also meet others: asking for the undisputed part to be paid separates it
# from the complaint (146 of the 158 learnt answers that ask it were labelled as separating it).
# Its examples are examples of those checks too, not counterexamples; the labelled answers still
# teach the exceptions.
IMPLIES: dict[str, tuple[str, ...]] = {"asks_undisputed_payment": ("separates_undisputed",)}
# A check met by meeting all the checks of any one of its ways: offering to put the faulty goods
# right while separating the rest from the complaint, or while asking for the rest to be paid
# now, limits the remedy to the faulty part (134 of the 137 learnt answers that do either were
# labelled as limiting it). The judge's model for the check is then not taught the words of those
# other checks as its own.
MET_BY_OTHERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "limits_remedy_to_faulty": (
        ("offers_remedy_for_faulty", "separates_undisputed"),
        ("offers_remedy_for_faulty", "asks_undisputed_payment"),
    )
}


# Digits with a currency sign (before or after: "€350", "350 €") or thousands separators read as
# a sum in any language.
# Lookarounds, not \b: a sum runs straight into Hangul or Han ("4,860유로", "4860欧元").
_ANY_SUM = (
    r"[€$£¥₩]\s?\d|\d\s?[€$£¥₩]|(?<![\d,.])\d{1,3}(?:[,.]\d{3})+(?![\d])|(?<![\d,.])\d{4,}(?![\d])"
)


def way_met(check_id: str, met: Collection[str]) -> tuple[str, ...] | None:
    """The first of `check_id`'s ways (`MET_BY_OTHERS`) whose checks are all in `met`."""
    return next((way for way in MET_BY_OTHERS.get(check_id, ()) if set(way) <= set(met)), None)


class AnswerChecksError(ValueError):
    pass


@dataclass(frozen=True)
class AnswerCheck:
    id: str
    title: str
    examples: tuple[str, ...]
    refusals: tuple[str, ...]
    tip: str


@dataclass(frozen=True)
class LanguageChecks:
    """One language's checks and the words it refuses, breaks clauses, names sums and days and
    speaks of paying with."""

    language: Language
    checks: Mapping[str, AnswerCheck]
    refusal: re.Pattern[str]
    clause_break: re.Pattern[str]
    amount: re.Pattern[str]
    day: re.Pattern[str]
    # Words that speak of paying or of what is owed: an answer that meets no other check keeps the
    # demand only where it says one ("that still has to be paid"), as small talk seldom does.
    payment: re.Pattern[str]
    # A sum or a day said without asking to be paid ("the 3,000 invoice went out on the 3rd").
    mentions: tuple[str, ...] = ()


def _strings(raw: Any, where: str, minimum: int = 1) -> tuple[str, ...]:
    if not isinstance(raw, list) or len(raw) < minimum:
        raise AnswerChecksError(f"{where} needs a list of at least {minimum} line(s)")
    if not all(isinstance(v, str) and v.strip() for v in raw):
        raise AnswerChecksError(f"{where} holds an empty or non-text line")
    return tuple(v.strip() for v in raw)


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _phrases(words: tuple[str, ...], word_start: bool) -> re.Pattern[str]:
    """Any of the phrases; with `word_start`, only where a word starts."""
    pattern = f"(?:{_alternatives(words)})"
    return re.compile(rf"\b{pattern}" if word_start else pattern, re.IGNORECASE)


def _breaks(words: tuple[str, ...], spaced: bool) -> re.Pattern[str]:
    """Where a clause ends inside a sentence: punctuation in any script, or a connective (a word
    between spaces, or in Chinese the point right before it)."""
    connective = rf"\s+(?:{_alternatives(words)})\s+" if spaced else f"(?={_alternatives(words)})"
    # A point or comma between digits belongs to a number ("3,000", "1.500").
    punctuation = r"(?<!\d)[.,](?!\d)\s*|[.,]\s+|[!?;:。！？；：，、\n]+\s*"
    return re.compile(f"{punctuation}|{connective}", re.IGNORECASE)


def _patterns(raw: tuple[str, ...], where: str, extra: str = "") -> re.Pattern[str]:
    try:
        return re.compile("|".join((*raw, *([extra] if extra else []))), re.IGNORECASE)
    except re.error as error:
        raise AnswerChecksError(f"{where}: {error}") from error


def _check(check_id: str, raw: Any, where: str) -> AnswerCheck:
    if not isinstance(raw, dict):
        raise AnswerChecksError(f"{where} must be a mapping")
    title, tip = raw.get("title"), raw.get("tip")
    if (
        not isinstance(title, str)
        or not title.strip()
        or not isinstance(tip, str)
        or not tip.strip()
    ):
        raise AnswerChecksError(f"{where} needs a title and a tip")
    return AnswerCheck(
        check_id,
        title.strip(),
        _strings(raw.get("examples"), f"{where}.examples", 3),
        _strings(raw.get("refusals"), f"{where}.refusals", 1),
        tip.strip(),
    )


def read(path: Path) -> LanguageChecks:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = path.name
    if not isinstance(data, dict):
        raise AnswerChecksError(f"{where} must be a mapping")
    try:
        language = Language(data.get("language"))
    except ValueError as error:
        raise AnswerChecksError(f"{where}: unknown language {data.get('language')!r}") from error
    if path.stem != language.value:
        raise AnswerChecksError(f"{where} says it is {language.value}")
    raw_checks = data.get("answer_checks")
    if not isinstance(raw_checks, dict) or not raw_checks:
        raise AnswerChecksError(f"{where} has no answer_checks")
    # Chinese has no spaces between words; Korean spaces words but attaches particles to them.
    words = registry.unit(language).words
    spaced, word_start = words.spaced, words.bounded
    return LanguageChecks(
        language,
        {k: _check(k, v, f"{where}.{k}") for k, v in raw_checks.items()},
        _phrases(_strings(data.get("refusal_cues"), f"{where}.refusal_cues"), word_start),
        _breaks(_strings(data.get("clause_breaks"), f"{where}.clause_breaks"), spaced),
        _patterns(
            _strings(data.get("amount_patterns"), f"{where}.amount_patterns"), where, _ANY_SUM
        ),
        _patterns(_strings(data.get("day_patterns"), f"{where}.day_patterns"), where),
        _phrases(_strings(data.get("payment_words"), f"{where}.payment_words"), word_start),
        _strings(data.get("mentions"), f"{where}.mentions", 5),
    )


def load(directory: Path = DIRECTORY) -> dict[Language, LanguageChecks]:
    """Every language's checks; each language must define the same checks."""
    book = {}
    for language in Language:
        path = directory / f"{language.value}.yml"
        if not path.exists():
            raise AnswerChecksError(f"{path.name} is missing")
        book[language] = read(path)
    reference = set(book[Language.EN].checks)
    for language, checks in book.items():
        if set(checks.checks) != reference:
            missing = sorted(reference - set(checks.checks))
            extra = sorted(set(checks.checks) - reference)
            raise AnswerChecksError(f"{language.value}: missing {missing}, unknown {extra}")
    return book


@functools.lru_cache(maxsize=1)
def book() -> Mapping[Language, LanguageChecks]:
    """Every language's checks, read once per process (titles, examples and tips for feedback)."""
    return load()
