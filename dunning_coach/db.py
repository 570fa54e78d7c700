"""The account database: the schema and every query. The only module that talks to SQLite."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

import sqlite_utils

from dunning_coach import config
from dunning_coach.models import Account, Customer, ExcuseEntry, Invoice, Payment, Rep

# Import order matters: later tables reference earlier ones.
IMPORT_TABLES = ("reps", "customers", "invoices", "payments")

_SCHEMA: dict[str, dict[str, Any]] = {
    "reps": dict(
        columns={"rep_id": str, "name": str, "role": str, "rest_id": str, "slack_id": str,
                 "telegram_id": str},
        pk="rep_id", not_null={"name", "role"},
    ),
    "customers": dict(
        columns={"customer_id": str, "name": str, "aliases": str, "rep_id": str, "segment": str,
                 "payment_terms_days": int, "payment_day": int, "payment_method": str,
                 "approver": str, "signatory": str, "requires_original_invoice": int,
                 "phone": str},
        pk="customer_id", not_null={"name", "rep_id"},
        foreign_keys=[("rep_id", "reps", "rep_id")],
    ),
    "invoices": dict(
        columns={"invoice_no": str, "customer_id": str, "issued_on": str, "due_on": str,
                 "amount_cents": int, "currency": str, "original_delivered_on": str},
        pk="invoice_no", not_null={"customer_id", "issued_on", "due_on", "amount_cents"},
        foreign_keys=[("customer_id", "customers", "customer_id")],
    ),
    "payments": dict(
        columns={"payment_id": str, "customer_id": str, "invoice_no": str, "amount_cents": int,
                 "received_on": str, "method": str, "reference": str},
        pk="payment_id", not_null={"customer_id", "amount_cents", "received_on"},
        foreign_keys=[("customer_id", "customers", "customer_id"),
                      ("invoice_no", "invoices", "invoice_no")],
    ),
    "promises": dict(
        columns={"id": int, "customer_id": str, "rep_id": str, "amount_cents": int,
                 "promised_for": str, "invoice_nos": str, "status": str, "created_at": str},
        pk="id", not_null={"customer_id", "promised_for"},
        foreign_keys=[("customer_id", "customers", "customer_id")],
    ),
    "excuse_log": dict(
        columns={"id": int, "customer_id": str, "rep_id": str, "intent": str, "text": str,
                 "verdict": str, "logged_on": str, "logged_at": str},
        pk="id", not_null={"intent", "logged_on", "logged_at"},
        foreign_keys=[("customer_id", "customers", "customer_id")],
    ),
}
_INDEXES = {
    "customers": [["rep_id"]],
    "invoices": [["customer_id"]],
    "payments": [["customer_id"], ["invoice_no"], ["reference"]],
    "excuse_log": [["customer_id", "intent"]],
    "promises": [["customer_id"]],
}
_SENDER_COLUMN = {"slack": "slack_id", "telegram": "telegram_id"}


def _date(value: Optional[str]) -> Optional[dt.date]:
    return dt.date.fromisoformat(value) if value else None


class AccountStore:
    """A connection to one account database. Open one per unit of work; close it after."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else config.db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.path)
        # WAL lets the action server read while an import or another turn writes;
        # the busy timeout makes concurrent writers wait instead of failing "database is locked".
        self.db.execute("PRAGMA busy_timeout = 5000")
        if self.db.journal_mode != "wal":
            self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys = ON")
        self.ensure_schema()

    def __enter__(self) -> "AccountStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def ensure_schema(self) -> None:
        existing = set(self.db.table_names())
        if existing.issuperset(_SCHEMA):
            return
        with self.db.atomic():
            for name, spec in _SCHEMA.items():
                self.db[name].create(**spec, if_not_exists=True)
                for columns in _INDEXES.get(name, []):
                    self.db[name].create_index(columns, if_not_exists=True)

    # --- reps and customers -------------------------------------------------------------

    def rep_for_sender(self, channel: Optional[str], sender_id: str) -> Optional[Rep]:
        """The rep behind a channel identity (Slack id, Telegram id, or REST/terminal sender id)."""
        column = _SENDER_COLUMN.get(channel or "", "rest_id")
        rows = list(self.db.query(f"select * from reps where {column} = ? limit 1", [sender_id]))
        return Rep(**rows[0]) if rows else None

    def rep(self, rep_id: str) -> Optional[Rep]:
        rows = list(self.db.query("select * from reps where rep_id = ?", [rep_id]))
        return Rep(**rows[0]) if rows else None

    def customers_visible_to(self, rep: Rep) -> list[Customer]:
        """A manager sees every customer; anyone else only their own."""
        if rep.is_manager:
            rows = self.db.query("select * from customers order by name")
        else:
            rows = self.db.query("select * from customers where rep_id = ? order by name", [rep.rep_id])
        return [_customer(r) for r in rows]

    def all_customers(self) -> list[Customer]:
        return [_customer(r) for r in self.db.query("select * from customers order by name")]

    def customer(self, customer_id: str) -> Optional[Customer]:
        rows = list(self.db.query("select * from customers where customer_id = ?", [customer_id]))
        return _customer(rows[0]) if rows else None

    def account(self, customer_id: str, today: dt.date) -> Optional[Account]:
        customer = self.customer(customer_id)
        if customer is None:
            return None
        invoices = tuple(
            Invoice(
                invoice_no=r["invoice_no"], customer_id=r["customer_id"],
                issued_on=_date(r["issued_on"]), due_on=_date(r["due_on"]),
                amount_cents=r["amount_cents"], currency=r["currency"] or "EUR",
                original_delivered_on=_date(r["original_delivered_on"]), paid_cents=r["paid_cents"],
            )
            for r in self.db.query(
                """select i.*, coalesce((select sum(p.amount_cents) from payments p
                                         where p.invoice_no = i.invoice_no), 0) as paid_cents
                   from invoices i where i.customer_id = ? order by i.due_on""",
                [customer_id],
            )
        )
        payments = tuple(
            Payment(
                payment_id=r["payment_id"], customer_id=r["customer_id"], invoice_no=r["invoice_no"],
                amount_cents=r["amount_cents"], received_on=_date(r["received_on"]),
                method=r["method"], reference=r["reference"],
            )
            for r in self.db.query(
                "select * from payments where customer_id = ? order by received_on", [customer_id]
            )
        )
        excuses = tuple(
            ExcuseEntry(intent=r["intent"], logged_on=_date(r["logged_on"]), verdict=r["verdict"],
                        text=r["text"], rep_id=r["rep_id"])
            for r in self.db.query(
                "select * from excuse_log where customer_id = ? and logged_on <= ? order by id",
                [customer_id, today.isoformat()],
            )
        )
        return Account(customer=customer, today=today, invoices=invoices, payments=payments,
                       excuses=excuses)

    # --- the excuse log -------------------------------------------------------------------

    def log_excuse(self, *, customer_id: Optional[str], rep_id: Optional[str], intent: str,
                   text: str, verdict: Optional[str], logged_on: dt.date) -> int:
        with self.db.atomic():
            table = self.db["excuse_log"].insert(dict(
                customer_id=customer_id, rep_id=rep_id, intent=intent, text=text, verdict=verdict,
                logged_on=logged_on.isoformat(),
                logged_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            ))
        return int(table.last_pk)

    def excuse_log(self, customer_id: Optional[str] = None) -> list[dict]:
        if customer_id is None:
            return list(self.db.query("select * from excuse_log order by id"))
        return list(self.db.query(
            "select * from excuse_log where customer_id = ? order by id", [customer_id]))

    # --- import ---------------------------------------------------------------------------

    def existing_keys(self, table: str) -> set[str]:
        pk = _SCHEMA[table]["pk"]
        return {r[pk] for r in self.db.query(f"select {pk} from {table}")}

    def invoice_owners(self) -> dict[str, str]:
        return {r["invoice_no"]: r["customer_id"]
                for r in self.db.query("select invoice_no, customer_id from invoices")}

    def write_import(self, rows_by_table: Mapping[str, Iterable[dict]]) -> None:
        """Upsert every table's rows in one transaction: all of the import lands, or none."""
        with self.db.atomic():
            for table in IMPORT_TABLES:
                rows = rows_by_table.get(table)
                if rows:
                    self.db[table].upsert_all(rows, pk=_SCHEMA[table]["pk"], batch_size=1000)

    def counts(self) -> dict[str, int]:
        return {name: self.db[name].count for name in _SCHEMA}


def _customer(row: Mapping[str, Any]) -> Customer:
    aliases = tuple(a.strip() for a in (row["aliases"] or "").split(";") if a.strip())
    original = row["requires_original_invoice"]
    return Customer(
        customer_id=row["customer_id"], name=row["name"], rep_id=row["rep_id"], aliases=aliases,
        segment=row["segment"], payment_terms_days=row["payment_terms_days"],
        payment_day=row["payment_day"], payment_method=row["payment_method"],
        approver=row["approver"], signatory=row["signatory"],
        requires_original_invoice=None if original is None else bool(original), phone=row["phone"],
    )
