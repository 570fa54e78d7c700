"""The account database: the schema and every query. The only module that talks to SQLite."""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import logging
import operator
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from dunning_coach.accounts import postgres_schema
from dunning_coach.accounts.connection import (
    DATABASE_ERRORS,
    Connection,
    PostgresConnection,
    SqliteConnection,
    described,
)
from dunning_coach.accounts.models import (
    DEFAULT_CURRENCY,
    PROMISE_CANCELLED,
    PROMISE_OPEN,
    Account,
    Customer,
    FactsAsked,
    InvoiceFacts,
    Promise,
    PromiseBook,
    Rep,
    RepOverdue,
    RoleplayRound,
    ScoredTotals,
    SignInStanding,
    TotalsScore,
)
from dunning_coach.accounts.schema import (
    IMPORT_TABLES,
    LIST_SEPARATOR,
    PROMISE_ONCE,
    PROMISE_SAME,
    TABLES,
    Kind,
    PartialIndex,
    Table,
    join_list,
    row_reader,
    split_list,
    to_model,
)
from dunning_coach.common import environment, identity
from dunning_coach.common.environment import is_postgres_url

logger = logging.getLogger(__name__)


def _rep_rows(db: Connection) -> str:
    """A rep row with their team: the reps naming them as manager (indexed, one subquery)."""
    team = db.joined("t.rep_id", LIST_SEPARATOR)
    return (
        f"select r.*, (select {team} from reps t where t.manager_id = r.rep_id) as team from reps r"
    )


_ACTIVE = "coalesce(r.active, 1) = 1"


def visible_to(rep: Rep, prefix: str = "c.") -> tuple[str, list]:
    """The customers `rep` may see as a condition on the customers table (the SQL twin of
    `Rep.may_see`, from the same team the Rep was read with)."""
    if rep.is_trainee:
        return f"{prefix}demo = 1", []
    if rep.sees_everyone:
        return "1 = 1", []
    owners = [rep.rep_id, *rep.team] if rep.is_manager else [rep.rep_id]
    return f"{prefix}rep_id in ({_marks(owners)})", owners


def _chunks(values: list, size: int = 500) -> Iterator[list]:
    """`values` a few hundred at a time: SQLite limits the parameters of one statement."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _grouped(cursor: Any, table: str) -> dict[str, list]:
    """The rows of `table` a query gave, as models, per customer, in the query's order."""
    columns = tuple(d[0] for d in cursor.description)
    read, owner = row_reader(table, columns), columns.index("customer_id")
    found: dict[str, list] = {}
    for row in cursor:
        found.setdefault(row[owner], []).append(read(row))
    return found


def _marks(values: list) -> str:
    """The "?, ?, ?" of an `in (...)` with one placeholder per value."""
    return ", ".join("?" * len(values))


# The tables holding what a rep records in chat, which an Undo may remove one row of.
CHAT_RECORDS = ("promises", "warning_signs", "notes", "excuse_log")


class Deletion(NamedTuple):
    row: dict | None  # the record as it was; None when no record has that key
    deleted: bool


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _now_precise() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


# Unique indexes a ledger's duplicates kept from being created, already logged by this process.
_WARNED: set[str] = set()


def _new_id(prefix: str) -> str:
    # Text ids: rows made in chat can never collide with ids a later CSV import brings.
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# Rows in an order both backends give alike: ties broken by the key, and a promise imported
# (no created_at) before those made in chat, as SQLite sorts NULL first and PostgreSQL last.
_WRITTEN = "coalesce(created_at, '')"

T = TypeVar("T")
# Reads that run beside a turn's own (`AccountStore.alongside`): a few at once at most, as a
# server has two cores and each read holds one.
_ALONGSIDE = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="ledger")
DEFAULT_BUSY_TIMEOUT_S = 5.0  # an import or a script waits this long for the turns' writes
# The customers visible under a `visible_to` condition, for `customer_id in (...)`.
_VISIBLE_IDS = "select customer_id from customers c where {}"
# The partial indexes a big import drops and builds again: those that only speed reads.
_PARTIAL_INDEXES = [
    i for t in TABLES.values() if t.imported for i in t.partial_indexes if not i.unique
]
BULK_ROWS = 10_000  # an import this big checks its references once, after writing them


# Customers' names change only on import, but the Rasa server reads them for every message
# (components/customer_name_masker.py): these triggers count the changes, one row to poll.
_NAMES_CHANGED_TRIGGERS = (
    "customer_names_added",
    "customer_names_removed",
    "customer_names_renamed",
)
_BUMP = "begin update customer_names_version set version = version + 1; end"
_NAMES_CHANGED_SQL = (
    "create table if not exists customer_names_version "
    "(id integer primary key check (id = 1), version integer not null)",
    # Counted from a random start: a ledger rebuilt at the same path never repeats the count a
    # process cached its names at.
    "insert or ignore into customer_names_version (id, version) "
    "values (1, abs(random() % 1000000000000))",
    f"create trigger if not exists customer_names_added after insert on customers {_BUMP}",
    f"create trigger if not exists customer_names_removed after delete on customers {_BUMP}",
    # An import writes every row again: only a real change counts (imports stay idempotent).
    "create trigger if not exists customer_names_renamed after update of name, aliases "
    "on customers when old.name is not new.name or old.aliases is not new.aliases "
    f"{_BUMP}",
)


