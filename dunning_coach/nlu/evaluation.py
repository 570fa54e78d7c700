"""Scoring intent predictions against a gold standard: macro-F1 and the costliest confusions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


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
