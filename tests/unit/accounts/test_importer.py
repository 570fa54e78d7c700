import datetime as dt
from pathlib import Path

import pytest

from dunning_coach.accounts import importer
from dunning_coach.accounts.importer import CsvImportError, import_folder
from dunning_coach.accounts.schema import TABLES

REPS = "rep_id,name,role,rest_id,slack_id,telegram_id\nR1,Dana,rep,dana,U1,11\n"
CUSTOMERS = (
    "customer_id,name,aliases,rep_id,segment,payment_terms_days,payment_day,"
    "payment_method,approver,signatory,requires_original_invoice,phone\n"
    "C1,Acme Ltd,Acme; ACME Trading ,R1,chain,30,25,cheque,Ann,Bob,yes,123\n"
)
INVOICES = (
    "invoice_no,customer_id,issued_on,due_on,amount,currency,original_delivered_on\n"
    "INV-1,C1,2026-10-01,2026-10-31,1200.50,EUR,2026-10-02\n"
)
PAYMENTS = (
    "payment_id,customer_id,invoice_no,amount,received_on,method,reference\n"
    "P-1,C1,INV-1,200,2026-11-01,cheque,CHQ 1\n"
)


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(exist_ok=True)
    defaults = dict(reps=REPS, customers=CUSTOMERS, invoices=INVOICES, payments=PAYMENTS)
    for name, text in {**defaults, **files}.items():
        if text is not None:
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_imports_every_file(tmp_path, fresh_db):
    counts = import_folder(write(tmp_path / "in"), fresh_db)
    assert counts == {"reps": 1, "customers": 1, "invoices": 1, "payments": 1}
    customer = fresh_db.customer("C1")
    assert customer.aliases == ("Acme", "ACME Trading")
    assert customer.requires_original_invoice is True and customer.payment_day == 25
    invoice = fresh_db.account("C1", dt.date(2026, 11, 23)).invoices[0]
    assert invoice.amount_cents == 120050 and invoice.paid_cents == 20000


def test_reimport_changes_nothing(tmp_path, fresh_db):
    folder = write(tmp_path / "in")
    import_folder(folder, fresh_db)
    before = [fresh_db.rows(t) for t in ("reps", "customers", "invoices", "payments")]
    import_folder(folder, fresh_db)
    after = [fresh_db.rows(t) for t in ("reps", "customers", "invoices", "payments")]
    assert before == after


def test_reimport_updates_by_id(tmp_path, fresh_db):
    import_folder(write(tmp_path / "in"), fresh_db)
    import_folder(
        write(tmp_path / "in", customers=CUSTOMERS.replace("Acme Ltd", "Acme plc")), fresh_db
    )
    assert fresh_db.customer("C1").name == "Acme plc"
    assert fresh_db.counts()["customers"] == 1


@pytest.mark.parametrize(
    "file, text, line, reason",
    [
        ("customers", CUSTOMERS + ",No id,,R1,,,,,,,,\n", 3, "customer_id is missing"),
        ("invoices", INVOICES + "INV-2,C1,2026-13-01,2026-10-31,5,EUR,\n", 3, "issued_on"),
        (
            "invoices",
            INVOICES + "INV-2,C9,2026-10-01,2026-10-31,5,EUR,\n",
            3,
            "not a known customer",
        ),
        (
            "invoices",
            INVOICES + "INV-2,C1,2026-10-01,2026-10-31,twelve,EUR,\n",
            3,
            "is not a number",
        ),
        ("payments", PAYMENTS + "P-2,C1,INV-1,abc,2026-11-01,,\n", 3, "is not a number"),
        (
            "invoices",
            INVOICES + "INV-1,C1,2026-10-01,2026-10-31,5,EUR,\n",
            3,
            "already appears on line 2",
        ),
        ("customers", CUSTOMERS + "C2,Two,,R9,,,,,,,,\n", 3, "not a known rep"),
        ("customers", CUSTOMERS + "C2,Two,,R1,,30,40,,,,,\n", 3, "not a day of the month"),
        ("customers", CUSTOMERS + "C2,Two,,R1,,30,,,,,maybe,\n", 3, "not yes or no"),
        ("reps", REPS + "R2,Sam,boss,,,\n", 3, "is not one of"),
        (
            "reps",
            "rep_id,name,role,rest_id,slack_id,telegram_id,language\nR1,Dana,rep,,,,fr\n",
            2,
            "is not one of",
        ),
        ("payments", PAYMENTS + "P-2,C1,INV-404,5,2026-11-01,,\n", 3, "not a known invoice"),
    ],
)
def test_bad_row_names_file_and_line_and_writes_nothing(
    tmp_path, fresh_db, file, text, line, reason
):
    folder = write(tmp_path / "in", **{file: text})
    with pytest.raises(CsvImportError) as raised:
        import_folder(folder, fresh_db)
    message = str(raised.value)
    assert message.startswith(f"{file}.csv line {line}: ") and reason in message
    assert set(fresh_db.counts().values()) == {0}


