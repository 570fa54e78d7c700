import datetime as dt
import sqlite3
import threading
import time

import pytest

from dunning_coach.accounts import postgres_schema
from dunning_coach.accounts.connection import (
    DATABASE_ERRORS,
    REFUSED,
    UNAVAILABLE,
    PostgresConnection,
)
from dunning_coach.accounts.schema import TABLES
from dunning_coach.accounts.store import AccountStore, _by_columns
from tests.conftest import TODAY


def test_schema_has_every_table(fresh_db):
    assert set(fresh_db.counts()) == {
        "reps",
        "customers",
        "invoices",
        "payments",
        "promises",
        "excuse_log",
        "warning_signs",
        "notes",
        "roleplay_rounds",
    }


def test_reopening_keeps_data(tmp_path, build):
    build.customer("C1")
    build.store.close()
    with AccountStore(build.store.location) as again:
        assert again.customer("C1").name == "Customer C1"


@pytest.mark.parametrize(
    "channel, column",
    [
        ("slack", "slack_id"),
        ("telegram", "telegram_id"),
        ("rest", "rest_id"),
        ("cmdline", "rest_id"),
    ],
)
def test_rep_for_sender_reads_the_channel_column(build, channel, column):
    build.rep("R1", **{"rest_id": "r-rest", "slack_id": "U1", "telegram_id": "42"})
    sender = {"rest_id": "r-rest", "slack_id": "slack:U1", "telegram_id": "telegram:42"}[column]
    assert build.store.rep_for_sender(channel, sender).rep_id == "R1"


def test_an_id_from_one_channel_never_opens_another(build):
    build.rep("R1", rest_id="U1", slack_id="U999", telegram_id="42")
    assert build.store.rep_for_sender("slack", "slack:U1") is None  # a web id, not a Slack id
    assert build.store.rep_for_sender("slack", "U999") is None  # a Slack id without its prefix
    assert (
        build.store.rep_for_sender("rest", "telegram:42") is None
    )  # a Telegram conversation over REST
    assert build.store.rep_for_sender("telegram", "telegram:42").rep_id == "R1"


def test_rep_sees_own_customers_and_manager_sees_all(build):
    build.customer("C1", "R1")
    build.customer("C2", "R2")
    build.rep("M1", role="manager")
    store = build.store
    assert [c.customer_id for c in store.customers_visible_to(store.rep("R1"))] == ["C1"]
    assert {c.customer_id for c in store.customers_visible_to(store.rep("M1"))} == {"C1", "C2"}


def test_a_trainee_sees_demo_customers_only_in_every_listing(build, today):
    build.customer("C1", "R1", demo=True)
    build.customer("C2", "R1", demo=False)
    build.rep("T1", role="trainee")
    build.promise("C1", amount=100, due_in=2)
    build.promise("C2", amount=100, due_in=2)
    store, trainee = build.store, build.store.rep("T1")
    assert [c.customer_id for c in store.customers_visible_to(trainee)] == ["C1"]
    assert [a.customer.customer_id for a in store.accounts_visible_to(trainee, today)] == ["C1"]
    week = today + dt.timedelta(days=7)
    assert [b.customer.customer_id for b in store.promise_books(trainee, today, week, today)] == [
        "C1"
    ]
    assert [trainee.may_see(store.customer(c)) for c in ("C1", "C2")] == [True, False]


def test_account_nets_payments_against_invoices(build):
    build.customer("C1")
    partly = build.invoice(issued=60, due=30, amount=1000)
    build.payment(received=10, amount=400, invoice_no=partly)
    paid = build.invoice(issued=50, due=20, amount=500)
    build.payment(received=15, amount=500, invoice_no=paid)
    not_due = build.invoice(issued=5, due=-25, amount=300)
    account = build.store.account("C1", TODAY)
    assert [i.invoice_no for i in account.open_invoices] == [partly, not_due]
    assert account.open_cents == 60000 + 30000
    assert account.overdue_cents == 60000
    assert account.oldest_overdue.days_overdue(TODAY) == 30
    assert [i.invoice_no for i in account.paid_invoices] == [paid]


def _paid(store: AccountStore) -> dict[str, int]:
    return dict(store.db.execute("select invoice_no, paid_cents from invoices").fetchall())


