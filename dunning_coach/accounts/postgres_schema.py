"""Creates what a PostgreSQL ledger lacks, once per process: the tables of the one description
(`sql_tables`), the columns and indexes later releases added to them, and the count of
customer-name changes the Rasa server polls. SQLite's twin is `AccountStore.ensure_schema`.

A ledger that has everything is only looked at: no DDL, no lock, so a server starting during an
import does not queue behind it. Otherwise the work is one transaction under an advisory lock
(two servers starting at once: one creates, the other then finds it done), bounded by a lock
timeout.
"""

from __future__ import annotations

import logging
import threading

import sqlalchemy as sa

from dunning_coach.accounts.connection import driver_errors
from dunning_coach.accounts.schema import TABLES, Kind
from dunning_coach.accounts.sql_tables import metadata

logger = logging.getLogger(__name__)

_SCHEMA_LOCK = 27_000_002
OLDEST_SERVER = 140_000  # CREATE OR REPLACE TRIGGER came with PostgreSQL 14


class ServerTooOld(RuntimeError):
    """The PostgreSQL server is older than the ledger needs."""


_LOCK_WAIT = "5s"

_TRIGGERS = ("customer_names_added", "customer_names_renamed")
_RETIRED = {name for t in TABLES.values() for name in t.retired_indexes}
_NAMES_CHANGED_SQL = (
    "create table if not exists customer_names_version "
    "(id integer primary key check (id = 1), version bigint not null)",
    # Counted from a random start: a ledger made again under the same URL never repeats the
    # count a process cached its names at.
    "insert into customer_names_version (id, version) "
    "values (1, floor(random() * 1000000000000)) on conflict do nothing",
    "create or replace function customer_names_bump() returns trigger language plpgsql as "
    "$$ begin update customer_names_version set version = version + 1; return null; end $$",
    # For each row: an import's upsert is an INSERT statement even where it only updates.
    "create or replace trigger customer_names_added after insert or delete on customers "
    "for each row execute function customer_names_bump()",
    "create or replace trigger customer_names_renamed after update of name, aliases "
    "on customers for each row when (old.name is distinct from new.name "
    "or old.aliases is distinct from new.aliases) execute function customer_names_bump()",
)

# What each invoice was paid (`invoices.paid_cents`), for every invoice at once: the payments
# totalled in one pass, and only the invoices whose total moved written (a subquery per invoice
# took seconds at 1M). The store runs it after a big import; a ledger gaining the column, here.
PAID_TOTALS_SQL = (
    "update invoices set paid_cents = 0 where paid_cents <> 0 and not exists "
    "(select 1 from payments p where p.invoice_no = invoices.invoice_no)",
    "update invoices set paid_cents = s.total from (select invoice_no, "
    "sum(amount_cents) as total from payments where invoice_no is not null "
    "group by invoice_no) s where invoices.invoice_no = s.invoice_no "
    "and invoices.paid_cents <> s.total",
)

_ready: set[str] = set()
_ready_lock = threading.Lock()
_warned: set[str] = set()


def ensure(url: str) -> None:
    """The ledger at `url` as this release reads and writes it."""
    with _ready_lock:
        if url in _ready:
            return
    # A connection of its own, not the turns' pool: this one must run as a transaction.
    engine = sa.create_engine(url, future=True, poolclass=sa.pool.NullPool)
    try:
        driver_errors(lambda: _ensure(engine))
    finally:
        engine.dispose()
    with _ready_lock:
        _ready.add(url)


def _present(conn: sa.engine.Connection) -> tuple[set[tuple[str, str]], set[str], set[str]]:
    columns = {
        (t, c)
        for t, c in conn.execute(
            sa.text(
                "select table_name, column_name from information_schema.columns "
                "where table_schema = current_schema()"
            )
        )
    }
    indexes = set(
        conn.execute(
            sa.text("select indexname from pg_indexes where schemaname = current_schema()")
        ).scalars()
    )
    triggers = set(conn.execute(sa.text("select tgname from pg_trigger")).scalars())
    return columns, indexes, triggers


def _complete(conn: sa.engine.Connection) -> bool:
    columns, indexes, triggers = _present(conn)
    described_indexes = {i.name for t in metadata().tables.values() for i in t.indexes}
    return (
        all((t.name, c.name) in columns for t in TABLES.values() for c in t.columns)
        and ("customer_names_version", "version") in columns
        and described_indexes - _warned <= indexes
        and not indexes & _RETIRED
        and set(_TRIGGERS) <= triggers
    )


def _ensure(engine: sa.engine.Engine) -> None:
    with engine.connect() as conn:
        version = int(conn.execute(sa.text("show server_version_num")).scalar_one())
        if version < OLDEST_SERVER:
            raise ServerTooOld(
                f"the ledger needs PostgreSQL {OLDEST_SERVER // 10_000} or later; "
                f"{described_url(conn)} runs {version // 10_000}"
            )
        if _complete(conn):
            return
    with engine.begin() as conn:
        conn.execute(sa.text(f"set local lock_timeout = '{_LOCK_WAIT}'"))
        conn.execute(sa.text("select pg_advisory_xact_lock(:lock)"), {"lock": _SCHEMA_LOCK})
        described = metadata()
        described.create_all(conn)  # the tables not there yet, with their indexes
        columns, indexes, _ = _present(conn)
        added = []
        for table in TABLES.values():
            for column in table.columns:
                if (table.name, column.name) in columns:
                    continue
                # Columns added by later releases; old rows read them as empty (a tally, 0).
                made = described.tables[table.name].c[column.name]
                kind = made.type.compile(dialect=conn.dialect)
                default = " not null default 0" if column.kind is Kind.TALLY else ""
                conn.exec_driver_sql(
                    f"alter table {table.name} add column {column.name} {kind}{default}"
                )
                added.append(column.name)
        for index in (i for t in described.tables.values() for i in t.indexes):
            if index.name in indexes:
                continue
            try:
                with conn.begin_nested():
                    index.create(conn)
            except sa.exc.IntegrityError:
                # Rows from before the rule break it: the ledger still opens (logged once),
                # and the writer's lock keeps the rule from now on.
                _warned.add(str(index.name))
                logger.warning("%s: %s not made: rows break it.", described_url(conn), index.name)
        for name in _RETIRED & indexes:
            conn.exec_driver_sql(f"drop index if exists {name}")
        for statement in _NAMES_CHANGED_SQL:
            conn.exec_driver_sql(statement)
        if "paid_cents" in added:
            for statement in PAID_TOTALS_SQL:
                conn.exec_driver_sql(statement)


def described_url(conn: sa.engine.Connection) -> str:
    return conn.engine.url.render_as_string(hide_password=True)
