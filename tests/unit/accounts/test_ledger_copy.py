"""Moving a ledger from SQLite into PostgreSQL: every row of every table, counts checked, all or
nothing, and the URL (which may hold a password) only from the environment."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from dunning_coach.accounts import ledger_copy
from dunning_coach.accounts.ledger_copy import CopyRefused, copy_ledger, target_engine
from dunning_coach.accounts.models import RoleplayRound
from dunning_coach.accounts.schema import TABLES
from dunning_coach.accounts.store import AccountStore


@pytest.fixture
def fresh_db(tmp_path):
    """The source is an SQLite ledger, whatever the other store tests run on."""
    store = AccountStore(tmp_path / "accounts.db")
    yield store
    store.close()


@pytest.fixture
def ledger(build, rich_account):
    """Every table holds rows, serial keys included, as the chat and the importer write them."""
    store = build.store
    build.rep("M1", role="manager", name="Mia Manager", slack_id="UM1")
    build.rep("R2", manager_id="M1", language="ko")
    build.customer("C2", "R2", name="하나상사", aliases="하나;Hana")
    build.invoice("C2", issued=40, due=10, amount=2500.5)
    for text in ("사장님 부재", "second note"):
        store.add_note(customer_id="C2", rep_id="R2", text=text, noted_on=dt.date(2026, 11, 23))
    store.log_excuse(
        customer_id="C2",
        rep_id="R2",
        intent="excuse_cash_flow",
        text="돈이 없어요",
        verdict="likely",
        logged_on=dt.date(2026, 11, 23),
    )
    build.promise("C2", amount=800, due_in=3, rep_id="R2")
    build.sign("C2")
    store.add_round(
        RoleplayRound(
            round_id="RP-1",
            rep_id="R2",
            excuse="excuse_cash_flow",
            difficulty="easy",
            played_on=dt.date(2026, 11, 23),
            score=70,
            passed=True,
        )
    )
    return store


def _all_rows(conn, table: str) -> list[tuple]:
    names = ", ".join(c.name for c in TABLES[table].columns)
    key = TABLES[table].key
    return [tuple(r) for r in conn.execute(sa.text(f"select {names} from {table} order by {key}"))]


def test_every_row_of_every_table_arrives_as_it_was(ledger, postgres_url):
    counts = copy_ledger(ledger.path, target_engine(postgres_url))
    assert set(counts) == set(TABLES)
    assert all(counts[t] > 0 for t in ("reps", "customers", "invoices", "payments", "notes"))
    assert counts["excuse_log"] == 3 and counts["roleplay_rounds"] == 1
    assert counts["promises"] == 1 and counts["warning_signs"] == 1
    source = sa.create_engine(f"sqlite:///{ledger.path}")
    target = sa.create_engine(postgres_url)
    with source.connect() as a, target.connect() as b:
        for table in TABLES:
            assert _all_rows(b, table) == _all_rows(a, table), table
    source.dispose()
    target.dispose()


def test_a_row_made_after_the_move_gets_a_key_after_the_copied_ones(ledger, postgres_url):
    engine = target_engine(postgres_url)
    copy_ledger(ledger.path, engine)
    with engine.begin() as conn:
        (highest,) = conn.execute(sa.text("select max(id) from notes")).one()
        made = conn.execute(
            sa.text(
                "insert into notes (customer_id, text, noted_on) "
                "values ('C2', 'after', '2026-11-24') returning id"
            )
        ).scalar_one()
    assert made == highest + 1


def test_a_target_holding_rows_is_refused_and_left_as_it_was(ledger, postgres_url):
    engine = target_engine(postgres_url)
    copy_ledger(ledger.path, engine)
    ledger.add_note(
        customer_id="C2", rep_id="R2", text="only in the source", noted_on=dt.date(2026, 11, 24)
    )
    with pytest.raises(CopyRefused, match="already holds rows in reps, customers"):
        copy_ledger(ledger.path, engine)
    with engine.connect() as conn:
        texts = conn.execute(sa.text("select text from notes")).scalars().all()
    assert "only in the source" not in texts


def test_a_failed_copy_leaves_nothing_behind(ledger, postgres_url, monkeypatch):
    engine = target_engine(postgres_url)
    real = ledger_copy._rows

    def failing(source, table):
        if table == "payments":
            raise RuntimeError("disk full")
        yield from real(source, table)

    monkeypatch.setattr(ledger_copy, "_rows", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        copy_ledger(ledger.path, engine)
    # Not even the tables: the copy is one transaction, DDL included.
    assert sa.inspect(engine).get_table_names() == []


def test_counts_that_differ_refuse_the_copy(ledger, postgres_url, monkeypatch):
    engine = target_engine(postgres_url)
    real = ledger_copy._rows

    def dropping(source, table):
        for chunk in real(source, table):
            yield chunk[:-1] if table == "invoices" else chunk

    monkeypatch.setattr(ledger_copy, "_rows", dropping)
    with pytest.raises(
        CopyRefused, match=r"row counts differ, nothing copied: invoices \d+ -> \d+"
    ):
        copy_ledger(ledger.path, engine)
    assert sa.inspect(engine).get_table_names() == []


def test_only_postgresql_is_a_target():
    with pytest.raises(CopyRefused, match="postgresql:// URL, not sqlite://"):
        target_engine("sqlite:///elsewhere.db")
    # `make` sets DUNNING_DB to the demo ledger's path when the environment does not.
    with pytest.raises(CopyRefused, match="must be a postgresql:// URL, not a path"):
        target_engine("var/dunning.db")


def test_the_command_reads_the_url_from_the_environment_and_never_prints_its_password(
    ledger, postgres_url, monkeypatch, capsys
):
    with_password = postgres_url.replace("rasa@", "rasa:s3cret@")  # trust auth ignores it
    monkeypatch.setenv("DUNNING_DB", with_password)
    assert ledger_copy.main([str(ledger.path)]) == 0
    out = capsys.readouterr().out
    assert "s3cret" not in out and "***" in out
    assert f"invoices: {len(ledger.rows('invoices')):,}" in out


def test_the_command_says_how_to_use_it_and_refuses_a_missing_ledger(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DUNNING_DB", raising=False)
    assert ledger_copy.main([str(tmp_path / "x.db")]) == 2
    assert "usage: DUNNING_DB=postgresql://" in capsys.readouterr().err
    monkeypatch.setenv("DUNNING_DB", "postgresql://rasa@127.0.0.1:1/none")
    assert ledger_copy.main([str(tmp_path / "x.db")]) == 2
    assert "No SQLite ledger at" in capsys.readouterr().err


def test_an_unreachable_target_is_a_clear_answer(ledger, monkeypatch, capsys):
    monkeypatch.setenv("DUNNING_DB", "postgresql://rasa:s3cret@127.0.0.1:1/none")
    assert ledger_copy.main([str(ledger.path)]) == 1
    err = capsys.readouterr().err
    assert "Nothing copied: cannot reach the target" in err and "s3cret" not in err