@pytest.mark.parametrize("bulk_rows", [1, 10_000], ids=["bulk", "row by row"])
def test_an_invoices_paid_total_follows_every_payment_written(build, monkeypatch, bulk_rows):
    monkeypatch.setattr("dunning_coach.accounts.store.BULK_ROWS", bulk_rows)
    build.customer("C1")
    first = build.invoice(issued=60, due=30, amount=1000, invoice_no="A")
    second = build.invoice(issued=50, due=20, amount=500, invoice_no="B")
    payment = build.payment(received=10, amount=400, invoice_no=first)
    build.payment(received=9, amount=100, invoice_no=first)
    build.payment(received=8, amount=50)  # on no invoice: counts toward none
    assert _paid(build.store) == {"A": 50000, "B": 0}
    # Imported again naming the other invoice: the first loses it, the second gains it.
    row = dict(
        payment_id=payment,
        customer_id="C1",
        invoice_no=second,
        amount_cents=50000,
        received_on="2026-11-01",
    )
    build.store.write_import({"payments": [row]})
    assert _paid(build.store) == {"A": 10000, "B": 50000}
    indexed = "indexed by invoices_open" if build.store.db.dialect == "sqlite" else ""
    open_ones = build.store.db.execute(
        f"select invoice_no from invoices {indexed} where paid_cents < amount_cents"
    ).fetchall()
    assert open_ones == [("A",)]


def test_a_big_import_on_postgresql_is_vacuumed_after_it_is_saved(build, monkeypatch):
    """The planner's statistics and visibility map at once, not when autovacuum comes round;
    a vacuum that fails leaves the import saved."""
    if build.store.db.dialect != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    monkeypatch.setattr("dunning_coach.accounts.store.BULK_ROWS", 1)
    build.customer("C1")
    build.invoice(issued=60, due=30, amount=1000, invoice_no="A")

    def vacuumed() -> bool:
        build.store.db.execute("select pg_stat_clear_snapshot()")
        (when,) = build.store.db.execute(
            "select last_vacuum from pg_stat_user_tables where relname = 'invoices'"
        ).fetchone()
        return when is not None

    deadline = time.monotonic() + 10  # statistics reach the view shortly after
    while not vacuumed() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert vacuumed()
    real = build.store.db.execute

    def failing_vacuum(sql, args=()):
        if sql.startswith("vacuum"):
            real("select * from no_such_table")
        return real(sql, args)

    monkeypatch.setattr(build.store.db, "execute", failing_vacuum)
    build.invoice(issued=50, due=20, amount=500, invoice_no="B")
    monkeypatch.undo()
    assert {i.invoice_no for i in build.store.account("C1", TODAY).invoices} == {"A", "B"}


@pytest.mark.sqlite_only
def test_a_big_import_leaves_every_index_in_place(build, monkeypatch):
    # A big import drops the indexes that only speed reads and builds them once at the end.
    from dunning_coach.accounts.schema import TABLES

    monkeypatch.setattr("dunning_coach.accounts.store.BULK_ROWS", 1)
    build.customer("C1")
    build.invoice(issued=60, due=30, amount=1000, invoice_no="A")
    build.payment(received=10, amount=400, invoice_no="A")
    names = {r[0] for r in build.store.db.execute("select name from sqlite_master")}
    for table in TABLES.values():
        for columns in table.indexes:
            assert table.index_name(columns) in names
        for index in table.partial_indexes:
            assert index.name in names
    plan = build.store.db.execute(
        "explain query plan select * from payments where invoice_no = 'A'"
    ).fetchall()
    assert "idx_payments_invoice_no" in str(plan)


@pytest.mark.sqlite_only
def test_a_ledger_from_before_the_paid_totals_gets_them_when_opened(tmp_path, build):
    build.customer("C1")
    build.invoice(issued=60, due=30, amount=1000, invoice_no="A")
    build.payment(received=10, amount=400, invoice_no="A")
    for index in TABLES["invoices"].partial_indexes:  # those over the column
        build.store.db.execute(f"drop index {index.name}")
    build.store.db.execute("alter table invoices drop column paid_cents")
    build.store.close()
    with AccountStore(tmp_path / "accounts.db") as again:
        assert _paid(again) == {"A": 40000}
        assert again.account("C1", TODAY).open_cents == 60000


def test_unknown_customer_has_no_account(fresh_db):
    assert fresh_db.account("nope", TODAY) is None