def test_payment_for_another_customers_invoice_is_refused(tmp_path, fresh_db):
    customers = CUSTOMERS + "C2,Other,,R1,,30,,,,,,\n"
    payments = PAYMENTS + "P-2,C2,INV-1,5,2026-11-01,,\n"
    with pytest.raises(CsvImportError, match="belongs to customer 'C1'"):
        import_folder(write(tmp_path / "in", customers=customers, payments=payments), fresh_db)


def test_bad_import_leaves_earlier_data_untouched(tmp_path, fresh_db):
    import_folder(write(tmp_path / "good"), fresh_db)
    before = fresh_db.counts()
    bad = write(
        tmp_path / "bad",
        customers=CUSTOMERS.replace("Acme Ltd", "Renamed"),
        invoices=INVOICES + "INV-2,C1,2026-10-01,soon,5,EUR,\n",
    )
    with pytest.raises(CsvImportError):
        import_folder(bad, fresh_db)
    assert fresh_db.counts() == before and fresh_db.customer("C1").name == "Acme Ltd"


def test_missing_optional_columns_and_extra_columns(tmp_path, fresh_db):
    folder = write(
        tmp_path / "in",
        payments=None,
        reps="rep_id,name,favourite_colour\nR1,Dana,blue\n",
        customers="customer_id,name,rep_id\nC1,Acme,R1\n",
        invoices="invoice_no,customer_id,issued_on,due_on,amount\nI1,C1,2026-01-01,2026-01-31,10\n",
    )
    assert import_folder(folder, fresh_db) == {"reps": 1, "customers": 1, "invoices": 1}
    assert fresh_db.rep("R1").role == "rep"
    assert fresh_db.account("C1", dt.date(2026, 2, 1)).currency == "EUR"


def test_missing_required_column(tmp_path, fresh_db):
    folder = write(tmp_path / "in", invoices="invoice_no,customer_id,due_on,amount\n")
    with pytest.raises(
        CsvImportError, match=r"invoices.csv line 1: missing column\(s\): issued_on"
    ):
        import_folder(folder, fresh_db)


def test_not_utf8_is_refused(tmp_path, fresh_db):
    folder = write(tmp_path / "in")
    (folder / "customers.csv").write_bytes(CUSTOMERS.replace("Acme Ltd", "Café").encode("latin-1"))
    with pytest.raises(CsvImportError, match=r"customers\.csv: not UTF-8"):
        import_folder(folder, fresh_db)
    assert set(fresh_db.counts().values()) == {0}


def test_row_cut_short_is_a_missing_field(tmp_path, fresh_db):
    folder = write(tmp_path / "in", invoices=INVOICES + "INV-2,C1,2026-10-01")
    with pytest.raises(CsvImportError, match=r"invoices\.csv line 3: due_on is missing"):
        import_folder(folder, fresh_db)


def test_folder_without_csvs(tmp_path, fresh_db):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CsvImportError, match="holds none of"):
        import_folder(tmp_path / "empty", fresh_db)


def test_progress_is_reported_for_large_files(tmp_path, fresh_db, monkeypatch):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 2)
    rows = "".join(f"INV-{n},C1,2026-10-01,2026-10-31,5,EUR,\n" for n in range(5))
    seen = []
    import_folder(
        write(
            tmp_path / "in",
            payments=None,
            invoices="invoice_no,customer_id,issued_on,due_on,amount,currency,"
            "original_delivered_on\n" + rows,
        ),
        fresh_db,
        progress=lambda name, n: seen.append((name, n)),
    )
    assert ("invoices.csv", 2) in seen and ("invoices.csv", 4) in seen


