"""Shared fixtures: a fresh temporary database per test, and builders for account data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dunning_coach.accounts import connection, shared_store
from dunning_coach.accounts.store import AccountStore
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.common import settings
from dunning_coach.language.languages import Language
from tests.postgres_server import PostgresServer, running_postgres

TODAY = dt.date(2026, 11, 23)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[AccountStore]:
    store = AccountStore(tmp_path / "accounts.db")
    yield store
    store.close()


BACKENDS = ["sqlite", "postgresql"]


def store_on_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AccountStore]:
    """A fresh ledger on the backend `request.param` names: an SQLite file, or a database of
    the run's throwaway PostgreSQL. A module whose tests must hold on both defines `fresh_db`
    with `params=BACKENDS` through this; `sqlite_only` marks a test of SQLite's own ways."""
    if request.param == "sqlite":
        store = AccountStore(tmp_path / "accounts.db")
    else:
        if request.node.get_closest_marker("sqlite_only"):
            pytest.skip("checks what only an SQLite ledger has")
        server: PostgresServer = request.getfixturevalue("postgres_server")
        name = server.fresh_database(template=LEDGER_TEMPLATE)
        store = AccountStore(server.url(name))
    yield store
    store.close()
    if request.param != "sqlite":
        shared_store.close()
        connection.dispose_engine(server.url(name))
        server.dropdb(name)