def test_excuse_log_round_trip(build):
    build.customer("C1")
    build.store.log_excuse(
        customer_id="C1",
        rep_id="R1",
        intent="excuse_money_tight",
        text="no cash",
        verdict="Likely excuse",
        logged_on=TODAY,
    )
    [row] = build.store.excuse_log("C1")
    assert (row["intent"], row["text"], row["verdict"], row["logged_on"]) == (
        "excuse_money_tight",
        "no cash",
        "Likely excuse",
        TODAY.isoformat(),
    )
    account = build.store.account("C1", TODAY)
    assert [e.intent for e in account.previous_excuses("excuse_money_tight")] == [
        "excuse_money_tight"
    ]


@pytest.mark.parametrize("bulk_rows", [2, 10_000])
def test_write_import_is_all_or_nothing(build, monkeypatch, bulk_rows):
    # A big import checks its references once at the end, a small one row by row: either way
    # the whole import is refused, and the next write checks them again.
    monkeypatch.setattr("dunning_coach.accounts.store.BULK_ROWS", bulk_rows)
    build.rep("R1")
    rows = {
        "customers": [dict(customer_id="C1", name="Fine", rep_id="R1")],
        "invoices": [
            dict(
                invoice_no="I1",
                customer_id="missing",
                issued_on="2026-01-01",
                due_on="2026-02-01",
                amount_cents=100,
            )
        ],
    }
    with pytest.raises(REFUSED, match=r"(?i)foreign key"):
        build.store.write_import(rows)
    assert build.store.counts()["customers"] == 0
    if build.store.db.dialect == "sqlite":  # a big import turns the checks off, then on again
        assert build.store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(REFUSED, match=r"(?i)foreign key"):
        build.store.write_import({"invoices": rows["invoices"]})


def test_role_play_rounds_are_stored_per_rep_oldest_first(build):
    import datetime as dt

    from dunning_coach.accounts.models import RoleplayRound

    build.rep("T1", role="trainee")
    build.rep("T2", role="trainee")
    store = build.store
    store.add_round(
        RoleplayRound(
            "T1",
            "excuse_money_tight",
            "hard",
            dt.date(2026, 11, 20),
            55,
            False,
            turns=4,
            outcome="out_of_turns",
            met=("part_today",),
            checks_met=("asks_part_payment_now", "names_date"),
            language="ko",
        )
    )
    store.add_round(
        RoleplayRound("T2", "excuse_money_tight", "easy", dt.date(2026, 11, 21), 90, True)
    )
    store.add_round(
        RoleplayRound("T1", "excuse_cheque_mailed", "easy", dt.date(2026, 11, 22), 85, True)
    )
    mine = store.rounds("T1")
    assert [(r.excuse, r.score, r.passed) for r in mine] == [
        ("excuse_money_tight", 55, False),
        ("excuse_cheque_mailed", 85, True),
    ]
    assert mine[0].met == ("part_today",) and mine[0].round_id.startswith("RP-")
    assert mine[0].checks_met == ("asks_part_payment_now", "names_date")
    assert mine[0].language == "ko" and mine[1].language is None
    assert len(store.rounds()) == 3


def test_demo_accounts_are_only_the_customers_marked_demo(build):
    build.customer("C1")
    build.customer("C2", demo=1)
    import datetime as dt

    assert [a.customer.customer_id for a in build.store.demo_accounts(dt.date(2026, 11, 23))] == [
        "C2"
    ]


def _log(build, customer_id, intent="excuse_money_tight", day=TODAY, rep_id="R1"):
    return build.store.log_excuse(
        customer_id=customer_id,
        rep_id=rep_id,
        intent=intent,
        text="no money",
        verdict=None,
        logged_on=day,
    )


def test_the_database_itself_keeps_an_excuse_to_once_a_day(build):
    # Whatever a writer skips, the ledger refuses the second row (the once-a-day rule).
    build.customer("C1")
    assert _log(build, "C1") is not None and _log(build, None, rep_id="R1") is not None
    insert = (
        "insert into excuse_log (customer_id, rep_id, intent, logged_on, logged_at) "
        "values (?, ?, 'excuse_money_tight', ?, '2026-11-23T10:00:00')"
    )
    for customer_id, rep_id in (("C1", "R9"), (None, "R1")):
        with pytest.raises(REFUSED), build.store.writing():
            build.store.db.execute(insert, [customer_id, rep_id, TODAY.isoformat()])
    with build.store.writing():  # another day, or another rep without a customer: allowed
        build.store.db.execute(insert, ["C1", "R1", "2026-11-24"])
        build.store.db.execute(insert, [None, "R2", TODAY.isoformat()])
    assert len(build.store.excuse_log()) == 4


