"""Load a folder of ERP-export CSV files into the account database, all or nothing.

Every row of every file is checked before anything is written; the first bad row stops the
import with its file, line and reason. Re-importing the same files changes nothing (upsert by id).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dunning_coach.accounts.models import ROLE_MANAGER
from dunning_coach.accounts.schema import (
    IDENTITY_COLUMNS,
    IMPORT_TABLES,
    TABLES,
    Column,
    Kind,
    Table,
    join_list,
    split_list,
)
from dunning_coach.accounts.store import AccountStore
from dunning_coach.common import environment
from dunning_coach.playbook import playbook

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
        day = dt.date.fromisoformat(raw)
        # Already as stored (most cells): writing it out again cost 3 s of a million invoices.
        return raw if len(raw) == 10 and raw[4] == "-" else day.isoformat()
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


def _list(raw: str) -> str | None:
    return join_list(split_list(raw))


def _sign_kind(raw: str) -> str | None:
    kinds = playbook.load().warning_signs
    if raw and raw not in kinds:
        raise ValueError(f"{raw!r} is not a warning sign in playbook.yml ({', '.join(kinds)})")
    return raw or None


def _currency(raw: str) -> str | None:
    if raw and not (len(raw) == 3 and raw.isalpha()):
        raise ValueError(f"{raw!r} is not a three-letter currency code")
    return raw.upper() or None


_PARSERS: dict[Kind, Callable[[str], object]] = {
    Kind.TEXT: _text,
    Kind.INT: _int,
    Kind.DAY_OF_MONTH: _day_of_month,
    Kind.BOOL: _bool,
    Kind.DATE: _date,
    Kind.CENTS: _cents,
    Kind.CURRENCY: _currency,
    Kind.LIST: _list,
    Kind.WARNING_SIGN: _sign_kind,
}


def _parser(column: Column) -> Callable[[str], object]:
    """How one column's cells are read: its choices (any case, stored as the choice is written,
    "zh-Hant"), or its kind's parser."""
    if not column.choices:
        return _PARSERS[column.kind]
    canonical = {choice.lower(): choice for choice in column.choices}

    def choose(cell: str) -> object:
        if cell and cell.lower() not in canonical:
            raise ValueError(f"{cell!r} is not one of {', '.join(column.choices)}")
        return canonical.get(cell.lower())

    return choose


def _required_in_csv(column: Column) -> bool:
    return column.required and column.default is None


@dataclass(frozen=True)
class _Cell:
    """How to read one column a file has."""

    name: str
    header: str
    position: int
    parse: Callable[[str], object]  # never called on an empty cell: every parser gives None
    required: bool
    default: object


@dataclass(frozen=True)
class _Plan:
    """How to read one file's rows, worked out once per file, not once per row (a million
    rows: 20 s of the import went to looking the same things up again)."""

    cells: tuple[_Cell, ...]
    absent: dict[str, object]  # the columns it lacks that still get a value: their default
    width: int


def _plan(spec: Table, header: list[str]) -> _Plan:
    where = {h: i for i, h in enumerate(header)}  # a repeated header: its last column
    cells = tuple(
        _Cell(c.name, c.header, where[c.header], _parser(c), _required_in_csv(c), c.default)
        for c in spec.csv_columns()
        if c.header in where
    )
    # A column required and without a default is in the header (`_rows` checks): one absent
    # is never required, and its empty cell reads as its default.
    absent = {
        c.name: c.default
        for c in spec.csv_columns()
        if c.header not in where and c.default is not None
    }
    return _Plan(cells, absent, len(header))


def _rows(path: Path, spec: Table, progress: Progress | None) -> Iterator[tuple[int, dict]]:
    """Parsed rows with their line numbers; raises CsvImportError on the first bad one."""
    name = path.name
    done = 1  # the last line read whole: the header, then each row's last line
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            # strict: a file cut off inside a quoted field is an error, not a shorter last row.
            reader = csv.reader(handle, strict=True)
            header = [h.strip() for h in next(reader, [])]
            if not header:
                raise CsvImportError(name, None, "the file is empty: expected a header row")
            missing = [
                c.header
                for c in spec.csv_columns()
                if _required_in_csv(c) and c.header not in header
            ]
            if missing:
                raise CsvImportError(name, 1, f"missing column(s): {', '.join(missing)}")
            plan = _plan(spec, header)
            for count, fields in enumerate(reader, 1):
                line = reader.line_num
                if len(fields) > plan.width:
                    raise CsvImportError(name, line, "more fields than the header has")
                if not fields:
                    continue  # a blank line, as csv.DictReader skipped them
                yield line, _parse_row(name, line, fields, plan)
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


