"""Trainee answers labelled by hand, check by check, and read from <code>*.yml files.

They were written blind: by people who saw neither the judge nor its examples. A third of each
file, chosen by a hash of each answer's id, is held out in tests/roleplay/labelled/ and only
measures the judge. The rest, in answer_checks/labelled/, is what the judge learns from beyond
its example clauses, and what its settings are chosen on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from dunning_coach.language.languages import Language

KINDS = ("strong", "partial", "weak", "trap", "off_topic")
TRAINING = Path(__file__).resolve().parents[2] / "answer_checks" / "labelled"


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
        """The rule that split each file: its held-out third stays out of the judge's learning."""
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