def test_the_database_itself_keeps_a_promise_made_in_chat_to_once_a_day(build):
    # Whatever a writer skips, the ledger refuses the second promise, with invoices named or
    # without; imported promises (no created_at) and cancelled ones are left free.
    build.customer("C1")
    for invoices in (("INV-1",), ()):
        build.store.add_promise(
            customer_id="C1",
            rep_id="R1",
            amount_cents=500,
            promised_for=dt.date(2026, 11, 27),
            made_on=TODAY,
            invoice_nos=invoices,
        )
    insert = (
        "insert into promises (promise_id, customer_id, rep_id, amount_cents, promised_for, "
        "made_on, invoice_nos, status, created_at) values (?, 'C1', 'R1', 500, '2026-11-27', ?, "
        "?, ?, ?)"
    )
    made = "2026-11-23T10:00:00"
    for n, invoices in enumerate(("INV-1", None)):
        with pytest.raises(REFUSED), build.store.writing():
            build.store.db.execute(insert, [f"X{n}", TODAY.isoformat(), invoices, "open", made])
    with build.store.writing():  # imported, cancelled, another day or other invoices: allowed
        for n, (day, invoices, status, created) in enumerate(
            [
                (TODAY.isoformat(), "INV-1", "open", None),
                (TODAY.isoformat(), None, "cancelled", made),
                ("2026-11-24", "INV-1", "open", made),
                (TODAY.isoformat(), "INV-2", "open", made),
            ]
        ):
            build.store.db.execute(insert, [f"Y{n}", day, invoices, status, created])
    assert len(build.store.promises("C1")) == 6


def test_two_confirmations_of_one_promise_at_once_save_it_once(build):
    """Writers in two threads, each with its own connection (as two action servers have),
    confirm the same promise at the same moment: one row, and both get its id."""
    build.customer("C1")
    start = threading.Barrier(4)
    ids: list[str] = []

    def confirm() -> None:
        with AccountStore(build.store.location) as store:
            start.wait()
            ids.append(
                store.add_promise(
                    customer_id="C1",
                    rep_id="R1",
                    amount_cents=500,
                    promised_for=dt.date(2026, 11, 27),
                    made_on=TODAY,
                )
            )

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ids) == 4 and len(set(ids)) == 1
    assert [p.promise_id for p in build.store.promises("C1")] == ids[:1]


def test_the_same_excuse_is_logged_once_per_customer_and_day(build):
    build.customer("C1")
    build.customer("C2")
    assert _log(build, "C1") is not None
    assert _log(build, "C1") is None  # said again in the same visit
    assert _log(build, "C1", intent="excuse_cheque_mailed") is not None
    assert _log(build, "C2") is not None
    assert _log(build, "C1", day=TODAY - dt.timedelta(days=1)) is not None
    rows = [(r["customer_id"], r["intent"], r["logged_on"]) for r in build.store.excuse_log()]
    assert len(rows) == len(set(rows)) == 4


def test_an_excuse_with_no_customer_is_logged_once_per_rep_and_day(build):
    build.rep("R2")
    assert _log(build, None) is not None
    assert _log(build, None) is None
    assert _log(build, None, rep_id="R2") is not None
    assert len(build.store.excuse_log()) == 2


def test_customer_names_split_the_customers_by_who_may_see_them(build):
    build.customer("C1", rep_id="R1", name="Mine Ltd", aliases="MINE; Mine Co")  # no demo flag
    build.customer("C2", rep_id="R2", name="Theirs Ltd", demo=1)
    build.rep("T1", role="trainee")
    build.rep("M1", role="manager")
    store = build.store

    def ids(rep_id, visible):
        return [c.customer_id for c in store.customer_names(store.rep(rep_id), visible=visible)]

    assert (ids("R1", True), ids("R1", False)) == (["C1"], ["C2"])
    assert (ids("T1", True), ids("T1", False)) == (["C2"], ["C1"])
    assert (ids("M1", True), ids("M1", False)) == (["C1", "C2"], [])
    [mine] = store.customer_names(store.rep("R1"), visible=True)
    assert (mine.name, mine.aliases, mine.rep_id) == ("Mine Ltd", ("MINE", "Mine Co"), "R1")