def test_cli_reports_error_and_exit_code(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DUNNING_DB", str(tmp_path / "cli.db"))
    bad = write(tmp_path / "in", invoices=INVOICES + "INV-2,C1,x,2026-10-31,5,EUR,\n")
    assert importer.main([str(bad)]) == 1
    assert "invoices.csv line 3: issued_on 'x' is not a date" in capsys.readouterr().err
    assert importer.main([str(write(tmp_path / "ok"))]) == 0
    assert "1 invoices" in capsys.readouterr().out


def dump(store) -> dict[str, list[dict]]:
    """Every row of every table, so "exactly as before" means exactly."""
    return {table: store.rows(table) for table in TABLES}


CUT_OFF = INVOICES + "INV-2,C1,2026-10-01,2026-10-31,99.00,EUR,\nINV-3,C1,2026-1"
CUT_IN_QUOTES = INVOICES + 'INV-2,C1,2026-10-01,2026-10-31,"1,2'


@pytest.mark.parametrize(
    "file, content, expected",
    [
        ("invoices", CUT_OFF.encode(), "invoices.csv line 4: issued_on '2026-1' is not a date"),
        ("invoices", CUT_IN_QUOTES.encode(), "invoices.csv line 3: not a readable CSV row"),
        (
            "customers",
            CUSTOMERS.replace("Acme Ltd", "Café Ümlaut").encode("latin-1"),
            "customers.csv: not UTF-8",
        ),
        ("customers", CUSTOMERS.encode("utf-16"), "customers.csv: not UTF-8"),
        (
            "invoices",
            (
                INVOICES + "INV-2,C1,2026-10-01,2026-10-31,5,EUR,\n"
                "INV-2,C1,2026-10-02,2026-11-01,6,EUR,\n"
            ).encode(),
            "invoices.csv line 4: invoice_no 'INV-2' already appears on line 3",
        ),
        (
            "payments",
            (PAYMENTS + "P-1,C1,INV-1,50,2026-11-02,,\n").encode(),
            "payments.csv line 3: payment_id 'P-1' already appears on line 2",
        ),
    ],
)
def test_a_faulty_file_leaves_a_filled_database_exactly_as_it_was(
    tmp_path, fresh_db, file, content, expected
):
    import_folder(write(tmp_path / "good"), fresh_db)
    before = dump(fresh_db)
    folder = write(
        tmp_path / "bad",
        customers=CUSTOMERS.replace("Acme Ltd", "Acme Renamed"),
        invoices=INVOICES + "INV-9,C1,2026-10-05,2026-11-04,10,EUR,\n",
    )
    (folder / f"{file}.csv").write_bytes(content)
    with pytest.raises(CsvImportError) as raised:
        import_folder(folder, fresh_db)
    assert str(raised.value).startswith(expected)
    assert dump(fresh_db) == before


def test_a_reps_language_is_optional_and_english_by_default(tmp_path, fresh_db):
    header = "rep_id,name,role,rest_id,slack_id,telegram_id,language\n"
    reps = header + "R1,Dana,rep,,,,\nR2,Li,rep,,,,zh-hant\n"
    import_folder(write(tmp_path / "in", reps=reps), fresh_db)
    assert (fresh_db.rep("R1").language, fresh_db.rep("R2").language) == ("en", "zh-Hant")


# --- reps: one identity per rep, known managers, removal ------------------------------------

REPS_HEADER = "rep_id,name,role,rest_id,slack_id,telegram_id,manager_id,active\n"


@pytest.mark.parametrize(
    "rows, expected",
    [
        (
            "R1,Dana,rep,dana,U1,11,,\nR2,Sam,rep,sam,U2,12,,\nM1,Morgan,manager,dana,U3,13,,\n",
            "reps.csv line 4: rest_id 'dana' is already R1's",
        ),
        (
            "R1,Dana,rep,dana,U1,11,,\nM1,Morgan,manager,morgan,U1,13,,\n",
            "reps.csv line 3: slack_id 'U1' is already R1's",
        ),
        (
            "R1,Dana,rep,dana,U1,11,,\nM1,Morgan,manager,morgan,U3,11,,\n",
            "reps.csv line 3: telegram_id '11' is already R1's",
        ),
        (
            "R1,Dana,rep,telegram:12,U1,11,,\nR2,Sam,rep,sam,U2,12,,\n",
            "reps.csv line 2: rest_id 'telegram:12' must not contain ':'",
        ),
        (
            "R1,Dana,rep,dana,U1,11,M9,\n",
            "reps.csv line 2: manager_id 'M9' is not a known rep",
        ),
        (
            "R1,Dana,rep,dana,U1,11,R2,\nR2,Sam,rep,sam,U2,12,,\n",
            "reps.csv line 2: manager_id 'R2' is not a manager",
        ),
        (
            "M1,Morgan,manager,morgan,U3,13,M1,\n",
            "reps.csv line 2: manager_id 'M1' is the rep's own id",
        ),
    ],
)
def test_reps_with_colliding_identities_or_unknown_managers_are_refused(
    tmp_path, fresh_db, rows, expected
):
    import_folder(write(tmp_path / "good"), fresh_db)
    before = dump(fresh_db)
    with pytest.raises(CsvImportError) as raised:
        import_folder(write(tmp_path / "bad", reps=REPS_HEADER + rows), fresh_db)
    assert str(raised.value).startswith(expected)
    assert dump(fresh_db) == before


def test_an_identity_already_in_the_ledger_counts_as_a_duplicate(tmp_path, fresh_db):
    import_folder(write(tmp_path / "good"), fresh_db)  # R1 is dana, U1, 11
    before = dump(fresh_db)
    new = REPS_HEADER.replace(",manager_id,active", "") + "R2,Sam,rep,sam,U2,12\nR3,Jo,rep,dana,,\n"
    with pytest.raises(CsvImportError) as raised:
        import_folder(write(tmp_path / "bad", reps=new), fresh_db)
    assert str(raised.value) == "reps.csv line 3: rest_id 'dana' is already R1's"
    assert dump(fresh_db) == before


def test_reps_may_swap_identities_and_leave_them_empty_in_one_import(tmp_path, fresh_db):
    two = REPS_HEADER + "R1,Dana,rep,dana,U1,11,,\nR2,Sam,rep,sam,U2,12,,\n"
    import_folder(write(tmp_path / "a", reps=two), fresh_db)
    swapped = REPS_HEADER + "R1,Dana,rep,sam,U2,,,\nR2,Sam,rep,dana,U1,,,\nR3,Jo,rep,,,,,\n"
    import_folder(write(tmp_path / "b", reps=swapped), fresh_db)
    assert fresh_db.rep_for_sender("rest", "sam").rep_id == "R1"
    assert fresh_db.rep_for_sender("slack", "slack:U1").rep_id == "R2"
    assert [r.telegram_id for r in fresh_db.reps()] == [None, None, None]


def test_a_team_is_imported_with_its_manager_on_any_line(tmp_path, fresh_db):
    reps = REPS_HEADER + (
        "R1,Dana,rep,dana,U1,11,M1,\nR2,Sam,rep,sam,U2,12,,\nM1,Morgan,manager,morgan,U3,13,,\n"
    )
    folder = write(tmp_path / "in", reps=reps)
    import_folder(folder, fresh_db)
    assert fresh_db.rep("M1").team == ("R1",) and fresh_db.rep("R1").manager_id == "M1"
    before = dump(fresh_db)
    import_folder(folder, fresh_db)
    assert dump(fresh_db) == before  # idempotent


def test_a_rep_marked_inactive_is_removed_and_stays_removed_on_reimport(tmp_path, fresh_db):
    import_folder(write(tmp_path / "a"), fresh_db)
    assert fresh_db.rep_for_sender("rest", "dana").rep_id == "R1"
    gone = write(tmp_path / "b", reps=REPS_HEADER + "R1,Dana,rep,dana,U1,11,,no\n")
    import_folder(gone, fresh_db)
    assert fresh_db.rep_for_sender("rest", "dana") is None
    assert fresh_db.rep("R1").active is False
    before = dump(fresh_db)
    import_folder(gone, fresh_db)
    assert dump(fresh_db) == before
    # A file without the column leaves the rep removed, as a missing column always does.
    import_folder(write(tmp_path / "c"), fresh_db)
    assert fresh_db.rep_for_sender("rest", "dana") is None


def test_every_parser_reads_an_empty_cell_as_nothing():
    # The row reader gives an empty cell its column's default without calling the parser.
    for spec in TABLES.values():
        for column in spec.csv_columns():
            assert importer._parser(column)("") is None, (spec.name, column.name)
