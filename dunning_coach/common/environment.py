"""Settings that come from the environment, read in one place."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

DEFAULT_DB = Path("var/dunning.db")
# Rasa's 5-minute default would leave a rep facing the debtor in silence; within 3 s of the
# message the turn guard has answered (this, its health check and the NLU).
DEFAULT_ACTION_TIMEOUT_S = 2.0
# The share of that wait a turn may spend waiting for another writer (1.2 s of 2 s).
TURN_WRITE_SHARE = 0.6


class ConfigError(ValueError):
    """An environment variable holds a value we cannot use."""


def db_path() -> Path:
    """The account database's file: `DUNNING_DB`, or the demo database under var/."""
    return Path(os.environ.get("DUNNING_DB") or DEFAULT_DB)


def is_postgres_url(location: object) -> bool:
    """Whether a ledger's location (DUNNING_DB) is a PostgreSQL server, not a file."""
    return isinstance(location, str) and location.startswith(("postgresql:", "postgresql+"))


def db_location() -> Path | str:
    """The account database: a `postgresql://` URL in `DUNNING_DB` as it is, else its file."""
    raw = os.environ.get("DUNNING_DB") or ""
    return raw if is_postgres_url(raw) else db_path()


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


def action_timeout_s() -> float:
    """How long Rasa waits for a custom action (`ACTION_TIMEOUT_S`, seconds). The action server
    reads it too, to leave alone a call Rasa has already given up on."""
    raw = os.environ.get("ACTION_TIMEOUT_S", "").strip()
    if not raw:
        return DEFAULT_ACTION_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value <= 300:
        raise ConfigError(f"ACTION_TIMEOUT_S must be seconds between 0 and 300, got {raw!r}")
    return value


def number(name: str, default: float, low: float, high: float) -> float:
    """A number setting: the variable `name`, or `default` when it is unset; a whole number when
    the default is one. Outside low..high, or not a number, it stops start-up with its name."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw) if isinstance(default, float) else int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ConfigError(f"{name} must be a number from {low} to {high}, got {raw!r}")
    return value


def turn_write_wait_s() -> float:
    """How long a rep's turn waits for another writer to the ledger: well inside Rasa's wait for
    the action (`action_timeout_s`), leaving the rest of the action its time. A write that waited
    longer could land after Rasa had told the rep that nothing was saved."""
    return action_timeout_s() * TURN_WRITE_SHARE