# --- writers wait for each other ------------------------------------------------------------


def _hold_the_write_lock(location, seconds: float, holding: threading.Event) -> None:
    """Another process's import: the writer's lock and a write, held for `seconds`."""
    other = AccountStore(location)
    try:
        other.db.begin_write(5.0)
        other.db.execute(
            "insert into notes (customer_id, text, noted_on) values ('C1', 'import', '2026-11-23')"
        )
        holding.set()
        time.sleep(seconds)
        other.db.commit()
    finally:
        other.close()


@pytest.mark.parametrize("write", ["promise", "note", "excuse", "import"])
def test_a_write_waits_for_another_writer_instead_of_failing(build, write):
    build.customer("C1")
    store, holding = build.store, threading.Event()
    holder = threading.Thread(target=_hold_the_write_lock, args=(store.location, 1.0, holding))
    holder.start()
    try:
        assert holding.wait(10)
        if write == "promise":
            build.promise("C1", amount=100, due_in=3)
        elif write == "note":
            store.add_note(customer_id="C1", rep_id="R1", text="mine", noted_on=TODAY)
        elif write == "excuse":
            _log(build, "C1")
        else:
            build.rep("R9")
    finally:
        holder.join(20)
    assert len(store.promises("C1")) == (write == "promise")
    assert len(store.rows("notes")) == 1 + (write == "note")
    assert len(store.excuse_log()) == (write == "excuse")
    assert (store.rep("R9") is not None) == (write == "import")


def test_a_failed_write_rolls_back_and_leaves_no_transaction_open(build):
    build.rep("R1")
    with pytest.raises(REFUSED):
        build.rep("R2", rest_id="r1")  # R1's web id
    assert not build.store.db.in_transaction
    assert build.store.rep("R2") is None
    build.rep("R3")  # the next write is not stuck behind a dangling transaction
    assert build.store.rep("R3") is not None


def test_an_imports_rows_may_differ_in_columns_and_their_order(build):
    build.rep("R1")
    rows = [
        dict(customer_id="C1", name="One", rep_id="R1", phone="111"),
        dict(name="Two", rep_id="R1", phone="222", customer_id="C2"),  # same columns, reordered
        dict(customer_id="C3", name="Three", rep_id="R1"),  # fewer
        dict(customer_id="C4", name="Four", rep_id="R1", phone="444"),  # the first set again
    ]
    build.store.write_import({"customers": rows})
    # Again, with columns left out: a row changes only the columns it has.
    build.store.write_import(
        {
            "customers": [
                dict(name="One", rep_id="R1", customer_id="C1"),
                dict(phone="999", customer_id="C3", rep_id="R1", name="Three"),
            ]
        }
    )
    stored = build.store.db.execute(
        "select customer_id, name, rep_id, phone from customers order by customer_id"
    ).fetchall()
    assert [tuple(r) for r in stored] == [
        ("C1", "One", "R1", "111"),
        ("C2", "Two", "R1", "222"),
        ("C3", "Three", "R1", "999"),
        ("C4", "Four", "R1", "444"),
    ]


def test_rows_are_grouped_by_their_columns_with_values_in_each_groups_order():
    rows = [dict(a=1, b=2), dict(b=4, a=3), dict(a=5), dict(a=6, b=7), dict(b=8)]
    assert _by_columns(rows) == {
        ("a", "b"): [(1, 2), (3, 4), (6, 7)],
        ("a",): [(5,)],
        ("b",): [(8,)],
    }


def test_a_read_alongside_has_its_own_connection_and_thread_and_sees_what_is_committed(build):
    build.rep("R1")
    build.customer("C1")
    store = build.store

    def notes_seen(other: AccountStore) -> tuple[int, int]:
        (count,) = other.db.execute("select count(*) from notes").fetchone()
        return threading.get_ident(), count

    with store.writing():
        store.add_note(customer_id="C1", rep_id="R1", text="gate code 4411", noted_on=TODAY)
        thread, count = store.alongside(notes_seen).result(timeout=30)
        assert thread != threading.get_ident()
        assert count == 0  # another connection: this one's write is not committed yet
    assert store.alongside(notes_seen).result(timeout=30)[1] == 1
    with pytest.raises(DATABASE_ERRORS, match="no_table"):  # the read's error, not lost
        store.alongside(lambda other: other.db.execute("select * from no_table")).result(30)


