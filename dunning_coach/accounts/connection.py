"""One connection to the ledger, on SQLite or on PostgreSQL: the few calls the store makes, and
the few phrases where the two dialects' SQL differs.

The store writes its SQL once, with `?` placeholders and the SQL both backends speak (CTEs,
`on conflict`, `returning`, `is [not] distinct from`, partial indexes). Values are stored alike on
both (see `sql_tables`), so rows read back alike. Each connection reads outside a transaction as
the latest committed data, and `begin_write` takes the one writer's lock, so a look then a write
inside `AccountStore.writing` sees no other writer between them on either backend.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import psycopg2
import psycopg2.extensions
import psycopg2.extras
import sqlalchemy as sa
import sqlite_utils

from dunning_coach.accounts.schema import TABLES
from dunning_coach.common.environment import is_postgres_url

# A write the ledger could not take (locked too long, unreachable, read-only): nothing was
# written. The actions tell the rep so.
UNAVAILABLE: tuple[type[Exception], ...] = (sqlite3.OperationalError, psycopg2.OperationalError)
# A write the ledger refused for breaking a rule (a key, a reference, a unique column).
REFUSED: tuple[type[Exception], ...] = (sqlite3.IntegrityError, psycopg2.IntegrityError)
# Anything the database driver raised.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg2.Error)
# A ledger that could not be read at all: no file, no server, or the driver's error.
UNREADABLE: tuple[type[Exception], ...] = (OSError, *DATABASE_ERRORS)

T = TypeVar("T")

# Every writer on a PostgreSQL ledger takes this one transaction lock first, as SQLite's
# BEGIN IMMEDIATE takes its write lock: once-a-day records are looked up and written under it.
_WRITER_LOCK = 27_000_001
COPY_ROWS = 1_000  # a PostgreSQL upsert of this many rows goes through COPY


class Connection(ABC):
    dialect: ClassVar[str]

    @abstractmethod
    def execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        """Runs one statement; the cursor, for fetchone/fetchall/iteration/rowcount."""

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def upsert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], conflict: str
    ) -> None:
        """Inserts rows of `columns` into `table`; `conflict` is the ON CONFLICT clause."""
        self.executemany(
            f"insert into {table} ({', '.join(columns)}) "
            f"values ({', '.join('?' * len(columns))}) {conflict}",
            rows,
        )

    def query(self, sql: str, args: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Each row as a dict of its columns."""
        cursor = self.execute(sql, args)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))

    @property
    @abstractmethod
    def in_transaction(self) -> bool: ...

    @abstractmethod
    def begin_write(self, wait_s: float) -> None:
        """Begins a write transaction holding the writer's lock, waiting up to `wait_s` for it
        (then raising one of UNAVAILABLE)."""

    @abstractmethod
    def commit(self) -> None:
        """Commits the transaction open, if one is: nothing to do outside one."""

    @abstractmethod
    def rollback(self) -> None: ...

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Part of the transaction already open: undone alone on an error."""
        self.execute("savepoint part")
        try:
            yield
        except BaseException:
            self.execute("rollback to savepoint part")
            self.execute("release savepoint part")
            raise
        self.execute("release savepoint part")

    @abstractmethod
    def close(self) -> None: ...

    # --- where the dialects differ ------------------------------------------------------

    @abstractmethod
    def days_between(self, later: str, earlier: str) -> str:
        """Whole days from one ISO date column or expression to another."""

    @abstractmethod
    def joined(self, expression: str, separator: str) -> str:
        """The aggregate joining a group's values of `expression` with `separator`."""

    @abstractmethod
    def plus_days(self, day: str, days: int) -> str:
        """The ISO date `days` (a whole number) after the ISO date column or expression `day`."""

    @abstractmethod
    def oldest_first(self, table: str) -> str:
        """An ORDER BY list giving a table's rows in the order they were written."""


SQLITE_MMAP_BYTES = 1 << 30  # a ledger up to 1 GiB is read through a memory map


