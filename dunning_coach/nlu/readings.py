"""Whether one message may be recorded as the classifier read it, or the rep is asked first.

A warning sign or an excuse-log row written from a misread message is a false record about a
customer: it changes the customer's class and the day's plan, and costs more than a question.
So a message read as a recording intent (excuse_*, sign_*) is recorded only when the reading is
sure: its confidence reaches `threshold`, and no other reading comes within `margin` of it.
Otherwise the rep is asked between the top two readings. Both numbers are chosen on
cross-validation of the training data (scripts/tune_recording.py) and set in config.yml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dunning_coach.common.rasa_names import EXCUSE_PREFIX, SIGN_PREFIX

RECORDING_PREFIXES = (EXCUSE_PREFIX, SIGN_PREFIX)


def records(intent: str | None) -> bool:
    """Whether answering this intent writes a record from the message (a sign, an excuse)."""
    return intent is not None and intent.startswith(RECORDING_PREFIXES)


@dataclass(frozen=True)
class Reading:
    intent: str
    confidence: float


def ranked(ranking: Iterable[Mapping[str, Any]]) -> list[Reading]:
    """Rasa's intent ranking as readings, likeliest first; the fallback is no reading."""
    readings = [
        Reading(str(r["name"]), float(r.get("confidence") or 0.0))
        for r in ranking
        if r.get("name") and r.get("name") != "nlu_fallback"
    ]
    return sorted(readings, key=lambda r: r.confidence, reverse=True)


def unsure(
    readings: Sequence[Reading], threshold: float, margin: float
) -> tuple[Reading, Reading | None] | None:
    """The two readings to ask between, or None when the message may be answered as read (its
    top reading records nothing, or is sure)."""
    if not readings or not records(readings[0].intent):
        return None
    top = readings[0]
    second = readings[1] if len(readings) > 1 else None
    close = second is not None and top.confidence - second.confidence < margin
    if top.confidence < threshold or close:
        return top, second
    return None