LEDGER_TEMPLATE = "ledger_template"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the run, started only when a test asks for it, with a template
    database holding the ledger's empty tables."""
    with running_postgres() as server:
        server.createdb(LEDGER_TEMPLATE)
        url = server.url(LEDGER_TEMPLATE)
        AccountStore(url).close()
        connection.dispose_engine(url)  # a template must have no one connected
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped after it."""
    name = postgres_server.fresh_database()
    url = postgres_server.url(name)
    yield url
    shared_store.close()
    connection.dispose_engine(url)
    postgres_server.dropdb(name)


@pytest.fixture(autouse=True)
def _no_ledger_kept_between_tests() -> Iterator[None]:
    # The actions keep the ledger open per thread (accounts/shared_store.py); each test starts
    # without one, as a fresh server would.
    yield
    shared_store.close()


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


class Builder:
    """Adds rows through the same write path the importer uses."""

    def __init__(self, store: AccountStore) -> None:
        self.store = store
        self._n = 0

    def _next(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}{self._n}"

    def turn(
        self,
        rep_id: str = "R1",
        customer_id: str | None = None,
        today: dt.date = TODAY,
        spoken: Language | None = None,
    ) -> TurnContext:
        """A turn's context as the actions build it, for `rep_id` with `customer_id` selected;
        `spoken` the language of the message it answers."""
        rep = self.store.rep(rep_id)
        assert rep is not None, f"no rep {rep_id}"
        return TurnContext.begin(self.store, rep, today, settings.load(), customer_id, spoken)

    def rep(self, rep_id: str = "R1", role: str = "rep", **fields: Any) -> str:
        row = dict(rep_id=rep_id, name=f"Rep {rep_id}", role=role, rest_id=rep_id.lower())
        self.store.write_import({"reps": [{**row, **fields}]})
        return rep_id

    def rep_with_customer(
        self,
        rep_id: str,
        customer_id: str,
        customer_name: str,
        amount: float = 1000,
        **rep_fields: Any,
    ) -> None:
        """A rep of their own with one customer owing one invoice 30 days overdue: a conversation
        and an account no other test touches."""
        self.rep(rep_id, **{"name": f"Rep {rep_id}", **rep_fields})
        self.customer(customer_id, rep_id, name=customer_name)
        self.invoice(customer_id, issued=60, due=30, amount=amount)

    def customer(self, customer_id: str = "C1", rep_id: str = "R1", **fields: Any) -> str:
        if not self.store.rep(rep_id):
            self.rep(rep_id)
        row = dict(
            customer_id=customer_id,
            name=f"Customer {customer_id}",
            rep_id=rep_id,
            payment_terms_days=30,
        )
        self.store.write_import({"customers": [{**row, **fields}]})
        return customer_id

    def invoice(
        self,
        customer_id: str = "C1",
        *,
        issued: int,
        due: int,
        amount: float = 1000,
        delivered: int | None = None,
        invoice_no: str | None = None,
        currency: str = "EUR",
    ) -> str:
        """Dates are given in days before TODAY."""
        invoice_no = invoice_no or self._next("INV-")
        self.store.write_import(
            {
                "invoices": [
                    dict(
                        invoice_no=invoice_no,
                        customer_id=customer_id,
                        issued_on=days_ago(issued),
                        due_on=days_ago(due),
                        amount_cents=int(amount * 100),
                        currency=currency,
                        original_delivered_on=days_ago(delivered)
                        if delivered is not None
                        else None,
                    )
                ]
            }
        )
        return invoice_no

    def payment(
        self,
        customer_id: str = "C1",
        *,
        received: int,
        amount: float = 1000,
        invoice_no: str | None = None,
        reference: str | None = None,
        method: str = "bank transfer",
    ) -> str:
        payment_id = self._next("P-")
        self.store.write_import(
            {
                "payments": [
                    dict(
                        payment_id=payment_id,
                        customer_id=customer_id,
                        invoice_no=invoice_no,
                        amount_cents=int(amount * 100),
                        received_on=days_ago(received),
                        method=method,
                        reference=reference,
                    )
                ]
            }
        )
        return payment_id

    def promise(
        self,
        customer_id: str = "C1",
        *,
        amount: float = 1000,
        due_in: int = 0,
        made: int = 7,
        invoice_nos: tuple[str, ...] = (),
        rep_id: str = "R1",
    ) -> str:
        """A promise made `made` days ago for `due_in` days from TODAY (negative: in the past)."""
        return self.store.add_promise(
            customer_id=customer_id,
            rep_id=rep_id,
            amount_cents=int(amount * 100),
            promised_for=TODAY + dt.timedelta(days=due_in),
            made_on=TODAY - dt.timedelta(days=made),
            invoice_nos=invoice_nos,
        )

    def sign(
        self,
        customer_id: str = "C1",
        *,
        kind: str = "sign_staff_change",
        reported: int = 3,
        text: str = "their buyer left",
    ) -> str:
        return self.store.add_sign(
            customer_id=customer_id,
            rep_id="R1",
            kind=kind,
            text=text,
            reported_on=TODAY - dt.timedelta(days=reported),
        )

    def paid_invoice(
        self, customer_id: str = "C1", *, due: int, days_late: int, amount: float = 1000
    ) -> str:
        invoice_no = self.invoice(
            customer_id, issued=due + 30, due=due, amount=amount, delivered=due + 29
        )
        self.payment(customer_id, received=due - days_late, amount=amount, invoice_no=invoice_no)
        return invoice_no


@pytest.fixture
def build(fresh_db: AccountStore) -> Builder:
    return Builder(fresh_db)


@pytest.fixture
def rich_account(build):
    """An account with long names and many facts, to stress the one-screen limit."""
    build.customer(
        name="Northwind Retail Group International Holdings",
        segment="chain",
        payment_day=25,
        approver="Ada Park-Montgomery (finance director)",
        signatory="Leopold Grant-Fitzwilliam",
        requires_original_invoice=1,
        payment_method="cheque",
    )
    for due in (200, 170, 140):
        build.paid_invoice(due=due, days_late=40, amount=123456.78)
    build.invoice(issued=80, due=50, amount=987654.32, invoice_no="INV-2024-000042")
    build.invoice(issued=10, due=-20, amount=5000)
    for days in (30, 60):
        build.store.log_excuse(
            customer_id="C1",
            rep_id="R1",
            intent="excuse_cheque_mailed",
            text="x",
            verdict=None,
            logged_on=TODAY.replace(day=1) if days == 30 else TODAY.replace(month=9),
        )
    return build.store.account("C1", TODAY)
