"""One open ledger per server thread, for the action server's turns (issue 27).

Opening the ledger for every action call (connecting, the WAL and foreign-key pragmas, checking
the schema) was about 15% of the action server's time. A server now keeps one connection per
thread and hands it to turn after turn. It opens the ledger again when the path changes, when the
file at that path is another one (a demo ledger rebuilt under a running server: the file still
held open keeps its inode, so a new file has another), and after a turn that failed, so that no
half-done state reaches the next turn. Out of a transaction a SQLite connection reads the latest
committed data, so what an import or another server wrote is seen at the next turn.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dunning_coach.accounts.connection import file_identity
from dunning_coach.accounts.store import AccountStore
from dunning_coach.common import environment


@dataclass(frozen=True)
class _Held:
    store: AccountStore
    path: Path | str
    file: tuple[int, int] | None
    busy_timeout_s: float


_local = threading.local()


def _drop() -> None:
    held: _Held | None = getattr(_local, "held", None)
    _local.held = None
    if held is not None:
        with contextlib.suppress(Exception):
            held.store.close()


@contextlib.contextmanager
def turn_store(busy_timeout_s: float) -> Iterator[AccountStore]:
    """The ledger (`DUNNING_DB`) for one turn of this thread, open already when it can be."""
    path = environment.db_location()
    held: _Held | None = getattr(_local, "held", None)
    if (
        held is None
        or (held.path, held.busy_timeout_s) != (path, busy_timeout_s)
        or held.file != file_identity(path)
    ):
        _drop()
        store = AccountStore(path, busy_timeout_s=busy_timeout_s)
        held = _Held(store, path, file_identity(path), busy_timeout_s)
        _local.held = held
    try:
        yield held.store
    except BaseException:
        _drop()
        raise
    if held.store.db.in_transaction:  # a turn must never leave one open for the next
        _drop()


def close() -> None:
    """Close this thread's ledger (tests, and a server shutting down)."""
    _drop()
