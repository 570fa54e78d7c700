"""Every test here that takes `fresh_db` runs on both backends: an SQLite file and a PostgreSQL
database (the run's throwaway server), each fresh for the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dunning_coach.accounts.store import AccountStore
from tests.conftest import BACKENDS, store_on_backend


@pytest.fixture(params=BACKENDS)
def fresh_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AccountStore]:
    yield from store_on_backend(request, tmp_path)