class SqliteConnection(Connection):
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.utils = sqlite_utils.Database(conn)  # creating and migrating tables
        # An account's rows lie scattered over the file, a page each, and SQLite's own cache
        # (2 MB) keeps few: read through a memory map, a page is a memory read, not a system
        # call, and the server's connections share the pages.
        conn.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")

    def execute(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, args)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def begin_write(self, wait_s: float) -> None:
        # The busy timeout set at open bounds the wait for the lock.
        self.execute("begin immediate")

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()

    def days_between(self, later: str, earlier: str) -> str:
        return f"(julianday({later}) - julianday({earlier}))"

    def joined(self, expression: str, separator: str) -> str:
        return f"group_concat({expression}, '{separator}')"

    def plus_days(self, day: str, days: int) -> str:
        return f"date({day}, '{int(days):+d} days')"

    def oldest_first(self, table: str) -> str:
        return "rowid"


@functools.lru_cache(maxsize=512)
def _pyformat(sql: str, with_args: bool) -> str:
    # psycopg2 reads %s; a literal % is written %% only when arguments are passed.
    return sql.replace("%", "%%").replace("?", "%s") if with_args else sql


def _number(value: str | None, cursor: Any) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.lstrip("-").isdigit() else float(value)


_NUMERIC_AS_NUMBER = psycopg2.extensions.new_type(
    psycopg2.extensions.DECIMAL.values, "NUMERIC_AS_NUMBER", _number
)


class _Float8:
    """A float sent as double precision: psycopg2 writes 1.5 as a bare literal, which
    PostgreSQL reads as NUMERIC, and a day plan's weighted sums then ran in decimal arithmetic."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __conform__(self, protocol: Any) -> _Float8 | None:
        return self if protocol is psycopg2.extensions.ISQLQuote else None

    def getquoted(self) -> bytes:
        return psycopg2.extensions.Float(self.value).getquoted() + b"::float8"


def _adapted(values: Sequence[Any]) -> list[Any]:
    # Yes/no is stored as 1/0 on both backends (psycopg2 would send a Python bool as boolean),
    # and a float goes as a double.
    return [
        int(v) if isinstance(v, bool) else _Float8(v) if isinstance(v, float) else v for v in values
    ]


def _csv_cell(value: Any) -> str:
    # COPY's CSV: an unquoted nothing is NULL, so every string is quoted (an empty one stays
    # empty); yes/no as 1/0.
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return str(int(value) if isinstance(value, bool) else value)
    return '"' + str(value).replace('"', '""') + '"'


def _csv_line(values: Sequence[Any]) -> str:
    return ",".join(map(_csv_cell, values)) + "\n"


# How our sessions plan their reads. No JIT: compiling a day plan's aggregate took 170-200 ms of
# its 400-550. A ledger's pages are read from memory or an SSD, where PostgreSQL's own docs
# suggest 1.1 for a page read out of order; and no parallel workers: the reads come two or
# more at once (a page's charts, a turn's side reads), and a query's workers took the cores the
# other read needed. At 1M invoices on a two-core machine running both, the team page served
# in 1,059 ms before, 750 and 929 ms after (make bench's scale table, two runs), the manager's
# day plan in 394 before, 181 and 209 after; the overdue chart alone went 400 -> 540 ms.
# PGOPTIONS, libpq's own variable, comes after these, so an operator whose server has cores
# to spare can turn the workers back on.
SESSION_OPTIONS = "-c jit=off -c random_page_cost=1.1 -c max_parallel_workers_per_gather=0"


def session_options(read_only: bool) -> str:
    """The options our sessions start with: ours, then the operator's (PGOPTIONS), then a
    reader's refusal to write, which nothing may turn off."""
    operator = os.environ.get("PGOPTIONS", "").strip()
    return " ".join(
        part
        for part in (
            SESSION_OPTIONS,
            operator,
            "-c default_transaction_read_only=on" if read_only else "",
        )
        if part
    )


_engines: dict[tuple[str, bool], sa.engine.Engine] = {}
_engines_lock = threading.Lock()


def postgres_engine(url: str, read_only: bool = False) -> sa.engine.Engine:
    """One engine, and so one connection pool, per ledger URL in this process; the read-only
    pool's sessions refuse any write (the Rasa server's name and sign-in checks)."""
    with _engines_lock:
        engine = _engines.get((url, read_only))
        if engine is None:
            options = session_options(read_only)
            engine = sa.create_engine(
                url, future=True, pool_pre_ping=True, connect_args={"options": options}
            )
            _engines[(url, read_only)] = engine
        return engine