class AccountStore:
    """A connection to one account database. Open one per unit of work; close it after."""

    def __init__(
        self,
        path: Path | str | None = None,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        *,
        read_only: bool = False,
    ) -> None:
        """`busy_timeout_s`: how long a write waits for another writer before it fails with
        "database is locked". A rep's turn passes `environment.turn_write_wait_s()`, shorter than
        Rasa's wait for the action, so that a write never lands after the rep was told that
        nothing was saved. `read_only`: for a process that only checks (the web chat's sign-ins
        in the Rasa server): the ledger must exist (FileNotFoundError if not) with its schema,
        and is neither created nor changed."""
        location = path if path is not None else environment.db_location()
        self.busy_timeout_s = busy_timeout_s
        self.db: Connection
        if is_postgres_url(location):
            self.url: str | None = str(location)
            self.path = Path(".")  # no file: `where` names the ledger
            if not read_only:
                postgres_schema.ensure(self.url)
            self.db = PostgresConnection(self.url, read_only=read_only)
            return
        self.url = None
        self.path = Path(location)
        if read_only:
            if not self.path.is_file():
                raise FileNotFoundError(f"no account database at {self.path}")
            self.db = SqliteConnection(
                sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            )
            self.db.execute(f"PRAGMA busy_timeout = {round(busy_timeout_s * 1000)}")
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = SqliteConnection(sqlite3.connect(str(self.path)))
        # WAL lets the action server read while an import or another turn writes; the busy
        # timeout makes a writer wait for another instead of failing "database is locked" (it
        # applies because every write transaction begins with BEGIN IMMEDIATE: see `writing`).
        self.db.execute(f"PRAGMA busy_timeout = {round(busy_timeout_s * 1000)}")
        if self.db.utils.journal_mode != "wal":
            self.db.utils.enable_wal()
        self.db.execute("PRAGMA foreign_keys = ON")
        self.ensure_schema()

    @property
    def location(self) -> Path | str:
        """What opens this ledger again: its file, or its PostgreSQL URL."""
        return self.url if self.url is not None else self.path

    @property
    def where(self) -> str:
        """The ledger, for messages and caches: its file, or its URL without a password."""
        return described(self.url) if self.url is not None else str(self.path.resolve())

    def __enter__(self) -> AccountStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def alongside(self, read: Callable[[AccountStore], T]) -> concurrent.futures.Future[T]:
        """`read` done on another thread, with a read-only connection of its own to this ledger,
        while this one goes on. Both drivers let go of Python's lock while the database works,
        so two scans of a big ledger run on two cores at once (the manager's day plan: its
        ranking and the team's overdue money). It reads what is committed: nothing this
        store's own open transaction wrote. `read` returns what it read, not a cursor or a
        generator: its connection is closed when it returns."""
        location, wait = self.location, self.busy_timeout_s

        def read_alone() -> T:
            with AccountStore(location, wait, read_only=True) as other:
                return read(other)

        return _ALONGSIDE.submit(read_alone)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction: all of it is saved, or (on an error) none of it.

        It begins with BEGIN IMMEDIATE, taking the write lock first, and so waits out the busy
        timeout while another connection writes. A deferred BEGIN (sqlite-utils' `atomic`)
        reads first and then fails at once when it needs to write: SQLite cannot wait for a
        lock a reader upgrades, as the reader's snapshot may already be out of date."""
        if self.db.in_transaction:  # inside another write: a savepoint of it
            with self.db.savepoint():
                yield
            return
        self.db.begin_write(self.busy_timeout_s)
        try:
            yield
            self.db.commit()
        except BaseException:
            self.db.rollback()
            raise

    def ensure_schema(self) -> None:
        """Creates what an SQLite ledger lacks (a PostgreSQL one: `postgres_schema.ensure`)."""
        assert isinstance(self.db, SqliteConnection)
        # One query per open: every table's columns (a missing table has none) and every index.
        have = {
            (r["t"], r["name"])
            for r in self.db.query(
                "select m.name as t, p.name from sqlite_master m, pragma_table_info(m.name) p "
                "where m.type = 'table' "
                "union all select '', name from sqlite_master where type in ('index', 'trigger')"
            )
        }
        columns_there = all((t.name, c.name) in have for t in TABLES.values() for c in t.columns)
        missing = [
            (t, c) for t in TABLES.values() for c in t.unique if ("", t.unique_index(c)) not in have
        ]
        # A unique index that duplicates keep out is not retried under the write lock at every
        # open: a read finds the duplicates first (only on such a ledger).
        counted = all(("", name) in have for name in _NAMES_CHANGED_TRIGGERS)
        indexed = all(
            ("", t.index_name(columns)) in have for t in TABLES.values() for columns in t.indexes
        ) and not any(("", name) in have for t in TABLES.values() for name in t.retired_indexes)
        partial = all(
            ("", i.name) in have or (columns_there and i.unique and self._broken(t, i))
            for t in TABLES.values()
            for i in t.partial_indexes
        )
        if (
            columns_there
            and counted
            and indexed
            and partial
            and all(self._duplicated(t, c) for t, c in missing)
        ):
            return
        existing = {t for t, _ in have}
        with self.writing():
            # The first release made an unused `promises` table keyed by an integer id.
            if (
                "promises" in existing
                and "promise_id" not in self.db.utils["promises"].columns_dict
                and self.db.utils["promises"].count == 0
            ):
                self.db.utils.table("promises").drop()
            for table in TABLES.values():
                self.db.utils.table(table.name).create(**table.create_args(), if_not_exists=True)
                # Columns added by later releases; old rows read them as empty.
                present = self.db.utils.table(table.name).columns_dict
                added = [c for c in table.columns if c.name not in present]
                for column in added:
                    self.db.utils.table(table.name).add_column(
                        column.name,
                        column.kind.sqlite_type,
                        not_null_default=0 if column.kind is Kind.TALLY else None,
                    )
                if any(c.name == "paid_cents" for c in added):
                    self._refresh_paid(None)
                self._plain_indexes(table)
                self._partial_indexes(table)
                self._unique_indexes(table)
                for name in table.retired_indexes:
                    self.db.execute(f"drop index if exists {name}")
            for statement in _NAMES_CHANGED_SQL:
                self.db.execute(statement)

    def customer_names_version(self) -> int | None:
        """A number that changes whenever a customer is added, removed or renamed (triggers keep
        it), so that a process caching the names reads them again only then. None on a ledger
        no writer has opened since this release (opened read-only): no count to go by."""
        try:
            row = self.db.execute("select version from customer_names_version").fetchone()
        except DATABASE_ERRORS:
            return None
        return int(row[0]) if row else None

    def _partial_indexes(self, table: Table) -> None:
        for index in table.partial_indexes:
            if index.unique and self._broken(table, index):
                # Rows from before the rule break it: the ledger still opens (logged once),
                # and the writer's lock keeps the rule from now on.
                if index.name not in _WARNED:
                    _WARNED.add(index.name)
                    logger.warning("%s: %s not made: rows break it.", self.where, index.name)
                continue
            self.db.execute(
                f"create {'unique ' if index.unique else ''}index if not exists "
                f"{index.name} on {table.name} ({', '.join(index.columns)}) where {index.where}"
            )

    def _broken(self, table: Table, index: PartialIndex) -> bool:
        """Whether two of the rows a unique partial index covers share its columns."""
        return self._repeats(table, index.columns, index.where)

    def _duplicated(self, table: Table, column: str) -> bool:
        """Whether two rows share a non-empty value of `column`."""
        return self._repeats(table, (column,), f"{column} is not null and {column} != ''")

    def _repeats(self, table: Table, columns: tuple[str, ...], where: str) -> bool:
        """Whether two rows meeting `where` share `columns`: a unique index could not be made."""
        names = ", ".join(columns)
        return bool(
            self.db.execute(
                f"select 1 from {table.name} where {where} group by {names} "
                "having count(*) > 1 limit 1"
            ).fetchall()
        )

    def _unique_indexes(self, table: Table) -> None:
        """A UNIQUE index on each of the table's unique columns. An empty value is stored as
        NULL, which SQLite lets any number of rows have. A ledger written before these indexes
        may hold duplicates: it still opens, without that index (logged once), until an import
        sorts them out; the importer refuses to add any, and `rep_for_sender` lets neither rep
        in on an identity two of them share."""
        for column in table.unique:
            self.db.execute(f"update {table.name} set {column} = null where {column} = ''")
            name = table.unique_index(column)
            if self._duplicated(table, column):
                if name not in _WARNED:
                    _WARNED.add(name)
                    logger.warning(
                        "%s: two %s rows share a %s, so it is not made unique yet; nobody is "
                        "let in with a shared one. Import %s.csv with one per row.",
                        self.path,
                        table.name,
                        column,
                        table.name,
                    )
                continue
            self.db.execute(f"create unique index if not exists {name} on {table.name} ({column})")

        # --- reps and customers -------------------------------------------------------------

    def rep_for_sender(self, channel: str | None, sender_id: str) -> Rep | None:
        """The active rep behind a conversation id of a channel (see `identity`); nobody when
        the id is not that channel's, or (on a ledger from before unique identities) when two
        reps share it."""
        user_id = identity.user_id(channel, sender_id)
        column = identity.column(channel)
        # A web id never holds a prefix: "telegram:42" over the web is not Telegram user 42.
        if not user_id or (column == identity.WEB_COLUMN and ":" in user_id):
            return None
        rows = list(
            self.db.query(
                f"{_rep_rows(self.db)} where r.{column} = ? and {_ACTIVE} limit 2", [user_id]
            )
        )
        return _rep(rows[0]) if len(rows) == 1 else None

    def rep(self, rep_id: str) -> Rep | None:
        """A rep by id, removed (inactive) ones too: their customers and rounds still name
        them."""
        rows = list(self.db.query(f"{_rep_rows(self.db)} where r.rep_id = ?", [rep_id]))
        return _rep(rows[0]) if rows else None

    def reps(self) -> list[Rep]:
        return [_rep(r) for r in self.db.query(f"{_rep_rows(self.db)} order by r.name, r.rep_id")]

    def rep_rows(self) -> list[dict]:
        """Every rep as stored, for the importer's checks against the whole ledger."""
        return list(self.db.query(f"select * from reps order by {self.db.oldest_first('reps')}"))

    # --- web chat sign-in ------------------------------------------------------------------

    def signin_standing(self, web_id: str) -> SignInStanding | None:
        """Whether the rep behind a web id may still use their sign-in codes, in one indexed
        query; None when no rep (or, on an old ledger, more than one) has that web id."""
        rows = self.db.execute(
            "select rep_id, coalesce(active, 1), signin_not_before from reps "
            "where rest_id = ? limit 2",
            [web_id],
        ).fetchall()
        if len(rows) != 1:
            return None
        rep_id, active, not_before = rows[0]
        return SignInStanding(
            rep_id, bool(active), dt.datetime.fromisoformat(not_before) if not_before else None
        )

    def revoke_signins(self, rep_id: str) -> bool:
        """Refuse every sign-in code the rep was issued until now. False if there is no such
        rep."""
        with self.writing():
            cursor = self.db.execute(
                "update reps set signin_not_before = ? where rep_id = ?", [_now_precise(), rep_id]
            )
        return cursor.rowcount > 0

    def customers_visible_to(self, rep: Rep) -> list[Customer]:
        where, args = visible_to(rep)
        rows = self.db.query(
            f"select * from customers c where {where} order by name, customer_id", args
        )
        return [_customer(r) for r in rows]

    def all_customers(self) -> list[Customer]:
        return [
            _customer(r)
            for r in self.db.query("select * from customers order by name, customer_id")
        ]

    def customer_names(self, rep: Rep, *, visible: bool) -> list[Customer]:
        """The customers `rep` may see (or, with visible=False, may not), with only what naming
        one needs (`all_customer_names`)."""
        where, args = visible_to(rep)
        # coalesce: "demo = 1" is NULL for a customer with no demo flag, and so is its "not".
        return self._names(where if visible else f"not coalesce(({where}), false)", args)

    def all_customer_names(self) -> list[Customer]:
        """Every customer with only what naming one needs: id, name, aliases, rep, demo."""
        return self._names("1 = 1", [])

    def _names(self, condition: str, args: list) -> list[Customer]:
        # Read as plain tuples: full rows through dicts cost 36 ms for 2,000 customers.
        rows = self.db.execute(
            f"select customer_id, name, aliases, rep_id, demo from customers c "
            f"where {condition} order by name, customer_id",
            args,
        ).fetchall()
        return [
            Customer(customer_id=i, name=n, rep_id=r, aliases=split_list(a), demo=bool(d))
            for i, n, a, r, d in rows
        ]

    def customers_by_id(self, customer_ids: Iterable[str]) -> list[Customer]:
        """These customers as the ledger has them now, in name order; unknown ids are left out."""
        ids = list(dict.fromkeys(customer_ids))
        found: list[Customer] = []
        for chunk in _chunks(ids):
            found += [
                _customer(r)
                for r in self.db.query(
                    f"select * from customers where customer_id in ({_marks(chunk)})", chunk
                )
            ]
        return sorted(found, key=lambda c: (c.name, c.customer_id))

    def customer(self, customer_id: str) -> Customer | None:
        rows = list(self.db.query("select * from customers where customer_id = ?", [customer_id]))
        return _customer(rows[0]) if rows else None

    def account(self, customer_id: str, today: dt.date) -> Account | None:
        accounts = self._accounts("customer_id = ?", [customer_id], today)
        return accounts[0] if accounts else None

    def accounts_visible_to(self, rep: Rep, today: dt.date) -> list[Account]:
        """Every account the rep may see, in a handful of queries: what ranking everyone reads
        (`day_plan.rank`, which the day plan's search must agree with)."""
        where, args = visible_to(rep, prefix="")
        return self._accounts(where, args, today)

    def accounts(self, customer_ids: Sequence[str], today: dt.date) -> list[Account]:
        """These customers' accounts, in name order; unknown ids are left out."""
        found: list[Account] = []
        for chunk in _chunks(list(customer_ids)):
            found += self._accounts(f"customer_id in ({_marks(chunk)})", chunk, today)
        return sorted(found, key=lambda a: (a.customer.name, a.customer.customer_id))

    def _scope(self, rep: Rep) -> tuple[str, list, str, list]:
        """The customers `rep` may see, for totals over a table with a customer_id: a
        condition to read only their rows (" and customer_id in (...)") and its arguments, or,
        for a team with most of the ledger, a condition on the customers joined as `c` after
        totalling. Reading 15,000 customers' rows one customer at a time is slower than
        reading them all (170 ms against 110 at a million invoices)."""
        where, args = visible_to(rep)
        if where == "1 = 1":
            return "", [], "", []
        if self.sees_most(rep):
            return "", [], f" and {where}", args
        return f" and customer_id in ({_VISIBLE_IDS.format(where)})", args, "", []

    def sees_most(self, rep: Rep) -> bool:
        """Whether `rep` may see most of the ledger's customers (more than three in four): totals
        over them read faster through the whole table than customer by customer."""
        seen, everyone = self.customer_share(rep)
        return seen * 4 > everyone * 3

    def customer_share(self, rep: Rep) -> tuple[int, int]:
        """How many customers `rep` may see, and how many the ledger has (two counts only for
        a manager with a team: a rep's share is small, and someone who sees all sees all)."""
        where, args = visible_to(rep)
        if where != "1 = 1" and not (rep.is_manager and rep.team):
            return 0, 1
        (everyone,) = self.db.execute("select count(*) from customers")
        if where == "1 = 1":
            return everyone[0], everyone[0]
        (seen,) = self.db.execute(f"select count(*) from customers c where {where}", args)
        return seen[0], everyone[0]

    def ranked(self, rep: Rep, today: dt.date, ask: TotalsScore) -> Iterator[ScoredTotals]:
        """The customers `rep` may see with open money or a promise falling due, highest
        score first, read as they are taken: a plan stops reading long before 20,000."""
        mine, args, theirs, their_args = self._scope(rep)
        day = today.isoformat()
        cuts = [(today - dt.timedelta(days=age)).isoformat() for age in reversed(ask.ages)]

        def weighted(weights: tuple[float, ...]) -> tuple[str, list]:
            # Oldest band first: each `when` takes the money at least that many days overdue.
            cases = " ".join("when due_on <= ? then ?" for _ in cuts)
            values = [v for pair in zip(cuts, reversed(weights[1:])) for v in pair]
            return f"sum((case {cases} else ? end) * (amount_cents - paid_cents))", [
                *values,
                weights[0],
            ]

        plain, plain_args = weighted(ask.weights[0])
        raised, raised_args = weighted(ask.weights[1])
        lapsed_before = (today - dt.timedelta(days=ask.grace_days)).isoformat()
        score = """
            (case when coalesce(raised, 0) > coalesce(plain, 0)
                and coalesce(lapsed, 0) + ? + coalesce(kinds, 0) > 0
                then coalesce(raised, 0) else coalesce(plain, 0) end)
            * (1 + ? * coalesce(lapsed, 0) + ? * (? + coalesce(kinds, 0)))
            + ? * coalesce(due, 0),
            coalesce(plain, 0), coalesce(raised, 0), coalesce(lapsed, 0), coalesce(kinds, 0),
            coalesce(due, 0)"""
        factors = [ask.signs_base, ask.per_lapsed, ask.per_sign, ask.signs_base, ask.per_due_cent]
        # Every customer with open money, then those with none but a promise falling due: found
        # from the few promises falling due, each looked up in the index of open invoices (SQLite
        # keeps the order a cross join gives), not from every customer the rep may see.
        sql = f"""
            with open as (
                select customer_id, {plain} as plain, {raised} as raised from invoices
                where paid_cents < amount_cents{mine} group by customer_id),
            promised as (
                select customer_id, sum(case when promised_for < ? then 1 else 0 end) as lapsed,
                    sum(case when promised_for >= ? then amount_cents else 0 end) as due
                from promises where made_on <= ? and promised_for <= ?
                    and status is distinct from ?{mine}
                group by customer_id),
            reported as (
                select customer_id, count(distinct kind) as kinds from warning_signs
                where reported_on between ? and ?{mine} group by customer_id)
            select customer_id, {score} from open
                left join promised using (customer_id) left join reported using (customer_id)
                join customers c using (customer_id) where 1 = 1{theirs}
            union all
            select p.customer_id, {score} from (
                select customer_id, lapsed, due, 0 as plain, 0 as raised from promised
                where due > 0 and not exists (
                    select 1 from invoices i where i.customer_id = promised.customer_id
                        and i.paid_cents < i.amount_cents)) p
                cross join customers c left join reported r on r.customer_id = p.customer_id
                where c.customer_id = p.customer_id{theirs}
            order by 2 desc, 1"""
        values = [
            *plain_args,
            *raised_args,
            *args,
            lapsed_before,
            lapsed_before,
            day,
            day,
            PROMISE_CANCELLED,
            *args,
            ask.signs_since.isoformat(),
            day,
            *args,
            *factors,
            *their_args,
            *factors,
            *their_args,
        ]
        for row in self.db.execute(sql, values):
            yield ScoredTotals(*row)

    def invoice_facts(
        self, customer_ids: Sequence[str], asked: FactsAsked
    ) -> dict[str, InvoiceFacts]:
        """`InvoiceFacts` for each of these customers (none for a customer with no invoices
        and no excuses)."""
        day = asked.today.isoformat()
        found: dict[str, InvoiceFacts] = {}
        for chunk in _chunks(list(customer_ids)):
            ids = _marks(chunk)
            rows = self.db.execute(
                f"""
                with largest as (
                    select customer_id, max(amount_cents) as cents from invoices
                    where customer_id in ({ids}) and issued_on between ? and ?
                    group by customer_id),
                paid as (
                    select invoice_no, max(received_on) as last from payments
                    where customer_id in ({ids}) and invoice_no is not null group by invoice_no)
                select i.customer_id, count(*),
                    sum(case when i.due_on < ? then 1 else 0 end),
                    sum(case when i.due_on < ? and i.paid_cents >= i.amount_cents
                        and {self.db.days_between("paid.last", "i.due_on")} <= ?
                        then 1 else 0 end),
                    max(l.cents),
                    sum(case when i.amount_cents * ? <= l.cents * ? then 1 else 0 end)
                from invoices i left join largest l using (customer_id)
                    left join paid using (invoice_no)
                where i.customer_id in ({ids}) group by i.customer_id""",
                [
                    *chunk,
                    asked.recent_from.isoformat(),
                    day,
                    *chunk,
                    day,
                    day,
                    asked.on_time_days,
                    asked.large_factor,
                    1 + 1e-9,  # a hair of slack: a product rounded up must rule no order out
                    *chunk,
                ],
            )
            for customer_id, invoices, due, on_time, largest, small in rows:
                found[customer_id] = InvoiceFacts(invoices, due, on_time or 0, largest, small or 0)
            rows = self.db.execute(
                "select customer_id, count(*) from excuse_log "
                f"where customer_id in ({ids}) and logged_on > ? and logged_on <= ? "
                "group by customer_id",
                [*chunk, asked.excuses_after.isoformat(), day],
            )
            for customer_id, excuses in rows:
                facts = found.get(customer_id, InvoiceFacts())
                found[customer_id] = dataclasses.replace(facts, recent_excuses=excuses)
        return found

    def overdue_by_rep(self, rep: Rep, today: dt.date) -> list[RepOverdue]:
        """Each rep `rep` oversees with money overdue (themselves, for a rep): how many
        customers owe it and how much, per currency; most overdue first."""
        mine, args, theirs, their_args = self._scope(rep)
        # Per customer first, so that customers are joined to their rep 20,000 times, not
        # once per open invoice; the customers counted apart, as one may owe in two currencies.
        rows = self.db.execute(
            f"""
            with owing as (
                select c.rep_id, o.customer_id, o.currency, o.cents from (
                    select customer_id, currency, sum(amount_cents - paid_cents) as cents
                    from invoices where paid_cents < amount_cents and due_on < ?{mine}
                    group by customer_id, currency) o
                join customers c using (customer_id) where 1 = 1{theirs})
            select rep_id, currency, sum(cents), 0 from owing group by rep_id, currency
            union all
            select rep_id, null, 0, count(distinct customer_id) from owing group by rep_id""",
            [today.isoformat(), *args, *their_args],
        ).fetchall()
        owed: dict[str, list[tuple[str, int]]] = {}
        customers: dict[str, int] = {}
        for rep_id, currency, cents, count in rows:
            if currency is None and count:
                customers[rep_id] = count
            else:
                owed.setdefault(rep_id, []).append((currency or DEFAULT_CURRENCY, cents))
        found = [
            RepOverdue(
                rep_id, customers.get(rep_id, 0), tuple(sorted(amounts, key=lambda a: -a[1]))
            )
            for rep_id, amounts in owed.items()
        ]
        return sorted(found, key=lambda r: (-r.cents, r.rep_id))

    def demo_accounts(self, today: dt.date) -> list[Account]:
        """Accounts marked as demo data: the only ones role-play and trainees may use."""
        return self._accounts("demo = 1", [], today)

    def _accounts(self, where: str, params: list, today: dt.date) -> list[Account]:
        """Accounts of the customers matching `where` (a condition on the customers table)."""
        customers = [
            _customer(r)
            for r in self.db.query(
                f"select * from customers where {where} order by name, customer_id", params
            )
        ]
        if not customers:
            return []
        chosen = f"customer_id in (select customer_id from customers where {where})"
        day = today.isoformat()
        parts: dict[str, dict[str, list]] = {
            k: {} for k in ("invoices", "payments", "excuses", "promises", "signs", "notes")
        }

        def collect(kind: str, table: str, sql: str, args: list) -> None:
            parts[kind] = _grouped(self.db.execute(sql, args), table)

        collect(
            "invoices",
            "invoices",
            f"select * from invoices where {chosen} order by due_on, invoice_no",
            params,
        )
        collect(
            "payments",
            "payments",
            f"select * from payments where {chosen} order by received_on, payment_id",
            params,
        )
        # Records dated after the business day are not known yet "as of today".
        collect(
            "excuses",
            "excuse_log",
            f"select * from excuse_log where {chosen} and logged_on <= ? order by id",
            [*params, day],
        )
        collect(
            "promises",
            "promises",
            f"select * from promises where {chosen} and made_on <= ? "
            f"order by promised_for, {_WRITTEN}, promise_id",
            [*params, day],
        )
        collect(
            "signs",
            "warning_signs",
            f"select * from warning_signs where {chosen} and reported_on <= ? "
            "order by reported_on, sign_id",
            [*params, day],
        )
        collect(
            "notes",
            "notes",
            f"select * from notes where {chosen} and noted_on <= ? order by id",
            [*params, day],
        )
        return [
            Account(
                customer=c,
                today=today,
                **{k: tuple(v.get(c.customer_id, ())) for k, v in parts.items()},
            )
            for c in customers
        ]

    # --- promises, warning signs and notes from the visit ----------------------------------

    def add_promise(
        self,
        *,
        customer_id: str,
        rep_id: str | None,
        amount_cents: int,
        promised_for: dt.date,
        made_on: dt.date,
        invoice_nos: Iterable[str] = (),
    ) -> str:
        """The new promise's id; or, when the rep already made the same promise in chat (amount,
        day and invoices) on this customer that day and did not cancel it, that one's id, and
        nothing written (a turn sent again). Under the writer's lock, and the database keeps
        the rule too (`promises_once_a_day`): two confirmations at once save one promise."""
        row = dict(
            promise_id=_new_id("PR"),
            customer_id=customer_id,
            rep_id=rep_id,
            amount_cents=amount_cents,
            promised_for=promised_for.isoformat(),
            made_on=made_on.isoformat(),
            invoice_nos=join_list(invoice_nos),
            status=PROMISE_OPEN,
            created_at=_now(),
        )
        same = (*PROMISE_SAME, "invoice_nos")
        with self.writing():
            return self._insert("promises", row, same, PROMISE_ONCE)

    def _insert(self, table: str, row: dict, same: tuple[str, ...], also: str = "1 = 1") -> Any:
        """Inserts `row` into `table` and returns its key; with `same`, a row already there
        equal to it in those columns (and meeting `also`) is taken instead, and its key
        returned. Inside `writing`: the write lock, held from its start, lets no other writer
        in between the look and the insert."""
        key = TABLES[table].key
        if same:
            where = " and ".join(f"{c} is not distinct from ?" for c in same)
            found = self.db.execute(
                f"select {key} from {table} where {where} and {also} "
                f"order by {self.db.oldest_first(table)} limit 1",
                [row[c] for c in same],
            ).fetchone()
            if found:
                return found[0]
        return self._insert_row(table, row)

    def _insert_row(self, table: str, row: dict) -> Any:
        """Inserts one row; its key (a SERIAL key: the one the database gave it)."""
        columns = list(row)
        (key,) = self.db.execute(
            f"insert into {table} ({', '.join(columns)}) values ({_marks(columns)}) "
            f"returning {TABLES[table].key}",
            list(row.values()),
        ).fetchone()
        return key

    def promise_books(
        self, rep: Rep, start: dt.date, end: dt.date, today: dt.date
    ) -> list[PromiseBook]:
        """The promise books of the customers `rep` may see with a promise (not cancelled)
        falling due between start and end, in name order. Each holds the promises made by
        today falling due by `end`: payments go to promises in the order they fall due
        (`collection.promises.statuses`), so later ones change nothing before. And only the
        payments received since the earliest of those was made, as none before counts."""
        where, visible_args = visible_to(rep)
        chosen = (
            "customer_id in (select p.customer_id from promises p join customers c "
            "using (customer_id) where p.promised_for between ? and ? "
            f"and p.status is distinct from ? and {where})"
        )
        args = [start.isoformat(), end.isoformat(), PROMISE_CANCELLED, *visible_args]
        return self._promise_books(chosen, args, end, today)

    def promise_books_of(self, customer_ids: Sequence[str], today: dt.date) -> list[PromiseBook]:
        """These customers' promise books, every promise made by today in each (as
        `promise_books`), in name order; unknown ids are left out."""
        found: list[PromiseBook] = []
        for chunk in _chunks(list(customer_ids)):
            found += self._promise_books(
                f"customer_id in ({_marks(chunk)})", chunk, dt.date.max, today
            )
        return sorted(found, key=lambda b: (b.customer.name, b.customer.customer_id))

    def _promise_books(
        self, chosen: str, args: list, end: dt.date, today: dt.date
    ) -> list[PromiseBook]:
        """The books of the customers `chosen` (a condition on customer_id) picks."""
        day, last = today.isoformat(), end.isoformat()
        # The account's currency is its first invoice's (`Account.currency`).
        cursor = self.db.execute(
            "select c.*, (select i.currency from invoices i where i.customer_id = c.customer_id "
            "order by i.due_on, i.invoice_no limit 1) as first_currency "
            f"from customers c where c.{chosen} order by c.name, c.customer_id",
            args,
        )
        columns = tuple(d[0] for d in cursor.description)
        read, currency = row_reader("customers", columns), columns.index("first_currency")
        customers = [(read(row), row[currency]) for row in cursor]
        if not customers:
            return []
        promises = _grouped(
            self.db.execute(
                f"select * from promises where {chosen} and made_on <= ? and promised_for <= ? "
                f"order by promised_for, {_WRITTEN}, promise_id",
                [*args, day, last],
            ),
            "promises",
        )
        payments = _grouped(
            self.db.execute(
                "select y.* from payments y join (select customer_id, min(made_on) as first_made "
                f"from promises where {chosen} and made_on <= ? and promised_for <= ? "
                "and status is distinct from ? group by customer_id) b using (customer_id) "
                "where y.received_on >= b.first_made order by y.received_on, y.payment_id",
                [*args, day, last, PROMISE_CANCELLED],
            ),
            "payments",
        )
        return [
            PromiseBook(
                customer=c,
                today=today,
                currency=first_currency or DEFAULT_CURRENCY,
                promises=tuple(promises.get(c.customer_id, ())),
                payments=tuple(payments.get(c.customer_id, ())),
            )
            for c, first_currency in customers
        ]

    def promise_days_after(self, rep: Rep, after: dt.date, limit: int) -> list[dt.date]:
        """The first `limit` days after `after` that customers the rep may see promised to pay
        on (cancelled promises aside), earliest first."""
        where, visible_args = visible_to(rep)
        sql = (
            "select distinct p.promised_for from promises p join customers c using (customer_id) "
            f"where p.promised_for > ? and p.status is distinct from ? and {where} "
            "order by p.promised_for limit ?"
        )
        args = [after.isoformat(), PROMISE_CANCELLED, *visible_args, limit]
        return [dt.date.fromisoformat(r["promised_for"]) for r in self.db.query(sql, args)]

    def promises(self, customer_id: str | None = None) -> list[Promise]:
        if customer_id is None:
            return [
                _promise(r)
                for r in self.db.query(f"select * from promises order by {_WRITTEN}, promise_id")
            ]
        return [
            _promise(r)
            for r in self.db.query(
                f"select * from promises where customer_id = ? order by {_WRITTEN}, promise_id",
                [customer_id],
            )
        ]

    def add_sign(
        self,
        *,
        customer_id: str,
        rep_id: str | None,
        kind: str,
        text: str,
        reported_on: dt.date,
        once: bool = False,
    ) -> str:
        """The new sign's id. `once`: the same sign in the same words the rep already reported
        on this customer that day is this one (its id; nothing written)."""
        row = dict(
            sign_id=_new_id("WS"),
            customer_id=customer_id,
            rep_id=rep_id,
            kind=kind,
            text=text,
            reported_on=reported_on.isoformat(),
            created_at=_now(),
        )
        same = ("customer_id", "rep_id", "reported_on", "kind", "text")
        with self.writing():
            return self._insert("warning_signs", row, same if once else ())

    def add_note(
        self,
        *,
        customer_id: str,
        rep_id: str | None,
        text: str,
        noted_on: dt.date,
        once: bool = False,
    ) -> int:
        """The new note's id. `once`: the same words the rep already noted on this customer
        that day are this note (its id; nothing written)."""
        row = dict(
            customer_id=customer_id,
            rep_id=rep_id,
            text=text,
            noted_on=noted_on.isoformat(),
            created_at=_now(),
        )
        with self.writing():
            found = self._insert(
                "notes", row, ("customer_id", "rep_id", "noted_on", "text") if once else ()
            )
        return int(found or 0)

    def rows(self, table: str) -> list[dict]:
        """Every row of one of our tables, oldest first (for tests and checks)."""
        if table not in TABLES:
            raise ValueError(f"no table {table!r}")
        return list(self.db.query(f"select * from {table} order by {self.db.oldest_first(table)}"))

    # --- role-play training --------------------------------------------------------------

    def add_round(self, played: RoleplayRound) -> str:
        round_id = played.round_id or _new_id("RP")
        with self.writing():
            self._insert_row(
                "roleplay_rounds",
                dict(
                    round_id=round_id,
                    rep_id=played.rep_id,
                    excuse=played.excuse,
                    difficulty=played.difficulty,
                    customer_id=played.customer_id,
                    played_on=played.played_on.isoformat(),
                    turns=played.turns,
                    score=played.score,
                    passed=int(played.passed),
                    outcome=played.outcome,
                    met=join_list(played.met),
                    checks_met=join_list(played.checks_met),
                    language=played.language,
                    created_at=_now(),
                ),
            )
        return round_id

    def rounds(self, rep_id: str | None = None) -> list[RoleplayRound]:
        """Finished role-play rounds, oldest first: one rep's, or everyone's."""
        where, args = ("where rep_id = ?", [rep_id]) if rep_id is not None else ("", [])
        return [
            to_model("roleplay_rounds", r)
            for r in self.db.query(
                f"select * from roleplay_rounds {where} "
                f"order by played_on, {self.db.oldest_first('roleplay_rounds')}",
                args,
            )
        ]

    # --- the excuse log -------------------------------------------------------------------

    def log_excuse(
        self,
        *,
        customer_id: str | None,
        rep_id: str | None,
        intent: str,
        text: str,
        verdict: str | None,
        logged_on: dt.date,
    ) -> int | None:
        """Log an excuse once per customer (or, with none chosen, per rep), excuse and day: said
        again in the same visit it is the same excuse. Returns the new row's id, or None when it
        was already logged. Under the writer's lock, and the database keeps the rule too
        (`excuse_log_once_a_day`): two turns at once cannot both insert it."""
        same = (
            "customer_id = ?"
            if customer_id is not None
            else "customer_id is null and rep_id is not distinct from ?"
        )
        with self.writing():
            found = self.db.execute(
                "insert into excuse_log (customer_id, rep_id, intent, text, verdict, logged_on, "
                "logged_at) select ?, ?, ?, ?, ?, ?, ? where not exists (select 1 from excuse_log "
                f"where {same} and intent = ? and logged_on = ?) "
                "on conflict do nothing returning id",
                [
                    customer_id,
                    rep_id,
                    intent,
                    text,
                    verdict,
                    logged_on.isoformat(),
                    _now(),
                    customer_id if customer_id is not None else rep_id,
                    intent,
                    logged_on.isoformat(),
                ],
            ).fetchone()
        return found[0] if found else None

    def excuse_log(self, customer_id: str | None = None) -> list[dict]:
        if customer_id is None:
            return list(self.db.query("select * from excuse_log order by id"))
        return list(
            self.db.query(
                "select * from excuse_log where customer_id = ? order by id", [customer_id]
            )
        )

    # --- undoing a record made in chat ---------------------------------------------------

    def delete_record(
        self, table: str, key: str | int, allow: Callable[[dict], bool] = lambda row: True
    ) -> Deletion:
        """Deletes the record of `table` (one of CHAT_RECORDS) whose key is `key`, if `allow`
        says so of its row. The look and the delete are one write (BEGIN IMMEDIATE), so the row
        `allow` judged is the row deleted. Raises one of `connection.UNAVAILABLE`, with nothing
        deleted, when the ledger cannot be written."""
        if table not in CHAT_RECORDS:
            raise ValueError(f"{table!r} holds no records made in chat")
        column = TABLES[table].key
        with self.writing():
            found = list(self.db.query(f"select * from {table} where {column} = ?", [key]))
            if not found or not allow(found[0]):
                return Deletion(found[0] if found else None, False)
            cursor = self.db.execute(f"delete from {table} where {column} = ?", [key])
        return Deletion(found[0], cursor.rowcount == 1)

    # --- import ---------------------------------------------------------------------------

    def key_owners(self, table: str) -> dict[str, str | None]:
        """Every key of `table`, with the customer its row belongs to (None where the table
        has no customer column)."""
        spec = TABLES[table]
        owner = "customer_id" if "customer_id" in {c.name for c in spec.columns} else "null"
        return dict(self.db.execute(f"select {spec.key}, {owner} from {table}").fetchall())

    def write_import(self, rows_by_table: Mapping[str, Iterable[dict]]) -> None:
        """Upsert every table's rows in one transaction: all of the import lands, or none."""
        batch = {
            table: (
                [_without_empty_identities(TABLES[table], r) for r in rows]
                if TABLES[table].unique
                else list(rows)  # nothing to clear: a million invoices need no copying
            )
            for table in IMPORT_TABLES
            for rows in [rows_by_table.get(table) or ()]
        }
        # A big import has SQLite check its references once, at the end, not row by row (17 of
        # the 27 s that writing a million invoices took). PRAGMA foreign_keys holds only outside
        # a transaction, hence before `writing`.
        bulk = sum(map(len, batch.values())) >= BULK_ROWS and not self.db.in_transaction
        # PostgreSQL checks each reference as it writes, fast enough; SQLite, later and once.
        sqlite_bulk = bulk and self.db.dialect == "sqlite"
        if sqlite_bulk:
            self.db.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.writing():
                rebuilt = self._drop_indexes(batch) if sqlite_bulk else []
                for table, rows in batch.items():
                    if not rows:
                        continue
                    if table == "reps":
                        self._before_reps(rows)
                    # The invoices the payments name, before this import (which then lose
                    # them) and after; a big import totals every invoice once, below.
                    paid = None if bulk or table != "payments" else self._invoices_paid_by(rows)
                    self._upsert(TABLES[table], rows)
                    if paid is not None:
                        self._refresh_paid(sorted({*paid, *self._invoices_paid_by(rows)}))
                if bulk:
                    for table in rebuilt:
                        self._plain_indexes(TABLES[table])
                    if batch["payments"]:
                        self._refresh_paid(None)
                    if sqlite_bulk:
                        self._check_references(batch)
                for table in IMPORT_TABLES:  # unique indexes a fixed duplicate held back
                    if self.db.dialect == "sqlite":
                        self._unique_indexes(TABLES[table])
                        self._partial_indexes(TABLES[table])
        finally:
            if sqlite_bulk:
                self.db.execute("PRAGMA foreign_keys = ON")
        if bulk and self.db.dialect == "postgresql":
            # What autovacuum would do in its own time, at once: the planner's statistics (a
            # day plan right after a big import ran on guesses: 1.0 s against 0.1) and the
            # visibility map, which lets the plans read the index of open invoices alone (a
            # rep's plan at 1M invoices 53 to 36 ms). Outside the import's transaction, as
            # VACUUM must be: the import is saved whether or not this runs.
            try:
                self.db.execute(f"vacuum (analyze) {', '.join(IMPORT_TABLES)}")
            except DATABASE_ERRORS as exc:
                logger.warning("vacuum after the import failed (autovacuum will catch up): %s", exc)

    def _check_references(self, batch: Mapping[str, list[dict]]) -> None:
        """After a big SQLite import written with its reference checks off: each table it wrote
        checked once (raising IntegrityError, so that the import is rolled back)."""
        for table, rows in batch.items():
            broken = rows and self.db.execute(f"pragma foreign_key_check({table})").fetchone()
            if broken:
                raise sqlite3.IntegrityError(
                    f"FOREIGN KEY constraint failed: {table} row {broken[1]} "
                    f"names a missing {broken[2]} row"
                )

    def _drop_indexes(self, batch: Mapping[str, list[dict]]) -> list[str]:
        """Before a big import: the indexes that only speed reads, of each table the import at
        least doubles, which then builds them once instead of keeping them up row by row. The
        tables whose plain indexes to build again (the partial ones are built again anyway)."""
        for index in _PARTIAL_INDEXES:
            self.db.execute(f"drop index if exists {index.name}")
        rebuilt = []
        for table, rows in batch.items():
            (have,) = self.db.execute(f"select count(*) from {table}").fetchone()
            if rows and len(rows) >= have:
                for columns in TABLES[table].indexes:
                    self.db.execute(f"drop index if exists {TABLES[table].index_name(columns)}")
                rebuilt.append(table)
        return rebuilt

    def _plain_indexes(self, table: Table) -> None:
        for columns in table.indexes:
            self.db.execute(
                f"create index if not exists {table.index_name(columns)} "
                f"on {table.name} ({', '.join(columns)})"
            )

    def _upsert(self, table: Table, rows: list[dict]) -> None:
        """Insert each row, or update the columns it has on the row with its key (columns it
        lacks keep their values): one statement per set of columns, run over all their rows
        (sqlite-utils' upsert_all built each row's statements in Python: 30 s of a million)."""
        for columns, values in _by_columns(rows).items():
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != table.key)
            self.db.upsert_many(
                table.name,
                columns,
                values,
                f"on conflict ({table.key}) do "
                + (f"update set {updates}" if updates else "nothing"),
            )

    def _invoices_paid_by(self, payments: list[dict]) -> list[str]:
        """The invoices these payments name, in the rows and in the ledger."""
        ids = [p["payment_id"] for p in payments]
        named = {p["invoice_no"] for p in payments if p.get("invoice_no")}
        for chunk in _chunks(ids):
            named.update(
                r[0]
                for r in self.db.execute(
                    f"select invoice_no from payments where invoice_no is not null "
                    f"and payment_id in ({_marks(chunk)})",
                    chunk,
                )
            )
        return sorted(named)

    def _refresh_paid(self, invoice_nos: list[str] | None) -> None:
        """`invoices.paid_cents`: what the payments naming each of these invoices (None: every
        invoice) add up to. Payments are written here only, so it never goes stale."""
        total = (
            "coalesce((select sum(p.amount_cents) from payments p "
            "where p.invoice_no = invoices.invoice_no), 0)"
        )
        if invoice_nos is None and self.db.dialect == "postgresql":
            for statement in postgres_schema.PAID_TOTALS_SQL:
                self.db.execute(statement)
            return
        if invoice_nos is None:
            self.db.execute(f"update invoices set paid_cents = {total}")
            return
        for chunk in _chunks(invoice_nos):
            self.db.execute(
                f"update invoices set paid_cents = {total} where invoice_no in ({_marks(chunk)})",
                chunk,
            )

    def _before_reps(self, reps: list[dict]) -> None:
        """Before reps are upserted: their identities the rows bring are let go, so that two
        reps may swap ids in one import without one row colliding with the other (the rows
        set them again, within the same transaction). A rep an import removes (active = no)
        loses the sign-in codes issued so far, so putting them back later revives none."""
        ids = [r["rep_id"] for r in reps]
        for column in TABLES["reps"].unique:
            if any(column in r for r in reps):
                self.db.execute(
                    f"update reps set {column} = null where rep_id in ({_marks(ids)})", ids
                )
        removed = [r["rep_id"] for r in reps if r.get("active") == 0]
        if removed:
            self.db.execute(
                "update reps set signin_not_before = ? where coalesce(active, 1) = 1 "
                f"and rep_id in ({_marks(removed)})",
                [_now_precise(), *removed],
            )

    def counts(self) -> dict[str, int]:
        return {
            name: self.db.execute(f"select count(*) from {name}").fetchone()[0] for name in TABLES
        }


