"""The SQLAlchemy description of the tables is the store's schema: the same columns, keys,
references and indexes on SQLite as the store makes, and it builds on PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from dunning_coach.accounts.schema import TABLES
from dunning_coach.accounts.sql_tables import metadata
from dunning_coach.accounts.store import AccountStore


def _shape(path: Path) -> dict[str, object]:
    """What a ledger's tables are, as SQLite reports them (names, declared affinity, not null,
    key, references, and each index's columns, uniqueness and condition)."""
    conn = sqlite3.connect(path)
    shape: dict[str, object] = {}
    for table in TABLES:
        columns = {
            name: ("INT" in kind.upper(), bool(notnull), bool(key))
            for _, name, kind, notnull, _, key in conn.execute(f"pragma table_info({table})")
        }
        references = {
            (row[3], row[2], row[4]) for row in conn.execute(f"pragma foreign_key_list({table})")
        }
        indexes = {}
        for _, name, unique, origin, partial in conn.execute(f"pragma index_list({table})"):
            if origin != "c":  # the key's own index
                continue
            (sql,) = conn.execute(
                "select sql from sqlite_master where name = ?", (name,)
            ).fetchone()
            where = sql.lower().split(" where ", 1)[1].strip() if partial else None
            named = tuple(r[2] for r in conn.execute(f"pragma index_info({name})"))
            indexes[name] = (named, bool(unique), where)
        shape[table] = (columns, references, indexes)
    conn.close()
    return shape


def test_the_description_builds_on_sqlite_what_the_store_builds(tmp_path):
    AccountStore(tmp_path / "store.db").close()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'described.db'}")
    metadata().create_all(engine)
    engine.dispose()
    assert _shape(tmp_path / "described.db") == _shape(tmp_path / "store.db")


def test_a_serial_key_is_sqlites_rowid_and_a_tally_defaults_to_zero(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'described.db'}")
    metadata().create_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("insert into reps (rep_id, name, role) values ('R1', 'A', 'rep')"))
        conn.execute(
            sa.text("insert into customers (customer_id, name, rep_id) values ('C1', 'B', 'R1')")
        )
        conn.execute(
            sa.text(
                "insert into notes (customer_id, text, noted_on) values ('C1', 'x', '2026-11-23')"
            )
        )
        conn.execute(
            sa.text(
                "insert into invoices (invoice_no, customer_id, issued_on, due_on, amount_cents) "
                "values ('I1', 'C1', '2026-10-01', '2026-11-01', 100)"
            )
        )
        assert conn.execute(sa.text("select id = rowid from notes")).scalar_one() == 1
        assert conn.execute(sa.text("select paid_cents from invoices")).scalar_one() == 0


def test_the_description_builds_on_postgresql_with_every_index(postgres_url):
    engine = sa.create_engine(postgres_url, future=True)
    metadata().create_all(engine)
    inspected = sa.inspect(engine)
    assert set(inspected.get_table_names()) >= set(TABLES)
    for table in TABLES.values():
        names = {i["name"] for i in inspected.get_indexes(table.name)}
        expected = {table.index_name(c) for c in table.indexes}
        expected |= {table.unique_index(c) for c in table.unique}
        expected |= {p.name for p in table.partial_indexes}
        assert names == expected, table.name
        keys = inspected.get_pk_constraint(table.name)["constrained_columns"]
        assert keys == [table.key]
    with engine.begin() as conn:
        # The open-invoices index holds only open invoices, as on SQLite.
        (definition,) = conn.execute(
            sa.text("select indexdef from pg_indexes where indexname = 'invoices_open'")
        ).one()
        assert "WHERE (paid_cents < amount_cents)" in definition
        # Cents a big customer totals pass 32 bits.
        conn.execute(sa.text("insert into reps (rep_id, name, role) values ('R1', 'A', 'rep')"))
        conn.execute(
            sa.text("insert into customers (customer_id, name, rep_id) values ('C1', 'B', 'R1')")
        )
        conn.execute(
            sa.text(
                "insert into invoices (invoice_no, customer_id, issued_on, due_on, amount_cents) "
                "values ('I1', 'C1', '2026-10-01', '2026-11-01', 5000000000)"
            )
        )
        assert conn.execute(sa.text("select paid_cents from invoices")).scalar_one() == 0
    engine.dispose()
