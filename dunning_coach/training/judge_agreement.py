"""How well the answer judge agrees with answers labelled by hand, check by check
(labelled_answers.py), how far strong answers score above weak ones and traps, and whether the
words the judge quotes are the words the writer said met the check."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import mean

from dunning_coach.language.languages import Language
from dunning_coach.training.answer_judge import Judge, share_met
from dunning_coach.training.labelled_answers import LabelledAnswer


@dataclass(frozen=True)
class Agreement:
    overall: float
    by_check: dict[str, float]
    by_language: dict[Language, float]
    # Per language: mean share of checks met, strong answers minus traps and minus weak ones.
    strong_minus_trap: dict[Language, float]
    strong_minus_weak: dict[Language, float]
    # Per language: mean share of checks met by strong answers; equal across languages is fair.
    strong_share: dict[Language, float]
    # Of the checks the labels quote and the judge finds met too, the share whose quote holds at
    # least half of the writer's words: the feedback shows the trainee the words that met each
    # check.
    quotes_overlap: float | None = None


def agreement(
    answers: Iterable[LabelledAnswer], judge: Judge, checks_for: Callable[[str], Sequence[str]]
) -> Agreement:
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    by_language: dict[Language, list[bool]] = defaultdict(list)
    shares: dict[tuple[Language, str], list[float]] = defaultdict(list)
    overlaps: list[bool] = []
    for answer in answers:
        checks = checks_for(answer.excuse)
        findings = judge(answer.answer, answer.language, checks)
        for check in checks:
            same = findings[check].met == (check in answer.met)
            agree[check] += same
            total[check] += 1
            by_language[answer.language].append(same)
        for check, words in answer.quotes:
            if check in findings and findings[check].met:
                overlaps.append(_overlap(answer.answer, findings[check].quote, words))
        shares[(answer.language, answer.kind)].append(share_met(findings))
    languages = sorted(by_language, key=lambda language: language.value)

    def gap(language: Language, other: str) -> float:
        strong, rest = shares.get((language, "strong")), shares.get((language, other))
        return mean(strong) - mean(rest) if strong and rest else 0.0

    return Agreement(
        overall=sum(agree.values()) / max(1, sum(total.values())),
        by_check={c: agree[c] / total[c] for c in sorted(total)},
        by_language={language: mean(by_language[language]) for language in languages},
        strong_minus_trap={language: gap(language, "trap") for language in languages},
        strong_minus_weak={language: gap(language, "weak") for language in languages},
        strong_share={
            language: mean(shares[(language, "strong")])
            for language in languages
            if shares.get((language, "strong"))
        },
        quotes_overlap=mean(overlaps) if overlaps else None,
    )


def _overlap(answer: str, quoted: str | None, words: str) -> bool:
    """Whether the judge's quote holds at least half of the writer's words, counted in
    characters, wherever in the answer each of the two occurs."""
    shared = 0
    for start in _places(answer, quoted or ""):
        for theirs in _places(answer, words):
            end = min(start + len(quoted or ""), theirs + len(words))
            shared = max(shared, end - max(start, theirs))
    return bool(words) and 2 * shared >= len(words)


def _places(text: str, part: str) -> list[int]:
    found, start = [], text.find(part) if part else -1
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found