def driver_errors(work: Callable[[], T]) -> T:
    """`work`, with SQLAlchemy's wrapping of a driver error taken off (a server that cannot be
    reached surfaces from the pool as sqlalchemy.exc.OperationalError): callers catch
    UNAVAILABLE and UNREADABLE, the drivers' own."""
    try:
        return work()
    except sa.exc.DBAPIError as wrapped:
        if isinstance(wrapped.orig, BaseException):
            raise wrapped.orig from None
        raise


class PostgresConnection(Connection):
    dialect = "postgresql"

    def __init__(self, url: str, read_only: bool = False) -> None:
        engine = postgres_engine(url, read_only)
        self._fairy = driver_errors(engine.raw_connection)  # back to the pool on close
        self.conn: Any = self._fairy.connection
        # Out of a transaction each statement reads the latest committed data, as on SQLite.
        self.conn.autocommit = True
        if self.in_transaction:  # left open by a store dropped without closing
            self.execute("rollback")
        # A sum of whole cents is NUMERIC on PostgreSQL: read it as the int SQLite gives.
        psycopg2.extensions.register_type(_NUMERIC_AS_NUMBER, self.conn)

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        cursor = self.conn.cursor()
        cursor.execute(_pyformat(sql, bool(args)), _adapted(args) if args else None)
        return cursor

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:
            psycopg2.extras.execute_batch(
                cursor, _pyformat(sql, True), [_adapted(r) for r in rows], page_size=1000
            )

    def upsert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], conflict: str
    ) -> None:
        if len(rows) < COPY_ROWS:
            super().upsert_many(table, columns, rows, conflict)
            return
        # Many rows: COPY them into a scratch table, then one INSERT ... SELECT (a statement
        # per thousand rows took 10 of the 19 s of importing 100,000 invoices).
        names = ", ".join(columns)
        self.execute(
            f"create temp table stage on commit drop as select {names} from {table} limit 0"
        )
        text = io.StringIO("".join(map(_csv_line, rows)))
        with self.conn.cursor() as cursor:
            cursor.copy_expert(f"copy stage ({names}) from stdin with (format csv)", text)
        self.execute(f"insert into {table} ({names}) select {names} from stage {conflict}")
        self.execute("drop table stage")

    @property
    def in_transaction(self) -> bool:
        return bool(
            self.conn.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE
        )

    def begin_write(self, wait_s: float) -> None:
        self.execute("begin")
        try:
            self.execute(f"set local lock_timeout = {max(1, round(wait_s * 1000))}")
            self.execute("select pg_advisory_xact_lock(?)", [_WRITER_LOCK])
        except BaseException:
            self.rollback()
            raise

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("commit")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("rollback")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.rollback()
            # As the pool expects it back: its reset (a rollback) works only outside autocommit.
            self.conn.autocommit = False
        self._fairy.close()

    def days_between(self, later: str, earlier: str) -> str:
        return f"(cast({later} as date) - cast({earlier} as date))"

    def joined(self, expression: str, separator: str) -> str:
        return f"string_agg({expression}, '{separator}')"

    def plus_days(self, day: str, days: int) -> str:
        return f"to_char(cast({day} as date) + {int(days)}, 'YYYY-MM-DD')"

    def oldest_first(self, table: str) -> str:
        spec = TABLES[table]
        names = {c.name for c in spec.columns}
        return f"created_at, {spec.key}" if "created_at" in names else spec.key


def file_identity(location: Path | str) -> tuple[int, int] | None:
    """The ledger file's device and inode, so that a process holding it open notices a new file
    at the path (a demo ledger rebuilt); None for a server, or for no file there yet."""
    if is_postgres_url(location):
        return None
    try:
        found = os.stat(location)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def described(location: object) -> str:
    """A ledger's file or URL for a message or a log line: never a URL's password."""
    if is_postgres_url(location):
        return sa.engine.make_url(str(location)).render_as_string(hide_password=True)
    return str(location)


def dispose_engine(url: str) -> None:
    """Closes the pooled connections to one ledger (a process done with it, or a test)."""
    with _engines_lock:
        engines = [_engines.pop((url, r), None) for r in (False, True)]
    for engine in engines:
        if engine is not None:
            engine.dispose()