# Typed wrappers: `to_model` returns whichever model its table names.


def _rep(row: Mapping[str, Any]) -> Rep:
    return to_model("reps", row, team=tuple(sorted(split_list(row.get("team")))))


def _by_columns(rows: Iterable[dict]) -> dict[tuple[str, ...], list[tuple]]:
    """The rows' values, grouped by the columns they have, in the order of each group's
    columns. The rows of one file have the same columns: a row is compared with the one
    before, and its values taken by name in C (half the time of building two tuples a row)."""
    groups: dict[tuple[str, ...], list[tuple]] = {}
    keys: Any = None
    group: list[tuple] = []
    take: Callable[[dict], tuple] = tuple
    for row in rows:
        if row.keys() != keys:  # another set of columns (as a set: the order is `take`'s)
            keys = row.keys()
            columns = tuple(row)
            group = groups.setdefault(columns, [])
            take = operator.itemgetter(*columns) if len(columns) > 1 else _one(columns[0])
        group.append(take(row))
    return groups


def _one(column: str) -> Callable[[dict], tuple]:
    """A row's value of `column` as a 1-tuple (itemgetter of one name gives the bare value)."""
    return lambda row: (row[column],)


def _without_empty_identities(table: Table, row: dict) -> dict:
    """An empty identity is no identity: NULL, which the unique indexes let repeat."""
    empty = [c for c in table.unique if row.get(c) == ""]
    return {**row, **dict.fromkeys(empty)} if empty else row


def _customer(row: Mapping[str, Any]) -> Customer:
    return to_model("customers", row)


def _promise(row: Mapping[str, Any]) -> Promise:
    return to_model("promises", row)
