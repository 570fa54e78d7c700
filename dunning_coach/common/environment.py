"""Settings that come from the environment, read in one place."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

DEFAULT_DB = Path("var/dunning.db")


class ConfigError(ValueError):
    """An environment variable holds a value we cannot use."""


def db_path() -> Path:
    """The account database: `DUNNING_DB`, or the demo database under var/."""
    return Path(os.environ.get("DUNNING_DB") or DEFAULT_DB)


def today() -> dt.date:
    """The business date: `DUNNING_TODAY` (YYYY-MM-DD) when set, so demos and tests are
    repeatable."""
    raw = os.environ.get("DUNNING_TODAY", "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ConfigError(f"DUNNING_TODAY must be a date as YYYY-MM-DD, got {raw!r}") from exc
