"""The account tables as SQLAlchemy Core describes them, built from `schema.TABLES`, so that one
description drives SQLite and PostgreSQL alike.

Both backends store a value the same way: dates and timestamps as ISO text, amounts as whole
cents, yes/no as 1/0, lists as ";"-joined text. So one row reader (`schema.row_reader`) and the
same comparisons serve both, and a ledger copies across without converting a cell.
"""

from __future__ import annotations

import functools

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from dunning_coach.accounts.schema import TABLES, Column, Kind, Table

# Cents summed over a big customer pass 2**31 on PostgreSQL's INTEGER; SQLite's INTEGER is 64-bit
# anyway, but a key SQLite assigns must be spelled INTEGER there to be the rowid.
_WHOLE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


# Text compares byte by byte on both backends (SQLite's way), so names sort and ISO dates compare
# alike whatever locale a PostgreSQL server was created with.
_TEXT = sa.Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


def _type(kind: Kind) -> sa.types.TypeEngine:
    return _WHOLE if kind.sqlite_type is int else _TEXT


def _column(table: Table, column: Column) -> sa.Column:
    is_key = column.name == table.key
    references = (
        [sa.ForeignKey(f"{column.references}.{TABLES[column.references].key}")]
        if column.references
        else []
    )
    return sa.Column(
        column.name,
        _type(column.kind),
        *references,
        primary_key=is_key,
        autoincrement=is_key and column.kind is Kind.SERIAL,
        nullable=not (is_key or column.required or column.kind is Kind.TALLY),
        server_default=sa.text("0") if column.kind is Kind.TALLY else None,
    )


@functools.cache
def metadata() -> sa.MetaData:
    """Every account table with its keys, references, indexes, unique and partial indexes."""
    described = sa.MetaData()
    for table in TABLES.values():
        made = sa.Table(table.name, described, *(_column(table, c) for c in table.columns))
        for columns in table.indexes:
            sa.Index(table.index_name(columns), *(made.c[c] for c in columns))
        for column in table.unique:
            sa.Index(table.unique_index(column), made.c[column], unique=True)
        for partial in table.partial_indexes:
            where = sa.text(partial.where)
            sa.Index(
                partial.name,
                *(made.c[c] for c in partial.columns),
                unique=partial.unique,
                sqlite_where=where,
                postgresql_where=where,
            )
    return described