# --- identities are unique ----------------------------------------------------------------


@pytest.mark.parametrize("column", ["rest_id", "slack_id", "telegram_id"])
def test_the_database_refuses_two_reps_with_one_channel_identity(build, column):
    build.rep("R1", **{column: "same"})
    with pytest.raises(REFUSED):
        build.rep("R2", **{column: "same"})
    assert build.store.rep("R2") is None


def test_empty_identities_may_repeat_and_are_stored_as_null(build):
    for rep_id in ("R1", "R2", "R3"):
        build.rep(rep_id, rest_id="", slack_id=None, telegram_id="")
    rows = build.store.rows("reps")
    assert [(r["rest_id"], r["slack_id"], r["telegram_id"]) for r in rows] == [(None,) * 3] * 3
    assert build.store.rep_for_sender("rest", "") is None


def _without_unique_indexes(store) -> None:
    """The ledger as the release before unique identities left it: duplicates possible."""
    names = [
        r["name"]
        for r in store.db.query("select name from sqlite_master where name like '%_unique'")
    ]
    for name in names:
        store.db.execute(f"drop index {name}")


@pytest.mark.sqlite_only
def test_a_ledger_with_duplicate_identities_still_opens_and_lets_neither_rep_in(tmp_path, build):
    build.rep("R1", rest_id="shared", slack_id="U1")
    build.rep("R2", rest_id="r2", slack_id="U2")
    _without_unique_indexes(build.store)
    build.store.db.execute("update reps set rest_id = 'shared', slack_id = '' where rep_id = 'R2'")
    build.store.db.commit()
    build.store.close()
    with AccountStore(tmp_path / "accounts.db") as store:
        # The web id two reps share is nobody's until an import sorts it out; the others work.
        assert store.rep_for_sender("rest", "shared") is None
        assert store.rep_for_sender("slack", "slack:U1").rep_id == "R1"
        assert store.rows("reps")[1]["slack_id"] is None  # the empty string became NULL
        store.db.execute("update reps set rest_id = 'r2' where rep_id = 'R2'")
        store.db.commit()
    with AccountStore(tmp_path / "accounts.db") as store:
        assert store.rep_for_sender("rest", "shared").rep_id == "R1"
        with pytest.raises(REFUSED):  # the unique index is back
            store.write_import({"reps": [dict(rep_id="R3", name="x", rest_id="shared")]})


def test_a_web_id_shaped_like_another_channels_conversation_opens_nothing(build):
    build.rep("R1", rest_id="r1")
    build.store.db.execute("update reps set rest_id = 'telegram:42' where rep_id = 'R1'")
    build.store.db.commit()
    assert build.store.rep_for_sender("rest", "telegram:42") is None


def test_a_promise_book_holds_what_judging_the_promises_needs_and_no_more(build, today):
    build.customer("C1")
    build.customer("C2")
    build.invoice("C1", issued=40, due=10, currency="USD", invoice_no="B")
    build.invoice("C1", issued=50, due=20, currency="GBP", invoice_no="A")  # due first
    early = build.promise("C1", amount=100, made=10, due_in=-2)
    due = build.promise("C1", amount=200, made=6, due_in=3)
    build.promise("C1", amount=300, made=2, due_in=12)  # after the period
    build.promise("C1", amount=400, made=-1, due_in=4)  # made tomorrow: not known today
    build.promise("C2", amount=500, made=3, due_in=30)  # nothing due in the period
    build.payment("C1", received=11, amount=50)  # before the first promise: left out
    since = [build.payment("C1", received=10, amount=60), build.payment("C1", received=0)]
    week = today + dt.timedelta(days=7)
    (book,) = build.store.promise_books(build.store.rep("R1"), today, week, today)
    assert book.customer.customer_id == "C1" and book.today == today
    assert book.currency == build.store.account("C1", today).currency == "GBP"
    assert [p.promise_id for p in book.promises] == [early, due]
    assert [p.payment_id for p in book.payments] == since
    assert build.store.promise_books(build.store.rep("R1"), week, week, today) == []


