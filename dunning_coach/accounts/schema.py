"""The account database's tables, described once.

The store creates and migrates tables from this description, the importer reads the CSV exports
with it, and rows become model values through it. Adding a column is one line here, plus the
field on the model in `models.py` when the rules read it (a test checks the two agree).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from dunning_coach.accounts import models
from dunning_coach.common import identity
from dunning_coach.language import languages


class Kind(Enum):
    """What a column holds: how SQLite stores it, how the importer reads it, how a model gets it."""

    TEXT = "text"
    INT = "int"  # a whole number, not negative
    SERIAL = "serial"  # an integer key SQLite assigns
    DAY_OF_MONTH = "day_of_month"  # 1 to 31
    BOOL = "bool"  # yes/no in a CSV, 1/0 in SQLite
    DATE = "date"  # YYYY-MM-DD
    TIMESTAMP = "timestamp"  # when we wrote the row; never imported
    CENTS = "cents"  # an amount such as 1,234.50 in a CSV, whole cents in SQLite
    TALLY = "tally"  # whole cents the store sums from other tables' rows; never imported
    CURRENCY = "currency"  # a three-letter code
    LIST = "list"  # values separated by ";"
    WARNING_SIGN = "warning_sign"  # a warning sign named in playbook.yml

    @property
    def sqlite_type(self) -> type:
        return int if self in _INTEGER_KINDS else str


_INTEGER_KINDS = {Kind.INT, Kind.SERIAL, Kind.DAY_OF_MONTH, Kind.BOOL, Kind.CENTS, Kind.TALLY}
_NOT_IMPORTED = (Kind.SERIAL, Kind.TIMESTAMP, Kind.TALLY)


NAME_LIMIT = 63  # characters in a table's or an index's name on PostgreSQL


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = Kind.TEXT
    required: bool = False  # never empty; an imported file must have it unless there is a default
    references: str | None = None  # the table whose key this column holds
    choices: tuple[str, ...] = ()  # the only values allowed, when the list is closed
    default: object = None  # stored when an imported cell is empty
    csv_name: str | None = None  # the CSV header, when it differs from the column's name

    @property
    def header(self) -> str:
        return self.csv_name or self.name


@dataclass(frozen=True)
class PartialIndex:
    """An index over the rows matching `where` only, holding `columns` so that a query reading
    just those rows and columns never reads the table."""

    name: str
    columns: tuple[str, ...]
    where: str
    unique: bool = False  # no two of those rows share these columns: a rule the database keeps


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]  # the first is the key
    model: type | None = None  # the value a row becomes
    indexes: tuple[tuple[str, ...], ...] = ()
    # Columns no two rows may share, though many may be empty (NULL): a UNIQUE index each.
    unique: tuple[str, ...] = ()
    partial_indexes: tuple[PartialIndex, ...] = ()
    imported: bool = False  # read from `<name>.csv` by `make import`
    # Indexes an earlier release made that one above replaced: dropped when a writer opens
    # the ledger, as every write would keep them up for nothing.
    retired_indexes: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.columns[0].name

    def index_name(self, columns: tuple[str, ...]) -> str:
        """The name sqlite-utils gives an index, so that ledgers made before keep theirs, unless
        it passes the 63 characters PostgreSQL allows a name."""
        name = f"idx_{self.name}_{'_'.join(columns)}"
        return name if len(name) <= NAME_LIMIT else f"idx_{self.name}_{columns[0]}_and_more"

    def unique_index(self, column: str) -> str:
        return f"{self.name}_{column}_unique"

    def csv_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind not in _NOT_IMPORTED)

    def create_args(self) -> dict[str, Any]:
        """The arguments of sqlite-utils' `Table.create` for this table."""
        return dict(
            columns={c.name: c.kind.sqlite_type for c in self.columns},
            pk=self.key,
            not_null={
                c.name
                for c in self.columns
                if c.required or c.kind is Kind.TALLY or c.name == self.key
            },
            defaults={c.name: 0 for c in self.columns if c.kind is Kind.TALLY},
            foreign_keys=[
                (c.name, c.references, TABLES[c.references].key)
                for c in self.columns
                if c.references
            ],
        )


def _id(name: str) -> Column:
    return Column(name, required=True)


def _customer(required: bool = True) -> Column:
    return Column("customer_id", required=required, references="customers")


def _rep(required: bool = False) -> Column:
    return Column("rep_id", required=required, references="reps")


def _created_at() -> Column:
    return Column("created_at", Kind.TIMESTAMP)


# A rep's identity on each channel (see common/identity.py): each names one rep at most.
IDENTITY_COLUMNS = (identity.WEB_COLUMN, *identity.PREFIXED.values())

# A promise made in chat and made again the same day is one promise (`add_promise`): the same
# in these columns, and in its invoices, among the promises meeting PROMISE_ONCE.
PROMISE_SAME = ("customer_id", "rep_id", "made_on", "amount_cents", "promised_for")
PROMISE_ONCE = "created_at is not null and rep_id is not null and status = 'open'"

