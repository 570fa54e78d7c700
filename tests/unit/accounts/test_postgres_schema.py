"""A PostgreSQL ledger is made, and brought up to date, by the first writer that opens it; a
reader (the Rasa server) changes nothing and can write nothing."""

from __future__ import annotations

import psycopg2
import pytest
import sqlalchemy as sa

from dunning_coach.accounts import connection, postgres_schema
from dunning_coach.accounts.connection import UNAVAILABLE
from dunning_coach.accounts.schema import TABLES
from dunning_coach.accounts.store import AccountStore


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_reader_creates_nothing_and_may_not_write(postgres_url):
    reader = AccountStore(postgres_url, read_only=True)
    with pytest.raises(psycopg2.errors.UndefinedTable):  # no tables yet, and a reader makes none
        reader.reps()
    reader.close()
    assert _tables(postgres_url) == set()
    AccountStore(postgres_url).close()  # a writer makes them
    with AccountStore(postgres_url, read_only=True) as reader:
        assert reader.reps() == []
        with pytest.raises(psycopg2.errors.ReadOnlySqlTransaction):
            reader.db.execute("insert into reps (rep_id, name, role) values ('R1', 'x', 'rep')")
    # The writers' pool is not the readers': a writer still writes.
    with AccountStore(postgres_url) as writer:
        writer.write_import({"reps": [dict(rep_id="R1", name="Dana", role="rep")]})
        assert [r.rep_id for r in writer.reps()] == ["R1"]


def test_an_older_ledger_gets_the_columns_and_indexes_this_release_added(postgres_url, monkeypatch):
    with AccountStore(postgres_url) as store:
        store.write_import(
            {
                "reps": [dict(rep_id="R1", name="Dana", role="rep")],
                "customers": [dict(customer_id="C1", name="Acme", rep_id="R1")],
                "invoices": [
                    dict(
                        invoice_no="I1",
                        customer_id="C1",
                        issued_on="2026-10-01",
                        due_on="2026-11-01",
                        amount_cents=1000,
                    )
                ],
                "payments": [
                    dict(
                        payment_id="P1",
                        customer_id="C1",
                        invoice_no="I1",
                        amount_cents=400,
                        received_on="2026-11-05",
                    )
                ],
            }
        )
        store.db.execute("drop index excuse_log_once_a_day")
        store.db.execute("alter table invoices drop column paid_cents")  # drops its index too
    monkeypatch.setattr(postgres_schema, "_ready", set())  # a new process
    with AccountStore(postgres_url) as store:
        names = {r["indexname"] for r in store.db.query("select indexname from pg_indexes")}
        assert {"excuse_log_once_a_day", "invoices_open"} <= names
        assert store.rows("invoices")[0]["paid_cents"] == 400  # totalled when added


def test_an_older_ledger_whose_rows_break_a_new_rule_still_opens(postgres_url, monkeypatch):
    with AccountStore(postgres_url) as store:
        store.write_import({"reps": [dict(rep_id="R1", name="Dana", role="rep")]})
        store.db.execute("drop index excuse_log_once_a_day_without_customer")
        for _ in range(2):
            store.db.execute(
                "insert into excuse_log (rep_id, intent, logged_on, logged_at) "
                "values ('R1', 'excuse_money_tight', '2026-11-20', '2026-11-20T09:00:00')"
            )
    monkeypatch.setattr(postgres_schema, "_ready", set())
    with AccountStore(postgres_url) as store:
        assert len(store.excuse_log()) == 2


def test_a_ledger_server_that_cannot_be_reached_is_the_drivers_error(unused_port_url):
    with pytest.raises(UNAVAILABLE):
        AccountStore(unused_port_url)
    with pytest.raises(UNAVAILABLE):
        AccountStore(unused_port_url, read_only=True)


@pytest.fixture
def unused_port_url():
    from tests.harness import free_port

    url = f"postgresql://rasa@127.0.0.1:{free_port()}/nowhere"
    yield url
    connection.dispose_engine(url)


def test_every_described_table_is_made(postgres_url):
    AccountStore(postgres_url).close()
    assert set(TABLES) | {"customer_names_version"} == _tables(postgres_url)


def test_a_server_older_than_the_ledger_needs_is_named_and_left_alone(postgres_url, monkeypatch):
    monkeypatch.setattr(postgres_schema, "OLDEST_SERVER", 990_000)
    with pytest.raises(postgres_schema.ServerTooOld, match="needs PostgreSQL 99 or later"):
        AccountStore(postgres_url)
    assert _tables(postgres_url) == set()