def test_a_promise_book_without_invoices_is_in_the_default_currency(build, today):
    build.customer("C1")
    build.promise("C1", amount=100, due_in=1)
    (book,) = build.store.promise_books(build.store.rep("R1"), today, today.max, today)
    assert book.currency == build.store.account("C1", today).currency == "EUR"


# --- teams -------------------------------------------------------------------------------


def test_a_managers_team_is_the_reps_that_name_them_in_every_listing(build, today):
    build.rep("M1", role="manager")
    build.rep("M2", role="manager")
    build.customer("C1", "R1")
    build.customer("C2", "R2")
    build.rep("R1", manager_id="M1")
    build.rep("R2", manager_id="M2")
    build.promise("C1", amount=100, due_in=2)
    build.promise("C2", amount=100, due_in=2, rep_id="R2")
    store = build.store
    m1 = store.rep("M1")
    assert m1.team == ("R1",) and store.rep("M2").team == ("R2",)
    assert [c.customer_id for c in store.customers_visible_to(m1)] == ["C1"]
    assert [a.customer.customer_id for a in store.accounts_visible_to(m1, today)] == ["C1"]
    week = today + dt.timedelta(days=7)
    assert [b.customer.customer_id for b in store.promise_books(m1, today, week, today)] == ["C1"]
    assert store.promise_days_after(m1, today, 5) == [today + dt.timedelta(days=2)]
    assert [c.customer_id for c in store.customer_names(m1, visible=False)] == ["C2"]
    assert store.rep_for_sender("rest", "m1").team == ("R1",)


# --- sign-in codes: revoked, or their rep removed -------------------------------------------


def test_revoking_sign_ins_stamps_the_rep_and_an_import_leaves_the_stamp(build):
    build.rep("R1", rest_id="dana")
    assert build.store.signin_standing("dana").not_before is None
    before = dt.datetime.now(dt.timezone.utc)
    assert build.store.revoke_signins("R1")
    stamped = build.store.signin_standing("dana").not_before
    assert stamped is not None and stamped >= before.replace(microsecond=0)
    build.rep("R1", rest_id="dana", name="Dana Renamed")  # a re-import keeps the stamp
    assert build.store.signin_standing("dana").not_before == stamped
    assert not build.store.revoke_signins("nobody")
    assert build.store.signin_standing("nobody") is None


def test_a_removed_rep_is_nobody_on_every_channel_and_their_codes_are_revoked(build):
    build.rep("R1", rest_id="dana", slack_id="U1")
    build.rep("R1", rest_id="dana", slack_id="U1", active=0)
    store = build.store
    assert store.rep_for_sender("rest", "dana") is None
    assert store.rep_for_sender("slack", "slack:U1") is None
    assert store.rep("R1").active is False  # still named on their customers and rounds
    standing = store.signin_standing("dana")
    assert standing.active is False and standing.not_before is not None
    build.rep("R1", rest_id="dana", slack_id="U1", active=0)  # imported again: unchanged
    assert store.signin_standing("dana") == standing
    build.rep("R1", rest_id="dana", slack_id="U1", active=1)
    assert store.rep_for_sender("rest", "dana").rep_id == "R1"
    assert store.signin_standing("dana").not_before == standing.not_before  # old codes stay dead


@pytest.mark.sqlite_only
def test_a_read_only_store_reads_and_never_writes_or_creates(build, tmp_path):

    build.rep("R1", rest_id="dana")
    reader = AccountStore(build.store.path, read_only=True)
    try:
        assert reader.signin_standing("dana").rep_id == "R1"
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.db.execute("delete from reps")
    finally:
        reader.close()
    with pytest.raises(FileNotFoundError):
        AccountStore(tmp_path / "missing.db", read_only=True)
    assert not (tmp_path / "missing.db").exists()


def test_a_record_made_once_is_the_same_record_when_made_again_that_day(build):
    build.customer("C1")
    promise = dict(
        customer_id="C1",
        rep_id="R1",
        amount_cents=500,
        promised_for=dt.date(2026, 11, 27),
        made_on=dt.date(2026, 11, 23),
        invoice_nos=("INV-1",),
    )
    first = build.store.add_promise(**promise)
    assert build.store.add_promise(**promise) == first
    build.store.db.execute("update promises set status = 'cancelled'")
    assert build.store.add_promise(**promise) != first  # a cancelled promise is not this one
    note = dict(customer_id="C1", rep_id="R1", text="call Jo", noted_on=dt.date(2026, 11, 23))
    assert build.store.add_note(**note, once=True) == build.store.add_note(**note, once=True)
    assert build.store.add_note(**note) != build.store.add_note(**note)  # without `once`, two


