"""What the contract tests of our two policies share: the project's domain, a policy built the
way Rasa builds it, and the action it is sure of after a list of events."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from tests.conftest import ROOT
from tests.rasa_components import Components


@lru_cache(maxsize=1)
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


def build(clazz: Any, folder: Path, config: dict[str, Any] | None = None) -> Any:
    return Components(folder).create(clazz, clazz.__name__, config)


def sure_of(policy: Any, events: list[Event]) -> str | None:
    """The action the policy predicts with certainty, or None when it leaves the turn to others."""
    tracker = DialogueStateTracker.from_events("rep", events, slots=domain().slots)
    prediction = policy.predict_action_probabilities(tracker, domain())
    certain = [i for i, p in enumerate(prediction.probabilities) if p == 1.0]
    assert len(certain) <= 1 and all(p in (0.0, 1.0) for p in prediction.probabilities)
    return domain().action_names_or_texts[certain[0]] if certain else None
