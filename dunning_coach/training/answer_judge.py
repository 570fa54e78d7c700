"""Judge a trainee's answer by meaning: the observable checks it meets, quoting the words that did.

The answer is split into clauses, judged alone, with the next clause of their sentence and as
whole sentences. Each check has a small logistic model over the sentence encoder's vectors,
fitted on that check's example clauses in every language against every other check's examples
and its own refusals, so a Korean answer is judged with the Spanish examples too. A piece meets a
check when the model is sure enough, unless it refuses what it mentions ("no need for the cheque
number"). A sum or a day counts only in a piece that demands payment. Conduct checks are met
unless a piece breaks them; an answer that meets nothing else does not keep the demand.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from dunning_coach.common.languages import Language
from dunning_coach.training.answer_checks import AMOUNT_CHECK, CONDUCT, DAY_CHECK, LanguageChecks
from dunning_coach.training.rubric import JUDGED_CHARS

REFUSAL_WEIGHT = 3.0  # a check's own refusals teach it more than other checks' examples
# Checks whose examples all demand payment: a clause like them is a demand.
DEMANDS = (
    AMOUNT_CHECK,
    DAY_CHECK,
    "asks_payment_now",
    "asks_part_payment_now",
    "proposes_dated_plan",
)

Encoder = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class JudgeSettings:
    """Chosen by scripts/calibrate_answer_judge.py on the labelled answers' calibration part."""

    threshold: float = 0.6  # how sure a check's model must be that a clause meets it
    conduct_threshold: float = 0.9  # how sure, that a clause breaks a conduct check
    demand_threshold: float = 0.4  # how much a clause must read as a demand for a sum or day
    c: float = 3.0  # the models' inverse regularisation
    # A language's own `threshold`, chosen on that language's calibration answers: the models are
    # surer of some languages than others, and a trainee's score must not depend on which.
    by_language: tuple[tuple[str, float], ...] = (
        ("en", 0.6),
        ("es", 0.65),
        ("ko", 0.4),
        ("zh-Hans", 0.8),
        ("zh-Hant", 0.75),
    )

    def threshold_for(self, language: Language) -> float:
        return dict(self.by_language).get(language.value, self.threshold)


SETTINGS = JudgeSettings()


@dataclass(frozen=True)
class CheckResult:
    check: str
    met: bool
    quote: str | None = None  # the trainee's words that met it (or broke a conduct check)
    refused: bool = False  # a clause mentioned it and refused it


_QUOTES = " \t-\"'“”‘’「」"
# A sentence ends at these, in any script; a point between digits belongs to a number ("1.200").
_SENTENCE_END = re.compile(r"(?<!\d)\.|\.(?!\d)|[!?;\n。！？；]+")


def clauses(text: str, language: LanguageChecks) -> list[str]:
    parts = (p.strip(_QUOTES) for p in language.clause_break.split(text[:JUDGED_CHARS]))
    return [p for p in parts if len(p) > 1]


def candidates(text: str, language: LanguageChecks) -> list[str]:
    """The pieces an answer is judged in: its clauses, each clause with the next one in its
    sentence, and each whole sentence. A clause alone can lose what it refers to ("if it isn't
    here by Wednesday | stop it"); clauses come first, so a check met by one quotes the fewest
    words."""
    parts: list[str] = []
    pairs: list[str] = []
    sentences: list[str] = []
    for sentence in _SENTENCE_END.split(text[:JUDGED_CHARS]):
        own = clauses(sentence.strip(), language)
        parts += own
        # A pair is the trainee's own words from the first clause to the end of the second.
        spans, cursor = [], 0
        for clause in own:
            start = max(sentence.find(clause, cursor), cursor)  # always found: split from it
            cursor = start + len(clause)
            spans.append((start, cursor))
        pairs += [sentence[a[0] : b[1]] for a, b in itertools.pairwise(spans)]
        if len(own) > 2:
            sentences.append(sentence.strip(_QUOTES))
    return list(dict.fromkeys([*parts, *pairs, *sentences]))


