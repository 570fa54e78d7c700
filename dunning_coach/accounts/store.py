"""The account database: the schema and every query. The only module that talks to SQLite."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import sqlite_utils

from dunning_coach.accounts.models import (
    PROMISE_CANCELLED,
    PROMISE_OPEN,
    Account,
    Customer,
    Promise,
    Rep,
    RoleplayRound,
)
from dunning_coach.accounts.schema import IMPORT_TABLES, TABLES, join_list, split_list, to_model
from dunning_coach.common import environment, identity


def _visible_to(rep: Rep, prefix: str = "c.") -> tuple[str, list]:
    """The customers `rep` may see as a condition on the customers table (the SQL twin of
    `Rep.may_see`)."""
    if rep.is_manager:
        return "1 = 1", []
    if rep.is_trainee:
        return f"{prefix}demo = 1", []
    return f"{prefix}rep_id = ?", [rep.rep_id]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _new_id(prefix: str) -> str:
    # Text ids: rows made in chat can never collide with ids a later CSV import brings.
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class AccountStore:
    """A connection to one account database. Open one per unit of work; close it after."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else environment.db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.path)
        # WAL lets the action server read while an import or another turn writes;
        # the busy timeout makes concurrent writers wait instead of failing "database is locked".
        self.db.execute("PRAGMA busy_timeout = 5000")
        if self.db.journal_mode != "wal":
            self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys = ON")
        self.ensure_schema()

    def __enter__(self) -> AccountStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def ensure_schema(self) -> None:
        # One query per open: every table's columns (a missing table has none).
        have = {
            (r["t"], r["name"])
            for r in self.db.query(
                "select m.name as t, p.name from sqlite_master m, pragma_table_info(m.name) p "
                "where m.type = 'table'"
            )
        }
        if all((t.name, c.name) in have for t in TABLES.values() for c in t.columns):
            return
        existing = {t for t, _ in have}
        with self.db.atomic():
            # The first release made an unused `promises` table keyed by an integer id.
            if (
                "promises" in existing
                and "promise_id" not in self.db["promises"].columns_dict
                and self.db["promises"].count == 0
            ):
                self.db.table("promises").drop()
            for table in TABLES.values():
                self.db.table(table.name).create(**table.create_args(), if_not_exists=True)
                # Columns added by later releases; old rows read them as empty.
                present = self.db.table(table.name).columns_dict
                for column in table.columns:
                    if column.name not in present:
                        self.db.table(table.name).add_column(column.name, column.kind.sqlite_type)
                for columns in table.indexes:
                    self.db.table(table.name).create_index(list(columns), if_not_exists=True)

    # --- reps and customers -------------------------------------------------------------

    def rep_for_sender(self, channel: str | None, sender_id: str) -> Rep | None:
        """The rep behind a conversation id of a channel (see `identity`)."""
        user_id = identity.user_id(channel, sender_id)
        if not user_id:
            return None
        column = identity.column(channel)
        rows = list(self.db.query(f"select * from reps where {column} = ? limit 1", [user_id]))
        return _rep(rows[0]) if rows else None

    def rep(self, rep_id: str) -> Rep | None:
        rows = list(self.db.query("select * from reps where rep_id = ?", [rep_id]))
        return _rep(rows[0]) if rows else None

    def reps(self) -> list[Rep]:
        return [_rep(r) for r in self.db.query("select * from reps order by name")]

    def customers_visible_to(self, rep: Rep) -> list[Customer]:
        where, args = _visible_to(rep)
        rows = self.db.query(f"select * from customers c where {where} order by name", args)
        return [_customer(r) for r in rows]

    def all_customers(self) -> list[Customer]:
        return [_customer(r) for r in self.db.query("select * from customers order by name")]

    def customer_names(self, rep: Rep, *, visible: bool) -> list[Customer]:
        """The customers `rep` may see (or, with visible=False, may not), with only what naming
        one needs: id, name, aliases, rep. Read as plain tuples: every excuse turn reads them
        all, and full rows through dicts cost 36 ms for 2,000 customers."""
        where, args = _visible_to(rep)
        # coalesce: "demo = 1" is NULL for a customer with no demo flag, and so is its "not".
        condition = where if visible else f"not coalesce(({where}), 0)"
        rows = self.db.execute(
            f"select customer_id, name, aliases, rep_id, demo from customers c "
            f"where {condition} order by name",
            args,
        ).fetchall()
        return [
            Customer(customer_id=i, name=n, rep_id=r, aliases=split_list(a), demo=bool(d))
            for i, n, a, r, d in rows
        ]

    def customer(self, customer_id: str) -> Customer | None:
        rows = list(self.db.query("select * from customers where customer_id = ?", [customer_id]))
        return _customer(rows[0]) if rows else None

    def account(self, customer_id: str, today: dt.date) -> Account | None:
        accounts = self._accounts("customer_id = ?", [customer_id], today)
        return accounts[0] if accounts else None

    def accounts_visible_to(self, rep: Rep, today: dt.date) -> list[Account]:
        """Every account the rep may see, loaded in a handful of queries (the day's plan)."""
        where, args = _visible_to(rep, prefix="")
        return self._accounts(where, args, today)

    def demo_accounts(self, today: dt.date) -> list[Account]:
        """Accounts marked as demo data: the only ones role-play and trainees may use."""
        return self._accounts("demo = 1", [], today)

    def _accounts(self, where: str, params: list, today: dt.date) -> list[Account]:
        """Accounts of the customers matching `where` (a condition on the customers table)."""
        customers = [
            _customer(r)
            for r in self.db.query(f"select * from customers where {where} order by name", params)
        ]
        if not customers:
            return []
        chosen = f"customer_id in (select customer_id from customers where {where})"
        day = today.isoformat()
        parts: dict[str, dict[str, list]] = {
            k: {} for k in ("invoices", "payments", "excuses", "promises", "signs", "notes")
        }

        def collect(kind: str, sql: str, args: list, make) -> None:
            for r in self.db.query(sql, args):
                parts[kind].setdefault(r["customer_id"], []).append(make(r))

        collect(
            "invoices",
            f"""select i.*, coalesce((select sum(p.amount_cents) from payments p
                                 where p.invoice_no = i.invoice_no), 0) as paid_cents
                                 from invoices i where i.{chosen} order by i.due_on""",
            params,
            lambda r: to_model("invoices", r, paid_cents=r["paid_cents"]),
        )
        collect(
            "payments",
            f"select * from payments where {chosen} order by received_on",
            params,
            lambda r: to_model("payments", r),
        )
        # Records dated after the business day are not known yet "as of today".
        collect(
            "excuses",
            f"select * from excuse_log where {chosen} and logged_on <= ? order by id",
            [*params, day],
            lambda r: to_model("excuse_log", r),
        )
        collect(
            "promises",
            f"select * from promises where {chosen} and made_on <= ? "
            "order by promised_for, created_at",
            [*params, day],
            _promise,
        )
        collect(
            "signs",
            f"select * from warning_signs where {chosen} and reported_on <= ? order by reported_on",
            [*params, day],
            lambda r: to_model("warning_signs", r),
        )
        collect(
            "notes",
            f"select * from notes where {chosen} and noted_on <= ? order by id",
            [*params, day],
            lambda r: to_model("notes", r),
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
        promise_id = _new_id("PR")
        with self.db.atomic():
            self.db.table("promises").insert(
                dict(
                    promise_id=promise_id,
                    customer_id=customer_id,
                    rep_id=rep_id,
                    amount_cents=amount_cents,
                    promised_for=promised_for.isoformat(),
                    made_on=made_on.isoformat(),
                    invoice_nos=join_list(invoice_nos),
                    status=PROMISE_OPEN,
                    created_at=_now(),
                )
            )
        return promise_id

    def customers_with_promises(self, rep: Rep, start: dt.date, end: dt.date) -> list[str]:
        """Customers the rep may see with a promise falling due between start and end."""
        sql = (
            "select distinct p.customer_id from promises p join customers c using (customer_id) "
            "where p.promised_for between ? and ? and p.status is not ?"
        )
        where, visible_args = _visible_to(rep)
        sql += f" and {where}"
        args = [start.isoformat(), end.isoformat(), PROMISE_CANCELLED, *visible_args]
        return [r["customer_id"] for r in self.db.query(sql, args)]

    def promise_days_after(self, rep: Rep, after: dt.date, limit: int) -> list[dt.date]:
        """The first `limit` days after `after` that customers the rep may see promised to pay
        on (cancelled promises aside), earliest first."""
        where, visible_args = _visible_to(rep)
        sql = (
            "select distinct p.promised_for from promises p join customers c using (customer_id) "
            f"where p.promised_for > ? and p.status is not ? and {where} "
            "order by p.promised_for limit ?"
        )
        args = [after.isoformat(), PROMISE_CANCELLED, *visible_args, limit]
        return [dt.date.fromisoformat(r["promised_for"]) for r in self.db.query(sql, args)]

    def promises(self, customer_id: str | None = None) -> list[Promise]:
        if customer_id is None:
            return [
                _promise(r) for r in self.db.query("select * from promises order by created_at")
            ]
        return [
            _promise(r)
            for r in self.db.query(
                "select * from promises where customer_id = ? order by created_at", [customer_id]
            )
        ]

    def add_sign(
        self, *, customer_id: str, rep_id: str | None, kind: str, text: str, reported_on: dt.date
    ) -> str:
        sign_id = _new_id("WS")
        with self.db.atomic():
            self.db.table("warning_signs").insert(
                dict(
                    sign_id=sign_id,
                    customer_id=customer_id,
                    rep_id=rep_id,
                    kind=kind,
                    text=text,
                    reported_on=reported_on.isoformat(),
                    created_at=_now(),
                )
            )
        return sign_id

    def add_note(
        self, *, customer_id: str, rep_id: str | None, text: str, noted_on: dt.date
    ) -> int:
        with self.db.atomic():
            table = self.db.table("notes").insert(
                dict(
                    customer_id=customer_id,
                    rep_id=rep_id,
                    text=text,
                    noted_on=noted_on.isoformat(),
                    created_at=_now(),
                )
            )
        return int(table.last_pk or 0)

    def rows(self, table: str) -> list[dict]:
        """Every row of one of our tables, oldest first (for tests and checks)."""
        if table not in TABLES:
            raise ValueError(f"no table {table!r}")
        return list(self.db.query(f"select * from {table} order by rowid"))

    # --- role-play training --------------------------------------------------------------

    def add_round(self, played: RoleplayRound) -> str:
        round_id = played.round_id or _new_id("RP")
        with self.db.atomic():
            self.db.table("roleplay_rounds").insert(
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
                    created_at=_now(),
                )
            )
        return round_id

    def rounds(self, rep_id: str | None = None) -> list[RoleplayRound]:
        """Finished role-play rounds, oldest first: one rep's, or everyone's."""
        where, args = ("where rep_id = ?", [rep_id]) if rep_id is not None else ("", [])
        return [
            to_model("roleplay_rounds", r)
            for r in self.db.query(
                f"select * from roleplay_rounds {where} order by played_on, created_at, rowid", args
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
        was already logged. One statement, so two turns at once cannot both insert it."""
        same = (
            "customer_id = ?" if customer_id is not None else "customer_id is null and rep_id is ?"
        )
        with self.db.atomic():
            cursor = self.db.execute(
                "insert into excuse_log (customer_id, rep_id, intent, text, verdict, logged_on, "
                "logged_at) select ?, ?, ?, ?, ?, ?, ? where not exists (select 1 from excuse_log "
                f"where {same} and intent = ? and logged_on = ?)",
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
            )
        return cursor.lastrowid if cursor.rowcount else None

    def excuse_log(self, customer_id: str | None = None) -> list[dict]:
        if customer_id is None:
            return list(self.db.query("select * from excuse_log order by id"))
        return list(
            self.db.query(
                "select * from excuse_log where customer_id = ? order by id", [customer_id]
            )
        )

    # --- import ---------------------------------------------------------------------------

    def key_owners(self, table: str) -> dict[str, str | None]:
        """Every key of `table`, with the customer its row belongs to (None where the table
        has no customer column)."""
        spec = TABLES[table]
        owner = "customer_id" if "customer_id" in {c.name for c in spec.columns} else "null"
        return dict(self.db.execute(f"select {spec.key}, {owner} from {table}").fetchall())

    def write_import(self, rows_by_table: Mapping[str, Iterable[dict]]) -> None:
        """Upsert every table's rows in one transaction: all of the import lands, or none."""
        with self.db.atomic():
            for table in IMPORT_TABLES:
                rows = rows_by_table.get(table)
                if rows:
                    self.db.table(table).upsert_all(rows, pk=TABLES[table].key, batch_size=1000)

    def counts(self) -> dict[str, int]:
        return {name: self.db[name].count for name in TABLES}


# Typed wrappers: `to_model` returns whichever model its table names.


def _rep(row: Mapping[str, Any]) -> Rep:
    return to_model("reps", row)


def _customer(row: Mapping[str, Any]) -> Customer:
    return to_model("customers", row)


def _promise(row: Mapping[str, Any]) -> Promise:
    return to_model("promises", row)