# --- deleting one record made in chat (Undo) ------------------------------------------------


def test_delete_record_removes_exactly_the_row_it_names(build):
    build.customer("C1")
    keep, gone = build.sign("C1", kind="sign_moving"), build.sign("C1", kind="sign_staff_change")
    note = build.store.add_note(customer_id="C1", rep_id="R1", text="call Jo", noted_on=TODAY)
    deletion = build.store.delete_record("warning_signs", gone)
    assert deletion.deleted and deletion.row["sign_id"] == gone
    assert [s["sign_id"] for s in build.store.rows("warning_signs")] == [keep]
    assert build.store.delete_record("notes", note).deleted
    assert build.store.rows("notes") == []
    # Gone already, or never there: nothing found, nothing deleted.
    assert build.store.delete_record("warning_signs", gone) == (None, False)
    assert build.store.delete_record("excuse_log", 12345) == (None, False)


def test_delete_record_asks_before_it_deletes_and_keeps_a_row_it_may_not(build):
    build.customer("C1")
    promise = build.promise("C1", amount=100, due_in=3)
    seen = []
    kept = build.store.delete_record("promises", promise, lambda row: seen.append(row) or False)
    assert not kept.deleted and kept.row["promise_id"] == promise and seen == [kept.row]
    assert [p.promise_id for p in build.store.promises("C1")] == [promise]


def test_delete_record_touches_only_the_tables_of_chat_records(build):
    build.customer("C1")
    with pytest.raises(ValueError):
        build.store.delete_record("customers", "C1")
    assert build.store.customer("C1") is not None


def test_delete_record_refused_by_a_locked_ledger_deletes_nothing(build):
    from tests.ledger_lock import ledger_locked

    build.customer("C1")
    sign = build.sign("C1")
    with AccountStore(build.store.location, busy_timeout_s=0.05) as quick:
        with ledger_locked(build.store.location), pytest.raises(UNAVAILABLE):
            quick.delete_record("warning_signs", sign)
        assert not quick.db.in_transaction
    assert len(build.store.rows("warning_signs")) == 1


@pytest.mark.sqlite_only
def test_an_old_ledger_with_repeated_excuses_opens_without_taking_the_write_lock(build):
    from tests.ledger_lock import ledger_locked

    build.customer("C1")
    build.store.db.execute("drop index excuse_log_once_a_day")
    for _ in range(2):
        build.store.db.execute(
            "insert into excuse_log (customer_id, rep_id, intent, logged_on, logged_at) "
            "values ('C1', 'R1', 'excuse_money_tight', '2026-11-20', '2026-11-20T09:00:00')"
        )
    build.store.db.commit()
    AccountStore(build.store.location).close()  # sees the repeats, leaves the index unmade
    # Opened again while another writer holds the lock: a look, no write, so no wait or failure.
    with (
        ledger_locked(build.store.location),
        AccountStore(build.store.location, busy_timeout_s=0.05) as again,
    ):
        assert len(again.excuse_log()) == 2


def _index_names(store: AccountStore) -> set[str]:
    if isinstance(store.db, PostgresConnection):
        sql = "select indexname from pg_indexes where schemaname = current_schema()"
    else:
        sql = "select name from sqlite_master where type = 'index'"
    return {row[0] for row in store.db.execute(sql).fetchall()}


def test_a_ledger_with_an_index_this_release_replaced_gets_the_new_one(build, monkeypatch):
    """Opened by a writer, a ledger an earlier release indexed gets today's indexes and loses
    the ones they replaced, which every write would otherwise keep up."""
    build.customer("C1")
    build.invoice("C1", issued=40, due=10)
    store = build.store
    with store.writing():
        store.db.execute("drop index idx_invoices_customer_id_due_on_invoice_no")
        store.db.execute("create index idx_invoices_customer_id on invoices (customer_id)")
    store.close()
    monkeypatch.setattr(postgres_schema, "_ready", set())  # a new process
    with AccountStore(store.location) as again:
        names = _index_names(again)
        assert "idx_invoices_customer_id_due_on_invoice_no" in names
        assert "idx_invoices_customer_id" not in names
        assert len(again.rows("invoices")) == 1
