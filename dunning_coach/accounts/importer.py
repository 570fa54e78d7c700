"""Load a folder of ERP-export CSV files into the account database, all or nothing.

Every row of every file is checked before anything is written; the first bad row stops the
import with its file, line and reason. Re-importing the same files changes nothing (upsert by id).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dunning_coach.accounts.models import ROLES
from dunning_coach.accounts.store import IMPORT_TABLES, AccountStore
from dunning_coach.common import environment, playbook

PROGRESS_EVERY = 10_000
Progress = Callable[[str, int], None]


class CsvImportError(ValueError):
    """A file or row we refuse to import; the message names the file and line."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        self.file, self.line, self.reason = file, line, reason
        where = f"{file} line {line}" if line else file
        super().__init__(f"{where}: {reason}")


# --- cell parsers: each returns the stored value or raises ValueError with a readable reason ---


def _text(raw: str) -> str | None:
    return raw or None


def _int(raw: str) -> int | None:
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a whole number") from None
    if value < 0:
        raise ValueError(f"{raw!r} must not be negative")
    return value


def _day_of_month(raw: str) -> int | None:
    value = _int(raw)
    if value is not None and not 1 <= value <= 31:
        raise ValueError(f"{raw!r} is not a day of the month (1 to 31)")
    return value


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _bool(raw: str) -> int | None:
    if not raw:
        return None
    if raw.lower() in _YES:
        return 1
    if raw.lower() in _NO:
        return 0
    raise ValueError(f"{raw!r} is not yes or no")


def _date(raw: str) -> str | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise ValueError(f"{raw!r} is not a date as YYYY-MM-DD") from None


def _cents(raw: str) -> int | None:
    if not raw:
        return None
    try:
        amount = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"{raw!r} is not a number")
    if amount < 0:
        raise ValueError(f"{raw!r} must not be negative")
    return int((amount * 100).to_integral_value())


def _role(raw: str) -> str | None:
    if raw and raw.lower() not in ROLES:
        raise ValueError(f"{raw!r} is not one of {', '.join(ROLES)}")
    return raw.lower() or None


_STATUSES = ("open", "cancelled")


def _status(raw: str) -> str | None:
    if raw and raw.lower() not in _STATUSES:
        raise ValueError(f"{raw!r} is not one of {', '.join(_STATUSES)}")
    return raw.lower() or None


def _invoice_list(raw: str) -> str | None:
    return ";".join(n.strip() for n in raw.split(";") if n.strip()) or None


def _sign_kind(raw: str) -> str | None:
    kinds = playbook.load().warning_signs
    if raw and raw not in kinds:
        raise ValueError(f"{raw!r} is not a warning sign in playbook.yml ({', '.join(kinds)})")
    return raw or None


def _aliases(raw: str) -> str | None:
    parts = [a.strip() for a in raw.split(";") if a.strip()]
    return ";".join(parts) or None


def _currency(raw: str) -> str | None:
    if raw and not (len(raw) == 3 and raw.isalpha()):
        raise ValueError(f"{raw!r} is not a three-letter currency code")
    return raw.upper() or None


@dataclass(frozen=True)
class Column:
    csv_name: str
    parse: Callable[[str], object]
    required: bool = False
    db_name: str | None = None
    default: object = None

    @property
    def target(self) -> str:
        return self.db_name or self.csv_name


@dataclass(frozen=True)
class FileSpec:
    table: str
    key: str
    columns: tuple[Column, ...]


SPECS: dict[str, FileSpec] = {
    "reps": FileSpec(
        "reps",
        "rep_id",
        (
            Column("rep_id", _text, required=True),
            Column("name", _text, required=True),
            Column("role", _role, default="rep"),
            Column("rest_id", _text),
            Column("slack_id", _text),
            Column("telegram_id", _text),
        ),
    ),
    "customers": FileSpec(
        "customers",
        "customer_id",
        (
            Column("customer_id", _text, required=True),
            Column("name", _text, required=True),
            Column("aliases", _aliases),
            Column("rep_id", _text, required=True),
            Column("segment", _text),
            Column("payment_terms_days", _int),
            Column("payment_day", _day_of_month),
            Column("payment_method", _text),
            Column("approver", _text),
            Column("signatory", _text),
            Column("requires_original_invoice", _bool),
            Column("phone", _text),
            Column("demo", _bool, default=0),
        ),
    ),
    "invoices": FileSpec(
        "invoices",
        "invoice_no",
        (
            Column("invoice_no", _text, required=True),
            Column("customer_id", _text, required=True),
            Column("issued_on", _date, required=True),
            Column("due_on", _date, required=True),
            Column("amount", _cents, required=True, db_name="amount_cents"),
            Column("currency", _currency, default="EUR"),
            Column("original_delivered_on", _date),
        ),
    ),
    "payments": FileSpec(
        "payments",
        "payment_id",
        (
            Column("payment_id", _text, required=True),
            Column("customer_id", _text, required=True),
            Column("invoice_no", _text),
            Column("amount", _cents, required=True, db_name="amount_cents"),
            Column("received_on", _date, required=True),
            Column("method", _text),
            Column("reference", _text),
        ),
    ),
    "promises": FileSpec(
        "promises",
        "promise_id",
        (
            Column("promise_id", _text, required=True),
            Column("customer_id", _text, required=True),
            Column("rep_id", _text),
            Column("amount", _cents, required=True, db_name="amount_cents"),
            Column("promised_for", _date, required=True),
            Column("made_on", _date, required=True),
            Column("invoice_nos", _invoice_list),
            Column("status", _status, default="open"),
        ),
    ),
    "warning_signs": FileSpec(
        "warning_signs",
        "sign_id",
        (
            Column("sign_id", _text, required=True),
            Column("customer_id", _text, required=True),
            Column("rep_id", _text),
            Column("kind", _sign_kind, required=True),
            Column("text", _text),
            Column("reported_on", _date, required=True),
        ),
    ),
}


