"""The collection settings (collection.yml): thresholds and weights, with defaults for every key."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "collection.yml"
CLASSES = ("not_yet_due", "in_collection", "doubtful", "bad", "dead")


class SettingsError(ValueError):
    """collection.yml holds a value we cannot use."""


@dataclass(frozen=True)
class Receivables:
    in_collection_from: int = 1
    doubtful_from: int = 31
    bad_from: int = 91
    dead_from: int = 181
    raise_by: int = 1
    raise_up_to: str = "bad"


@dataclass(frozen=True)
class Promises:
    grace_days: int = 2
    horizon_days: int = 120
    broken_in_a_row_to_escalate: int = 2


@dataclass(frozen=True)
class Habits:
    on_time_within_days: int = 7
    reliable_share: float = 0.8
    unreliable_share: float = 0.5
    unreliable_average_days_late: int = 30
    recent_order_days: int = 45
    long_relationship_days: int = 365


@dataclass(frozen=True)
class WarningSigns:
    reported_for_days: int = 180
    late_recent_count: int = 2
    history_invoices: int = 4
    excuse_window_days: int = 60
    excuse_min_recent: int = 3
    large_order_factor: float = 2.5


@dataclass(frozen=True)
class DayPlan:
    show: int = 8
    class_weight: Mapping[str, float] = field(
        default_factory=lambda: {"in_collection": 1.0, "doubtful": 1.5, "bad": 2.0, "dead": 0.3}
    )
    promise_due_weight: float = 1.0
    broken_promise_bonus: float = 0.25
    warning_sign_bonus: float = 0.2


@dataclass(frozen=True)
class Settings:
    habits: Habits = field(default_factory=Habits)
    receivables: Receivables = field(default_factory=Receivables)
    promises: Promises = field(default_factory=Promises)
    warning_signs: WarningSigns = field(default_factory=WarningSigns)
    day_plan: DayPlan = field(default_factory=DayPlan)


def _section(default: Any, raw: Any, name: str) -> Any:
    if raw is None:
        return default
    if not isinstance(raw, dict):
        raise SettingsError(f"{name} must be a mapping of settings")
    known = {f.name: f for f in fields(default)}
    values = {}
    for key, value in raw.items():
        if key not in known:
            raise SettingsError(f"{name}.{key} is not a setting (known: {', '.join(known)})")
        expected = type(getattr(default, key))
        if expected is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise SettingsError(f"{name}.{key} must be a {expected.__name__}, got {value!r}")
        values[key] = value
    return replace(default, **values)


def parse(data: Mapping[str, Any]) -> Settings:
    base = Settings()
    settings = Settings(
        **{f.name: _section(getattr(base, f.name), data.get(f.name), f.name) for f in fields(base)}
    )
    r = settings.receivables
    if not 1 <= r.in_collection_from < r.doubtful_from < r.bad_from < r.dead_from:
        raise SettingsError(
            "receivables thresholds must rise: in_collection_from < doubtful_from"
            " < bad_from < dead_from"
        )
    h = settings.habits
    if not 0 <= h.unreliable_share <= h.reliable_share <= 1:
        raise SettingsError(
            "habits shares must be between 0 and 1, with unreliable_share <= reliable_share"
        )
    if r.raise_up_to not in CLASSES:
        raise SettingsError(f"receivables.raise_up_to must be one of {', '.join(CLASSES)}")
    unknown = set(settings.day_plan.class_weight) - set(CLASSES)
    if unknown:
        raise SettingsError(f"day_plan.class_weight names unknown classes: {sorted(unknown)}")
    plan = settings.day_plan
    weights = [
        *plan.class_weight.values(),
        plan.promise_due_weight,
        plan.broken_promise_bonus,
        plan.warning_sign_bonus,
    ]
    # Negative weight means nothing to a rep, and the plan's search bounds a customer's worth
    # from totals only when more money and more risk never weigh less.
    if any(w < 0 for w in weights):
        raise SettingsError("day_plan weights and bonuses must not be negative")
    return settings


@lru_cache(maxsize=4)
def _load(path: Path) -> Settings:
    if not path.is_file():
        return Settings()
    with path.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle) or {})


def load() -> Settings:
    """collection.yml (or the file named by DUNNING_SETTINGS), read once per process."""
    return _load(Path(os.environ.get("DUNNING_SETTINGS") or DEFAULT_PATH))
