"""Copy an SQLite ledger into PostgreSQL, for a team that outgrows one machine.

`DUNNING_DB=postgresql://… python -m dunning_coach.accounts.ledger_copy var/dunning.db` (or
`make copy-ledger FROM=…`). The URL comes from the environment, never the command line, since it
may hold a password (PGPASSWORD works too). The copy is one transaction on the target: it makes
the tables from the one schema description, refuses a target that already holds rows, copies
every table from one snapshot of the source, and commits only when each table's row count on the
target equals the source's. Otherwise nothing is left behind.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from dunning_coach.accounts.schema import TABLES, Kind
from dunning_coach.accounts.sql_tables import metadata
from dunning_coach.accounts.store import AccountStore

log = logging.getLogger(__name__)

CHUNK_ROWS = 5_000


class CopyRefused(Exception):
    """The copy was not made, and the target is as it was; the message says why."""


def target_engine(url: str) -> sa.engine.Engine:
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise CopyRefused("DUNNING_DB must be a postgresql:// URL, not a path") from None
    if parsed.get_backend_name() != "postgresql":
        raise CopyRefused(
            f"the target must be a postgresql:// URL, not {parsed.get_backend_name()}://"
        )
    return sa.create_engine(parsed, future=True)


def _rows(source: AccountStore, table: str) -> Iterator[list[dict]]:
    names = [c.name for c in TABLES[table].columns]
    cursor = source.db.execute(
        f"select {', '.join(names)} from {table} order by {TABLES[table].key}"
    )
    while chunk := cursor.fetchmany(CHUNK_ROWS):
        yield [dict(zip(names, row)) for row in chunk]


def copy_ledger(source_path: Path, target: sa.engine.Engine) -> dict[str, int]:
    """Copy every account table; returns each table's row count (equal on both sides)."""
    described = metadata()
    # Opened as a writer would: a ledger from an older release gets its missing columns first.
    with AccountStore(source_path) as source:
        # One read transaction: a turn writing meanwhile lands in the source, wholly or not at
        # all in the copy, never half in it.
        source.db.execute("begin")
        counts = {
            name: source.db.execute(f"select count(*) from {name}").fetchone()[0] for name in TABLES
        }
        with target.begin() as conn:
            described.create_all(conn)
            holding = [
                name
                for name in TABLES
                if conn.execute(
                    sa.select(sa.func.count()).select_from(described.tables[name])
                ).scalar_one()
            ]
            if holding:
                raise CopyRefused(
                    f"the target already holds rows in {', '.join(holding)}: copy into an "
                    "empty database"
                )
            for name in TABLES:  # in order: a table's references are copied before it
                for chunk in _rows(source, name):
                    try:
                        conn.execute(described.tables[name].insert(), chunk)
                    except sa.exc.IntegrityError as broken:
                        # Named by the rule alone: the driver's detail quotes the rows.
                        rule = getattr(getattr(broken.orig, "diag", None), "constraint_name", "")
                        raise CopyRefused(
                            f"{name} holds rows that break a rule PostgreSQL keeps ({rule}): "
                            "an older ledger may; import its CSV files again to sort them out"
                        ) from None
                serial = [c.name for c in TABLES[name].columns if c.kind is Kind.SERIAL]
                for column in serial:
                    # Rows made after the move get keys after the copied ones.
                    conn.execute(
                        sa.text(
                            f"select setval(pg_get_serial_sequence('{name}', '{column}'), "
                            f"coalesce(max({column}), 0) + 1, false) from {name}"
                        )
                    )
            copied = {
                name: conn.execute(
                    sa.select(sa.func.count()).select_from(described.tables[name])
                ).scalar_one()
                for name in TABLES
            }
            if copied != counts:
                wrong = [n for n in TABLES if copied[n] != counts[n]]
                raise CopyRefused(
                    "row counts differ, nothing copied: "
                    + ", ".join(f"{n} {counts[n]} -> {copied[n]}" for n in wrong)
                )
        source.db.execute("rollback")
    return counts


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    url = os.environ.get("DUNNING_DB", "")
    if len(argv) != 1 or not url:
        print(
            "usage: DUNNING_DB=postgresql://… python -m dunning_coach.accounts.ledger_copy "
            "path/to/ledger.db",
            file=sys.stderr,
        )
        return 2
    source = Path(argv[0])
    if not source.is_file():
        print(f"No SQLite ledger at {source}", file=sys.stderr)
        return 2
    try:
        engine = target_engine(url)
        counts = copy_ledger(source, engine)
    except CopyRefused as refused:
        print(f"Nothing copied: {refused}.", file=sys.stderr)
        return 1
    except sa.exc.OperationalError as failed:
        # The driver's message names host and database, never the password.
        print(f"Nothing copied: cannot reach the target ({failed.orig}).", file=sys.stderr)
        return 1
    target = engine.url.render_as_string(hide_password=True)
    print(f"Copied {source} into {target}; row counts checked equal:")
    for name, count in counts.items():
        print(f"  {name}: {count:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
