import pytest


@pytest.fixture(autouse=True)
def environment(fresh_db, monkeypatch):
    """The actions open the database and read today from the environment, as in production."""
    monkeypatch.setenv("DUNNING_DB", str(fresh_db.path))
    monkeypatch.setenv("DUNNING_TODAY", "2026-11-23")
