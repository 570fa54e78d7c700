"""How well the answer judge agrees with answers labelled by hand, check by check.

The labelled answers (tests/roleplay/labelled/<code>.yml) were written blind: by people who saw
neither the judge nor its examples. A fixed third of them, chosen by a hash of each answer's id,
is held out: settings are chosen on the rest, and the held-out part only measures.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

import yaml

from dunning_coach.common.languages import Language
from dunning_coach.training.answer_judge import Judge, share_met

KINDS = ("strong", "partial", "weak", "trap", "off_topic")


@dataclass(frozen=True)
class LabelledAnswer:
    id: str
    language: Language
    excuse: str
    kind: str
    answer: str
    met: frozenset[str]

    @property
    def held_out(self) -> bool:
        return hashlib.sha1(self.id.encode()).digest()[0] % 3 == 0


def load(directory: Path) -> list[LabelledAnswer]:
    answers = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        language = Language(data["language"])
        for raw in data["answers"]:
            if raw["kind"] not in KINDS:
                raise ValueError(f"{path.name}: {raw['id']} has unknown kind {raw['kind']!r}")
            answers.append(
                LabelledAnswer(
                    str(raw["id"]),
                    language,
                    str(raw["excuse"]),
                    str(raw["kind"]),
                    str(raw["answer"]),
                    frozenset(raw.get("met") or ()),
                )
            )
    return answers


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


def agreement(
    answers: Iterable[LabelledAnswer], judge: Judge, checks_for: Callable[[str], Sequence[str]]
) -> Agreement:
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    by_language: dict[Language, list[bool]] = defaultdict(list)
    shares: dict[tuple[Language, str], list[float]] = defaultdict(list)
    for answer in answers:
        checks = checks_for(answer.excuse)
        findings = judge(answer.answer, answer.language, checks)
        for check in checks:
            same = findings[check].met == (check in answer.met)
            agree[check] += same
            total[check] += 1
            by_language[answer.language].append(same)
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
    )