def _parse_row(name: str, line: int, fields: list[str], plan: _Plan) -> dict:
    if len(fields) < plan.width:  # a short row: its missing cells are empty
        fields = fields + [""] * (plan.width - len(fields))
    row = dict(plan.absent)
    for cell in plan.cells:
        text = fields[cell.position].strip()
        if not text:
            if cell.required:
                raise CsvImportError(name, line, f"{cell.header} is missing")
            row[cell.name] = cell.default
            continue
        try:
            value = cell.parse(text)
        except ValueError as exc:
            raise CsvImportError(name, line, f"{cell.header} {exc}") from None
        row[cell.name] = cell.default if value is None else value
    return row


# For each table other rows point at: its keys known so far (in the database or earlier in this
# import), each with the customer its row belongs to, if any.
Known = dict[str, dict[str, str | None]]
_REFERENCED = sorted({c.references for t in TABLES.values() for c in t.columns if c.references})


@functools.cache
def _referencing(table: str) -> tuple[Column, ...]:
    return tuple(c for c in TABLES[table].columns if c.references)


def _check_references(spec: Table, name: str, line: int, row: dict, known: Known) -> None:
    for column in _referencing(spec.name):
        value = row.get(column.name)
        if not value:
            continue
        assert column.references is not None  # _referencing
        owners = known[column.references]
        if value not in owners:
            kind = column.references.removesuffix("s")
            raise CsvImportError(
                name,
                line,
                f"{column.name} {value!r} is not a known {kind} "
                f"(add it to {column.references}.csv)",
            )
        # A payment names an invoice of its own customer, never another's.
        owner = owners[value]
        if owner is not None and row.get("customer_id") not in (None, owner):
            raise CsvImportError(
                name,
                line,
                f"{column.name} {value!r} belongs to customer {owner!r}, "
                f"not {row['customer_id']!r}",
            )


def _check_reps(name: str, lined: list[tuple[int, dict]], stored: list[dict]) -> None:
    """The reps as the ledger will hold them after this import (the file's rows over the stored
    ones): each channel identity names one rep, a web id holds no channel prefix, and a
    manager_id names a manager. Checked over the whole file at once, so that a team's manager
    may come after the team and two reps may swap ids."""
    after = {r["rep_id"]: dict(r) for r in stored}
    for _, row in lined:
        after.setdefault(row["rep_id"], {}).update(row)
    line_of = {row["rep_id"]: line for line, row in lined}
    holders: dict[tuple[str, str], list[str]] = {}
    for rep_id, rep in after.items():
        for column in IDENTITY_COLUMNS:
            if rep.get(column):
                holders.setdefault((column, rep[column]), []).append(rep_id)
    for line, row in lined:
        rep_id = row["rep_id"]
        rep = after[rep_id]
        web_id = row.get("rest_id") or ""
        if ":" in web_id:
            raise CsvImportError(
                name,
                line,
                f"rest_id {web_id!r} must not contain ':' (that is how other channels' "
                "conversations are named, such as telegram:<id>)",
            )
        for column in IDENTITY_COLUMNS:
            value = rep.get(column) or ""
            # Reported on the later of two lines, or on the file's line against the ledger.
            earlier = [
                other
                for other in holders.get((column, value), [])
                if other != rep_id and line_of.get(other, 0) < line
            ]
            if earlier:
                raise CsvImportError(name, line, f"{column} {value!r} is already {earlier[0]}'s")
        manager_id = rep.get("manager_id")
        if not manager_id:
            continue
        if manager_id == rep_id:
            raise CsvImportError(name, line, f"manager_id {manager_id!r} is the rep's own id")
        if manager_id not in after:
            raise CsvImportError(
                name, line, f"manager_id {manager_id!r} is not a known rep (add it to reps.csv)"
            )
        role = after[manager_id].get("role")
        if role != ROLE_MANAGER:
            raise CsvImportError(
                name, line, f"manager_id {manager_id!r} is not a manager (their role is {role})"
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
    known: Known = {table: store.key_owners(table) for table in _REFERENCED}
    batch: dict[str, list[dict]] = {}
    for table in present:
        spec = TABLES[table]
        name = f"{table}.csv"
        seen: dict[str, int] = {}
        rows: list[dict] = []
        lines: list[int] = []
        for line, row in _rows(folder / name, spec, progress):
            key = row[spec.key]
            if key in seen:
                raise CsvImportError(
                    name, line, f"{spec.key} {key!r} already appears on line {seen[key]}"
                )
            seen[key] = line
            _check_references(spec, name, line, row, known)
            rows.append(row)
            lines.append(line)
            if table in known:
                known[table][key] = row.get("customer_id")
        if table == "reps":
            _check_reps(name, list(zip(lines, rows)), store.rep_rows())
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

    with AccountStore(environment.db_location()) as store:
        try:
            counts = import_folder(args.folder, store, show)
        except CsvImportError as exc:
            print(f"Import stopped, nothing was written: {exc}", file=sys.stderr)
            return 1
        print(f"Imported into {store.where}: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
