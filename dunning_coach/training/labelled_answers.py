"""Trainee answers labelled by hand, check by check, and read from <code>*.yml files.

They were written blind: by people who saw neither the judge nor its examples. A third of each
file, chosen by a hash of each answer's id, is held out in tests/roleplay/labelled/ and only
measures the judge. The rest, in answer_checks/labelled/, is what the judge learns from beyond
its example clauses, and what its settings are chosen on. Those answers also quote, for each check
they meet, the words that meet it (`quotes`: sets G to J's, L's and M's by their writers, the older
sets' by readers who saw only the answers and their labels), so the judge learns from those words
rather than from the piece it finds likeliest. Where an answer breaks a conduct check (drops the
demand, insults, apologises for asking), they quote the words that break it (`breaks`: sets J's,
L's and M's by their writers, the older sets' by such readers), or none when no words do (an answer
that never asks to be paid has dropped nothing).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from dunning_coach.language.languages import Language
from dunning_coach.training.answer_checks import CONDUCT

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
    # (check, the answer's own words that meet it), for the met checks the writer quoted.
    quotes: tuple[tuple[str, str], ...] = ()
    # (conduct check, the answer's own words that break it), where the labels quote such words.
    breaks: tuple[tuple[str, str], ...] = ()

    @property
    def held_out(self) -> bool:
        """The rule that split each file: its held-out third stays out of the judge's learning."""
        return hashlib.sha1(self.id.encode()).digest()[0] % 3 == 0


def _check_own_words(path: Path, raw: dict[str, object], check: str, quote: str) -> None:
    """Refuse a quote that is not a stretch of the answer as written."""
    if not quote.strip() or quote not in str(raw["answer"]):
        raise ValueError(
            f"{path.name}: {raw['id']} quotes {check!r} with words that are not the answer's own"
        )


def load(directory: Path) -> list[LabelledAnswer]:
    answers = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        language = Language(data["language"])
        for raw in data["answers"]:
            if raw["kind"] not in KINDS:
                raise ValueError(f"{path.name}: {raw['id']} has unknown kind {raw['kind']!r}")
            met = frozenset(raw.get("met") or ())
            quotes = tuple(sorted((str(k), str(v)) for k, v in (raw.get("quotes") or {}).items()))
            breaks = tuple(sorted((str(k), str(v)) for k, v in (raw.get("breaks") or {}).items()))
            for check, quote in quotes:
                if check not in met:
                    raise ValueError(
                        f"{path.name}: {raw['id']} quotes {check!r}, which it does not meet"
                    )
                _check_own_words(path, raw, check, quote)
            for check, quote in breaks:
                if check not in CONDUCT or check in met:
                    raise ValueError(
                        f"{path.name}: {raw['id']} quotes what breaks {check!r}, which is not "
                        "a conduct check it breaks"
                    )
                _check_own_words(path, raw, check, quote)
            answers.append(
                LabelledAnswer(
                    str(raw["id"]),
                    language,
                    str(raw["excuse"]),
                    str(raw["kind"]),
                    str(raw["answer"]),
                    met,
                    quotes,
                    breaks,
                )
            )
    return answers