class AnswerJudge:
    """Fitted models as one weight row per check: a clause's likelihood for every check is one
    matrix product, and the fitted judge is saved and loaded as two arrays (shared_judge.py)."""

    def __init__(
        self,
        book: Mapping[Language, LanguageChecks],
        encode: Encoder,
        settings: JudgeSettings,
        weights: np.ndarray,
        bias: np.ndarray,
    ) -> None:
        self.book = book
        self.encode = encode
        self.settings = settings
        self.ids = tuple(next(iter(book.values())).checks)
        if weights.shape[0] != len(self.ids) or bias.shape != (len(self.ids),):
            raise ValueError(
                f"fitted weights are for {weights.shape[0]} checks, not {len(self.ids)}"
            )
        self.weights, self.bias = weights, bias
        self._row = {check_id: n for n, check_id in enumerate(self.ids)}
        # A sum or a day written any language's way ("by Friday" in a Korean round).
        self._written = {
            AMOUNT_CHECK: [checks.amount for checks in book.values()],
            DAY_CHECK: [checks.day for checks in book.values()],
        }

    @classmethod
    def fit(
        cls,
        book: Mapping[Language, LanguageChecks],
        encode: Encoder,
        settings: JudgeSettings = SETTINGS,
    ) -> AnswerJudge:
        ids = tuple(next(iter(book.values())).checks)
        texts: list[str] = []
        labels: list[str] = []
        refusal_of: list[str] = []
        for checks in book.values():
            for check in checks.checks.values():
                texts += check.examples
                labels += [check.id] * len(check.examples)
                refusal_of += [""] * len(check.examples)
                texts += check.refusals
                labels += [""] * len(check.refusals)
                refusal_of += [check.id] * len(check.refusals)
        vectors = encode(texts)
        label_array, refusal_array = np.array(labels), np.array(refusal_of)
        weights, bias = [], []
        for check_id in ids:
            sample_weights = np.where(refusal_array == check_id, REFUSAL_WEIGHT, 1.0)
            model = LogisticRegression(C=settings.c, class_weight="balanced", max_iter=1000)
            model.fit(vectors, label_array == check_id, sample_weights)
            weights.append(model.coef_[0])
            bias.append(model.intercept_[0])
        return cls(
            book, encode, settings, np.array(weights, np.float32), np.array(bias, np.float32)
        )

    def with_thresholds(
        self,
        threshold: float,
        conduct_threshold: float,
        demand_threshold: float,
        by_language: tuple[tuple[str, float], ...] = (),
    ) -> AnswerJudge:
        """The same fitted models with other thresholds (fitting depends on `c` only)."""
        judge = copy.copy(self)
        judge.settings = dataclasses.replace(
            self.settings,
            threshold=threshold,
            conduct_threshold=conduct_threshold,
            demand_threshold=demand_threshold,
            by_language=by_language,
        )
        return judge

    def _likelihoods(self, vectors: np.ndarray, ids: Sequence[str]) -> dict[str, np.ndarray]:
        rows = [self._row[i] for i in ids]
        logits = vectors @ self.weights[rows].T + self.bias[rows]
        sure = 1.0 / (1.0 + np.exp(-logits))
        return {i: sure[:, n] for n, i in enumerate(ids)}

    def judge(
        self, answer: str, language: Language, check_ids: Sequence[str]
    ) -> dict[str, CheckResult]:
        """A finding for each of `check_ids`, in that order."""
        words = self.book[language]
        parts = candidates(answer or "", words)
        unknown = [i for i in check_ids if i not in self._row]
        if unknown:
            raise KeyError(f"unknown answer checks: {unknown}")
        if not parts:
            return {i: CheckResult(i, False) for i in check_ids}
        vectors = self.encode(parts)
        wanted = list(dict.fromkeys((*check_ids, *DEMANDS)))
        sure = self._likelihoods(vectors, wanted)
        refused = [bool(words.refusal.search(p)) for p in parts]
        demand = np.max([sure[i] for i in DEMANDS], axis=0)
        findings: dict[str, CheckResult] = {}
        for check_id in check_ids:
            if check_id in CONDUCT:
                hits = sure[check_id] >= self.settings.conduct_threshold
                broken = [p for p, hit in zip(parts, hits) if hit]
                findings[check_id] = CheckResult(
                    check_id, not broken, broken[0] if broken else None
                )
                continue
            if check_id in self._written:
                patterns = self._written[check_id]
                hits = np.array([any(x.search(p) for x in patterns) for p in parts]) & (
                    demand >= self.settings.demand_threshold
                )
            else:
                hits = sure[check_id] >= self.settings.threshold_for(language)
            meeting = [p for p, hit, no in zip(parts, hits, refused) if hit and not no]
            refusing = [p for p, hit, no in zip(parts, hits, refused) if hit and no]
            findings[check_id] = CheckResult(
                check_id,
                bool(meeting),
                meeting[0] if meeting else (refusing[0] if refusing else None),
                bool(refusing) and not meeting,
            )
        met_other = any(f.met for i, f in findings.items() if i not in CONDUCT)
        # Off topic is not keeping the demand on the table (nothing to quote). Refusing what it
        # mentions drops it (the refusal is quoted): the blind labels read "no need for the
        # number" so, and the rule agrees with them better than the model alone (0.914 to 0.907).
        keeps = findings.get("keeps_demand")
        if keeps is not None and keeps.met and (not met_other or any(refused)):
            quote = next((p for p, no in zip(parts, refused) if no), None)
            findings["keeps_demand"] = CheckResult("keeps_demand", False, quote)
        return findings


# A judge as role-play and the agreement measure call it: each check's finding for one answer.
Judge = Callable[[str, Language, Sequence[str]], Mapping[str, CheckResult]]


def share_met(findings: Mapping[str, CheckResult]) -> float:
    """Partial credit: the share of checks met."""
    return sum(f.met for f in findings.values()) / len(findings) if findings else 0.0