_TABLES = (
    # Import order matters: later tables reference earlier ones.
    Table(
        "reps",
        (
            _id("rep_id"),
            Column("name", required=True),
            Column("role", required=True, choices=models.ROLES, default="rep"),
            Column("rest_id"),
            Column("slack_id"),
            Column("telegram_id"),
            Column("language", choices=languages.CODES, default=languages.DEFAULT.value),
            # The manager whose team the rep is in. Not a foreign key: a team's manager may come
            # later in the same file; the importer checks it against the whole file instead.
            Column("manager_id"),
            Column("active", Kind.BOOL),  # no: removed, let in nowhere; empty means yes
            # Web chat codes issued at or before this were revoked (`make signin-revoke`).
            Column("signin_not_before", Kind.TIMESTAMP),
        ),
        model=models.Rep,
        indexes=(("manager_id",),),
        unique=IDENTITY_COLUMNS,
        imported=True,
    ),
    Table(
        "customers",
        (
            _id("customer_id"),
            Column("name", required=True),
            Column("aliases", Kind.LIST),
            _rep(required=True),
            Column("segment"),
            Column("payment_terms_days", Kind.INT),
            Column("payment_day", Kind.DAY_OF_MONTH),
            Column("payment_method"),
            Column("approver"),
            Column("signatory"),
            Column("requires_original_invoice", Kind.BOOL),
            Column("phone"),
            Column("demo", Kind.BOOL, default=0),
        ),
        model=models.Customer,
        indexes=(("rep_id",),),
        imported=True,
    ),
    Table(
        "invoices",
        (
            _id("invoice_no"),
            _customer(),
            Column("issued_on", Kind.DATE, required=True),
            Column("due_on", Kind.DATE, required=True),
            Column("amount_cents", Kind.CENTS, required=True, csv_name="amount"),
            Column("currency", Kind.CURRENCY, default=models.DEFAULT_CURRENCY),
            Column("original_delivered_on", Kind.DATE),
            # The payments naming this invoice, summed (AccountStore keeps it when it writes
            # them): the day plans total open money per customer from the index of open
            # invoices below instead of joining a million payments.
            Column("paid_cents", Kind.TALLY),
        ),
        model=models.Invoice,
        # In an account's order: its first invoice (its currency) is one step away.
        indexes=(("customer_id", "due_on", "invoice_no"),),
        # invoices_open_by_due: open invoices by due day, tried and dropped before a release
        # (on a fresh 1M ledger PostgreSQL scanned the table anyway; SQLite's overdue by rep
        # slowed by a third), but a ledger opened in between has it.
        retired_indexes=("idx_invoices_customer_id", "invoices_open_by_due"),
        partial_indexes=(
            PartialIndex(
                "invoices_open",
                ("customer_id", "currency", "due_on", "amount_cents", "paid_cents"),
                "paid_cents < amount_cents",
            ),
        ),
        imported=True,
    ),
    Table(
        "payments",
        (
            _id("payment_id"),
            _customer(),
            Column("invoice_no", references="invoices"),
            Column("amount_cents", Kind.CENTS, required=True, csv_name="amount"),
            Column("received_on", Kind.DATE, required=True),
            Column("method"),
            Column("reference"),
        ),
        model=models.Payment,
        # By day within a customer: the due lists read only the payments since a promise. By
        # day alone, with what the team's overdue week by week reads of the last weeks'
        # payments, so that it never reads the table.
        indexes=(
            ("customer_id", "received_on"),
            ("invoice_no",),
            ("reference",),
            ("received_on", "customer_id", "invoice_no", "amount_cents"),
        ),
        retired_indexes=("idx_payments_customer_id",),
        imported=True,
    ),
    Table(
        "promises",
        (
            _id("promise_id"),
            _customer(),
            _rep(),
            Column("amount_cents", Kind.CENTS, required=True, csv_name="amount"),
            Column("promised_for", Kind.DATE, required=True),
            Column("made_on", Kind.DATE, required=True),
            Column("invoice_nos", Kind.LIST),
            Column("status", choices=models.PROMISE_STATUSES, default="open"),
            _created_at(),
        ),
        model=models.Promise,
        # The first holds what the day plans total per customer, so they never read the table.
        indexes=(
            ("customer_id", "promised_for", "made_on", "status", "amount_cents"),
            ("promised_for",),
        ),
        # A promise made in chat (imported ones have no created_at) is made once a day: the
        # same amount, day and invoices for the same customer by the same rep, unless
        # cancelled. Two indexes, as rows with no invoices named (NULL) never clash in one.
        partial_indexes=(
            PartialIndex(
                "promises_once_a_day",
                (*PROMISE_SAME, "invoice_nos"),
                f"{PROMISE_ONCE} and invoice_nos is not null",
                unique=True,
            ),
            PartialIndex(
                "promises_once_a_day_for_any_invoice",
                PROMISE_SAME,
                f"{PROMISE_ONCE} and invoice_nos is null",
                unique=True,
            ),
        ),
        imported=True,
    ),
    Table(
        "warning_signs",
        (
            _id("sign_id"),
            _customer(),
            _rep(),
            Column("kind", Kind.WARNING_SIGN, required=True),
            Column("text"),
            Column("reported_on", Kind.DATE, required=True),
            _created_at(),
        ),
        model=models.ReportedSign,
        indexes=(("customer_id",),),
        imported=True,
    ),
    Table(
        "notes",
        (
            Column("id", Kind.SERIAL),
            _customer(),
            Column("rep_id"),
            Column("text", required=True),
            Column("noted_on", Kind.DATE, required=True),
            _created_at(),
        ),
        model=models.Note,
        indexes=(("customer_id",),),
    ),
    Table(
        "roleplay_rounds",
        (
            _id("round_id"),
            _rep(required=True),
            Column("excuse", required=True),
            Column("difficulty", required=True),
            Column("customer_id"),
            Column("played_on", Kind.DATE, required=True),
            Column("turns", Kind.INT),
            Column("score", Kind.INT, required=True),
            Column("passed", Kind.BOOL),
            Column("outcome"),
            Column("met", Kind.LIST),
            Column("checks_met", Kind.LIST),  # the answer checks met: what a trainee misses
            Column("language"),  # the round's: the leaderboard compares like with like
            _created_at(),
        ),
        model=models.RoleplayRound,
        indexes=(("rep_id", "excuse"),),
    ),
    Table(
        "excuse_log",
        (
            Column("id", Kind.SERIAL),
            _customer(required=False),
            Column("rep_id"),
            Column("intent", required=True),
            Column("text"),
            Column("verdict"),
            Column("logged_on", Kind.DATE, required=True),
            Column("logged_at", Kind.TIMESTAMP, required=True),
        ),
        model=models.LoggedExcuse,
        indexes=(("customer_id", "intent"),),
        # An excuse is logged once a day per customer, or per rep with no customer chosen.
        partial_indexes=(
            PartialIndex(
                "excuse_log_once_a_day",
                ("customer_id", "intent", "logged_on"),
                "customer_id is not null",
                unique=True,
            ),
            PartialIndex(
                "excuse_log_once_a_day_without_customer",
                ("rep_id", "intent", "logged_on"),
                "customer_id is null",
                unique=True,
            ),
        ),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in _TABLES}
IMPORT_TABLES = tuple(t.name for t in _TABLES if t.imported)

LIST_SEPARATOR = ";"


def join_list(values: Iterable[str]) -> str | None:
    """A LIST column's stored text."""
    return LIST_SEPARATOR.join(v for v in values if v) or None


def split_list(text: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (text or "").split(LIST_SEPARATOR) if v.strip())


_CONVERT: dict[Kind, Callable[[Any], Any]] = {
    Kind.DATE: dt.date.fromisoformat,
    Kind.BOOL: bool,
    Kind.LIST: split_list,
}


def _from_sqlite(kind: Kind, value: Any) -> Any:
    if value is None:
        return None
    convert = _CONVERT.get(kind)
    return convert(value) if convert else value


@functools.cache
def _mapping(table: str) -> tuple[type, tuple[tuple[str, Kind | None, bool], ...]]:
    """How `table`'s rows become its model, worked out once: each model field with its column's
    kind (None when a query computes it) and whether an empty cell keeps the field's default."""
    spec = TABLES[table]
    assert spec.model is not None, f"{table} rows have no model"
    kinds = {c.name: c.kind for c in spec.columns}
    return spec.model, tuple(
        (f.name, kinds.get(f.name), f.default is not dataclasses.MISSING)
        for f in dataclasses.fields(spec.model)
    )


@functools.cache
def row_reader(table: str, columns: tuple[str, ...]) -> Callable[[Sequence[Any]], Any]:
    """`to_model` for rows read as tuples of these columns, worked out once per query shape:
    loading accounts made a dict of every row (a third of a day plan's time)."""
    model, fields = _mapping(table)
    at = {name: n for n, name in enumerate(columns)}
    # Each field's column and conversion (None: stored as the model holds it).
    plan = [
        (name, at[name], _CONVERT.get(kind), has_default)
        for name, kind, has_default in fields
        if kind is not None and name in at
    ]

    def read(row: Sequence[Any]) -> Any:
        values: dict[str, Any] = {}
        for name, n, convert, has_default in plan:
            value = row[n]
            if value is None:
                if not has_default:
                    values[name] = None
            else:
                values[name] = convert(value) if convert else value
        return model(**values)

    return read


def to_model(table: str, row: Mapping[str, Any], **extra: Any) -> Any:
    """The model value of one row of `table`. Columns the model has no field for are left out;
    an empty cell takes the field's default; `extra` supplies fields computed by the query."""
    model, fields = _mapping(table)
    values: dict[str, Any] = {}
    for name, kind, has_default in fields:
        if name in extra:
            values[name] = extra[name]
        elif kind is not None and name in row:
            value = _from_sqlite(kind, row[name])
            if value is not None or not has_default:
                values[name] = value
    return model(**values)
