"""Scoring intent predictions against a gold standard: macro-F1 and the costliest confusions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dunning_coach.common.rasa_names import EXCUSE_PREFIX, SIGN_PREFIX


@dataclass(frozen=True)
class IntentScores:
    accuracy: float
    macro_f1: float
    per_intent_f1: dict[str, float]
    confusions: list[tuple[str, str, int]]  # (gold, predicted, count), most frequent first


def score(gold: Sequence[str], predicted: Sequence[str]) -> IntentScores:
    """Macro-F1 over the gold intents; a prediction outside them (e.g. nlu_fallback) is a miss."""
    if len(gold) != len(predicted) or not gold:
        raise ValueError("need as many predictions as gold labels, and at least one")
    per_intent = {}
    for intent in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, predicted) if g == intent and p == intent)
        fp = sum(1 for g, p in zip(gold, predicted) if g != intent and p == intent)
        fn = sum(1 for g, p in zip(gold, predicted) if g == intent and p != intent)
        per_intent[intent] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    wrong = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    return IntentScores(
        accuracy=sum(1 for g, p in zip(gold, predicted) if g == p) / len(gold),
        macro_f1=sum(per_intent.values()) / len(per_intent),
        per_intent_f1=per_intent,
        confusions=[(g, p, n) for (g, p), n in wrong.most_common()],
    )


def family(intent: str) -> str:
    """An intent's family: the excuses, the warning signs, or everything else a rep asks."""
    if intent.startswith(EXCUSE_PREFIX):
        return "excuses"
    if intent.startswith(SIGN_PREFIX):
        return "warning signs"
    return "requests and conversation"


def accuracy_by_family(
    gold: Sequence[str], predicted: Sequence[str]
) -> dict[str, tuple[int, float]]:
    """Per family of the gold intent: (examples, share predicted right)."""
    found: dict[str, list[bool]] = {}
    for g, p in zip(gold, predicted, strict=True):
        found.setdefault(family(g), []).append(g == p)
    return {name: (len(hits), sum(hits) / len(hits)) for name, hits in sorted(found.items())}