def _rows(path: Path, spec: FileSpec, progress: Progress | None) -> Iterator[tuple[int, dict]]:
    """Parsed rows with their line numbers; raises CsvImportError on the first bad one."""
    name = path.name
    done = 1  # the last line read whole: the header, then each row's last line
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            # strict: a file cut off inside a quoted field is an error, not a shorter last row.
            reader = csv.DictReader(handle, strict=True)
            header = [h.strip() for h in (reader.fieldnames or [])]
            if not header:
                raise CsvImportError(name, None, "the file is empty: expected a header row")
            reader.fieldnames = header
            missing = [c.csv_name for c in spec.columns if c.required and c.csv_name not in header]
            if missing:
                raise CsvImportError(name, 1, f"missing column(s): {', '.join(missing)}")
            for count, raw in enumerate(reader, 1):
                line = reader.line_num
                if None in raw:
                    raise CsvImportError(name, line, "more fields than the header has")
                yield line, _parse_row(name, line, raw, spec)
                done = line
                if progress and count % PROGRESS_EVERY == 0:
                    progress(name, count)
    except UnicodeDecodeError as exc:
        raise CsvImportError(
            name,
            None,
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the export as UTF-8",
        ) from None
    except csv.Error as exc:
        raise CsvImportError(
            name,
            done + 1,
            f"not a readable CSV row ({exc}); was the file cut off or its quotes unbalanced?",
        ) from None


def _parse_row(name: str, line: int, raw: dict, spec: FileSpec) -> dict:
    row: dict = {}
    for column in spec.columns:
        cell = (raw.get(column.csv_name) or "").strip()
        if not cell and column.required:
            raise CsvImportError(name, line, f"{column.csv_name} is missing")
        try:
            value = column.parse(cell)
        except ValueError as exc:
            raise CsvImportError(name, line, f"{column.csv_name} {exc}") from None
        if value is None:
            value = column.default
        if column.csv_name in raw or value is not None:
            row[column.target] = value
    return row


@dataclass
class _Known:
    """Ids already in the database or earlier in this import, for reference checks."""

    reps: set[str]
    customers: set[str]
    invoice_owner: dict[str, str]


def _check_references(table: str, name: str, line: int, row: dict, known: _Known) -> None:
    def fail(reason: str) -> None:
        raise CsvImportError(name, line, reason)

    if table == "customers" and row["rep_id"] not in known.reps:
        fail(f"rep_id {row['rep_id']!r} is not a known rep (add it to reps.csv)")
    if table != "customers" and "customer_id" in row and row["customer_id"] not in known.customers:
        fail(f"customer_id {row['customer_id']!r} is not a known customer")
    if (
        table in ("promises", "warning_signs")
        and row.get("rep_id")
        and row["rep_id"] not in known.reps
    ):
        fail(f"rep_id {row['rep_id']!r} is not a known rep")
    if table == "payments" and row.get("invoice_no"):
        owner = known.invoice_owner.get(row["invoice_no"])
        if owner is None:
            fail(f"invoice_no {row['invoice_no']!r} is not a known invoice")
        if owner != row["customer_id"]:
            fail(
                f"invoice_no {row['invoice_no']!r} belongs to customer {owner!r}, "
                f"not {row['customer_id']!r}"
            )


def read_folder(
    folder: Path, store: AccountStore, progress: Progress | None = None
) -> dict[str, list[dict]]:
    """Parse and check every CSV in `folder` against itself and the database; write nothing."""
    if not folder.is_dir():
        raise CsvImportError(str(folder), None, "is not a folder")
    present = [t for t in IMPORT_TABLES if (folder / f"{t}.csv").is_file()]
    if not present:
        raise CsvImportError(
            str(folder), None, "holds none of " + ", ".join(f"{t}.csv" for t in IMPORT_TABLES)
        )
    known = _Known(
        store.existing_keys("reps"), store.existing_keys("customers"), store.invoice_owners()
    )
    batch: dict[str, list[dict]] = {}
    for table in present:
        spec = SPECS[table]
        name = f"{table}.csv"
        seen: dict[str, int] = {}
        rows: list[dict] = []
        for line, row in _rows(folder / name, spec, progress):
            key = row[spec.key]
            if key in seen:
                raise CsvImportError(
                    name, line, f"{spec.key} {key!r} already appears on line {seen[key]}"
                )
            seen[key] = line
            _check_references(table, name, line, row, known)
            rows.append(row)
            if table == "reps":
                known.reps.add(key)
            elif table == "customers":
                known.customers.add(key)
            elif table == "invoices":
                known.invoice_owner[key] = row["customer_id"]
        batch[table] = rows
    return batch


def import_folder(
    folder: Path, store: AccountStore, progress: Progress | None = None
) -> dict[str, int]:
    """Check, then write the whole folder in one transaction. Returns rows imported per table."""
    batch = read_folder(folder, store, progress)
    store.write_import(batch)
    return {table: len(rows) for table, rows in batch.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make import DIR=…",
        description="Import reps, customers, invoices, payments, promises and warning signs CSVs.",
    )
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)

    def show(name: str, count: int) -> None:
        print(f"  {name}: {count:,} rows checked", file=sys.stderr, flush=True)

    with AccountStore(environment.db_path()) as store:
        try:
            counts = import_folder(args.folder, store, show)
        except CsvImportError as exc:
            print(f"Import stopped, nothing was written: {exc}", file=sys.stderr)
            return 1
        print(f"Imported into {store.path}: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
