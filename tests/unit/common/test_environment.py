"""common/environment.py: the database path and the business date from the environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dunning_coach.common import environment


def test_the_database_defaults_to_the_demo_one_under_var(monkeypatch):
    monkeypatch.delenv("DUNNING_DB", raising=False)
    assert environment.db_path() == Path("var/dunning.db")
    monkeypatch.setenv("DUNNING_DB", "/data/ar.db")
    assert environment.db_path() == Path("/data/ar.db")


def test_a_postgresql_url_is_the_ledgers_location_as_it_is(monkeypatch):
    url = "postgresql://ar@db.example/ledger"
    monkeypatch.setenv("DUNNING_DB", url)
    assert environment.db_location() == url and environment.is_postgres_url(url)
    monkeypatch.setenv("DUNNING_DB", "/data/ar.db")
    assert environment.db_location() == Path("/data/ar.db")
    assert not environment.is_postgres_url("/data/postgresql:ar.db")


def test_today_is_the_real_date_unless_pinned(monkeypatch):
    monkeypatch.delenv("DUNNING_TODAY", raising=False)
    assert environment.today() == dt.date.today()
    monkeypatch.setenv("DUNNING_TODAY", " 2026-11-23 ")
    assert environment.today() == dt.date(2026, 11, 23)


def test_a_bad_pinned_date_names_the_variable(monkeypatch):
    monkeypatch.setenv("DUNNING_TODAY", "23/11/2026")
    with pytest.raises(environment.ConfigError, match="DUNNING_TODAY must be a date"):
        environment.today()


def test_the_action_timeout_defaults_to_two_seconds_and_bad_values_are_named(monkeypatch):
    monkeypatch.delenv("ACTION_TIMEOUT_S", raising=False)
    assert environment.action_timeout_s() == environment.DEFAULT_ACTION_TIMEOUT_S == 2.0
    monkeypatch.setenv("ACTION_TIMEOUT_S", "1.5")
    assert environment.action_timeout_s() == 1.5
    for bad in ("soon", "0", "-1", "301"):
        monkeypatch.setenv("ACTION_TIMEOUT_S", bad)
        with pytest.raises(environment.ConfigError, match="ACTION_TIMEOUT_S must be seconds"):
            environment.action_timeout_s()


def test_a_turn_waits_for_the_ledger_a_share_of_the_action_timeout(monkeypatch):
    monkeypatch.setenv("ACTION_TIMEOUT_S", "2")
    assert environment.turn_write_wait_s() == pytest.approx(1.2)


def test_a_number_setting_is_its_default_or_stops_start_up_with_its_name(monkeypatch):
    monkeypatch.delenv("SOME_LIMIT", raising=False)
    assert environment.number("SOME_LIMIT", 4, 1, 10) == 4
    monkeypatch.setenv("SOME_LIMIT", "7")
    assert environment.number("SOME_LIMIT", 4, 1, 10) == 7
    for wrong in ("0", "11", "2.5", "many"):
        monkeypatch.setenv("SOME_LIMIT", wrong)
        with pytest.raises(environment.ConfigError, match="SOME_LIMIT must be a number"):
            environment.number("SOME_LIMIT", 4, 1, 10)
