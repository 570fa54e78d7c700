"""One connection, two backends: the same SQL gives the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from dunning_coach.accounts import connection
from dunning_coach.accounts.connection import COPY_ROWS, SQLITE_MMAP_BYTES, UNAVAILABLE, _pyformat
from dunning_coach.accounts.store import AccountStore


def test_placeholders_become_psycopg2s_and_a_literal_percent_stays_one():
    assert _pyformat("select ? where a like '5%'", True) == "select %s where a like '5%%'"
    assert _pyformat("select '5%'", False) == "select '5%'"  # no arguments: sent as written


def test_days_between_two_iso_dates_is_whole_days(fresh_db):
    phrase = fresh_db.db.days_between("?", "?")
    (days,) = fresh_db.db.execute(f"select {phrase}", ["2026-03-01", "2026-02-27"]).fetchone()
    assert days == 2


@pytest.mark.parametrize(
    "day, days, expected",
    [
        ("2026-02-27", 2, "2026-03-01"),
        ("2024-02-28", 1, "2024-02-29"),
        ("2026-01-01", -1, "2025-12-31"),
    ],
)
def test_plus_days_is_an_iso_date_comparable_with_stored_ones(fresh_db, day, days, expected):
    phrase = fresh_db.db.plus_days("?", days)
    (found,) = fresh_db.db.execute(f"select {phrase}", [day]).fetchone()
    assert found == expected


def test_joined_puts_a_groups_values_together(fresh_db):
    fresh_db.write_import(
        {"reps": [dict(rep_id=r, name=r, role="rep", manager_id="M") for r in ("A", "B")]}
    )
    phrase = fresh_db.db.joined("rep_id", ";")
    (text,) = fresh_db.db.execute(f"select {phrase} from reps where manager_id = 'M'").fetchone()
    assert sorted(text.split(";")) == ["A", "B"]


def test_a_sum_of_cents_reads_back_as_an_int_and_a_yes_as_one(fresh_db):
    fresh_db.write_import({"reps": [dict(rep_id="R1", name="R", role="rep")]})
    fresh_db.write_import(
        {
            "customers": [
                dict(customer_id=c, name=c, rep_id="R1", demo=True, payment_terms_days=2**40)
                for c in ("C1", "C2")
            ]
        }
    )
    (total, flags) = fresh_db.db.execute(
        "select sum(payment_terms_days), sum(demo) from customers"
    ).fetchone()
    assert (total, type(total), flags) == (2**41, int, 2)


def test_rows_come_back_as_dicts_and_writes_outside_writing_are_seen(fresh_db):
    fresh_db.write_import({"reps": [dict(rep_id="R1", name="Dana", role="rep")]})
    assert [r["name"] for r in fresh_db.db.query("select name from reps")] == ["Dana"]
    assert not fresh_db.db.in_transaction


def test_a_second_writer_gives_up_after_its_wait_and_holds_nothing(fresh_db):
    # That it waits first is `test_store`'s "a write waits for another writer".
    fresh_db.write_import({"reps": [dict(rep_id="R1", name="Dana", role="rep")]})
    other = AccountStore(fresh_db.location, busy_timeout_s=0.2)
    try:
        fresh_db.db.begin_write(1.0)
        with pytest.raises(UNAVAILABLE):
            other.db.begin_write(0.2)
        assert not other.db.in_transaction
        fresh_db.db.commit()
        other.db.begin_write(1.0)  # free again
        other.db.rollback()
    finally:
        other.close()


def test_many_rows_arrive_exactly_as_written(fresh_db):
    # Past COPY_ROWS, PostgreSQL takes them through COPY: quotes, commas, line breaks, empty
    # strings and NULLs must all come through as they were.
    fresh_db.write_import({"reps": [dict(rep_id="R1", name="R", role="rep")]})
    odd = ['say "hi", then\nleave', "", None, "漢字, 한글", "back\\slash", "1,234.50"]
    customers = [
        dict(
            customer_id=f"C{n:05}",
            name=f"Customer {n}",
            rep_id="R1",
            approver=odd[n % len(odd)],
            payment_day=None if n % 3 else n % 28 + 1,
            demo=n % 2 == 0,
        )
        for n in range(COPY_ROWS + 200)
    ]
    fresh_db.write_import({"customers": customers})
    stored = {r["customer_id"]: r for r in fresh_db.rows("customers")}
    for row in customers:
        got = stored[row["customer_id"]]
        assert (got["approver"], got["payment_day"], got["demo"]) == (
            row["approver"],
            row["payment_day"],
            int(row["demo"]),
        )


def test_a_float_argument_is_a_double_on_both_backends(fresh_db):
    # Not PostgreSQL's NUMERIC: the day plan's weights multiply money in float arithmetic, as
    # on SQLite and as the score's Python twin does.
    (product,) = fresh_db.db.execute("select ? * 3", [0.1]).fetchone()
    assert product == 0.1 * 3 != 0.3


@pytest.mark.sqlite_only
def test_an_sqlite_ledger_is_read_through_a_memory_map_by_writers_and_readers(fresh_db):
    readers = AccountStore(fresh_db.location, read_only=True)
    try:
        for store in (fresh_db, readers):
            (size,) = store.db.execute("pragma mmap_size").fetchone()
            assert size == SQLITE_MMAP_BYTES
    finally:
        readers.close()


PLANNER = (
    "jit",
    "random_page_cost",
    "max_parallel_workers_per_gather",
    "default_transaction_read_only",
)


def _planner(store: AccountStore) -> dict[str, str]:
    return {name: store.db.execute(f"show {name}").fetchone()[0] for name in PLANNER}


def test_a_postgresql_session_plans_reads_for_a_shared_server_held_in_memory(fresh_db):
    """Writers and readers alike: no JIT, an index page costed near a page read in order, no
    parallel workers (the team page's charts come two at a time on two cores)."""
    if fresh_db.db.dialect != "postgresql":
        pytest.skip("PostgreSQL's planner settings")
    readers = AccountStore(fresh_db.location, read_only=True)
    try:
        ours = {"jit": "off", "random_page_cost": "1.1", "max_parallel_workers_per_gather": "0"}
        assert _planner(fresh_db) == {**ours, "default_transaction_read_only": "off"}
        assert _planner(readers) == {**ours, "default_transaction_read_only": "on"}
    finally:
        readers.close()


def test_an_operator_can_turn_the_workers_back_on_but_never_a_readers_writes(fresh_db, monkeypatch):
    if fresh_db.db.dialect != "postgresql":
        pytest.skip("PostgreSQL's session options")
    url = str(fresh_db.location)
    monkeypatch.setenv(
        "PGOPTIONS", "-c max_parallel_workers_per_gather=2 -c default_transaction_read_only=off"
    )
    connection.dispose_engine(url)  # engines are made once per URL: these read PGOPTIONS
    writer, reader = AccountStore(url), AccountStore(url, read_only=True)
    try:
        assert _planner(writer)["max_parallel_workers_per_gather"] == "2"
        assert _planner(writer)["random_page_cost"] == "1.1"
        assert _planner(reader)["default_transaction_read_only"] == "on"
    finally:
        writer.close()
        reader.close()
        connection.dispose_engine(url)
