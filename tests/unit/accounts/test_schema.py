"""The one description of the tables: models, SQLite and the CSV import all agree with it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dunning_coach.accounts import schema
from dunning_coach.accounts.models import Customer, Invoice, RoleplayRound
from dunning_coach.accounts.schema import TABLES, Kind

# Model fields a query computes rather than reads from a column.
COMPUTED = {("reps", "team")}


@pytest.mark.parametrize("table", [t for t in TABLES.values() if t.model], ids=lambda t: t.name)
def test_every_model_field_is_a_column_or_computed(table):
    columns = {c.name for c in table.columns}
    fields = {f.name for f in dataclasses.fields(table.model)}
    assert fields - columns == {f for t, f in COMPUTED if t == table.name}


def test_references_point_at_tables_that_exist():
    for table in TABLES.values():
        for column in table.columns:
            if column.references:
                assert column.references in TABLES, (table.name, column.name)


def test_a_reference_comes_after_the_table_it_points_at_in_import_order():
    order = {name: i for i, name in enumerate(schema.IMPORT_TABLES)}
    for name in schema.IMPORT_TABLES:
        for column in TABLES[name].columns:
            if column.references in order:
                assert order[column.references] < order[name], (name, column.name)


def test_create_args_declare_key_not_null_and_foreign_keys():
    args = TABLES["payments"].create_args()
    assert args["pk"] == "payment_id"
    assert args["columns"]["amount_cents"] is int and args["columns"]["received_on"] is str
    assert {"customer_id", "amount_cents", "received_on"} <= args["not_null"]
    assert ("invoice_no", "invoices", "invoice_no") in args["foreign_keys"]


def test_an_empty_cell_takes_the_models_default():
    customer = schema.to_model(
        "customers",
        dict(customer_id="C1", name="Acme", rep_id="R1", aliases=None, demo=None, phone=None),
    )
    assert customer == Customer(customer_id="C1", name="Acme", rep_id="R1")
    assert customer.aliases == () and customer.demo is False


def test_row_values_become_python_values_by_kind():
    played = schema.to_model(
        "roleplay_rounds",
        dict(
            round_id="RP-1",
            rep_id="R1",
            excuse="excuse_cash_flow",
            difficulty="hard",
            played_on="2026-11-20",
            score=70,
            passed=1,
            turns=None,
            outcome=None,
            met="a;b",
        ),
    )
    assert played == RoleplayRound(
        rep_id="R1",
        excuse="excuse_cash_flow",
        difficulty="hard",
        played_on=dt.date(2026, 11, 20),
        score=70,
        passed=True,
        met=("a", "b"),
        round_id="RP-1",
    )


def test_extra_supplies_a_computed_field():
    row = dict(
        invoice_no="I1",
        customer_id="C1",
        issued_on="2026-10-01",
        due_on="2026-10-31",
        amount_cents=100_00,
        currency=None,
    )
    invoice = schema.to_model("invoices", row, paid_cents=40_00)
    assert isinstance(invoice, Invoice)
    assert invoice.open_cents == 60_00 and invoice.currency == "EUR"


def test_lists_are_trimmed_and_empty_parts_dropped():
    assert schema.split_list(" a ; ;b;") == ("a", "b")
    assert schema.join_list(["a", "", "b"]) == "a;b"
    assert schema.join_list([]) is None


def test_columns_we_stamp_ourselves_are_not_read_from_csv():
    headers = {c.header for c in TABLES["promises"].csv_columns()}
    assert "created_at" not in headers and "amount" in headers
    assert all(c.kind is not Kind.SERIAL for t in TABLES.values() for c in t.csv_columns())


def test_every_name_fits_postgresql_and_no_two_indexes_share_one():
    names = []
    for table in TABLES.values():
        names += [table.index_name(c) for c in table.indexes]
        names += [table.unique_index(c) for c in table.unique]
        names += [p.name for p in table.partial_indexes]
        assert len(table.name) <= schema.NAME_LIMIT
    assert all(len(n) <= schema.NAME_LIMIT for n in names), names
    assert len(set(names)) == len(names)
