"""A synthetic ledger of any size, written as the CSV files `make import` reads (issue 27).

One rep per 100 customers and 50 invoices per customer over two years, most paid; the customers'
names are brand-like (mostly distinct first words, common trades), as real customer bases are.
Rep S0's customers are K0, K<reps>, K<2*reps>, ...; the manager SM oversees everyone.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

TODAY = dt.date(2026, 11, 23)
INVOICES_PER_CUSTOMER = 50
CUSTOMERS_PER_REP = 100

SYLLABLES = [
    "ka",
    "ve",
    "lo",
    "mir",
    "dan",
    "tor",
    "el",
    "sa",
    "ri",
    "bel",
    "cor",
    "fen",
    "gal",
    "har",
    "ist",
    "jun",
    "kel",
    "lun",
    "mor",
    "nor",
]
TRADES = [
    "Trading",
    "Foods",
    "Hardware",
    "Catering",
    "Motors",
    "Dental",
    "Pharmacy",
    "Bakery",
    "Tiles",
    "Textiles",
]


def customer_name(c: int) -> str:
    """Distinct, and as sparse as real names: five syllables drawn by a scramble of the id (a
    multiplier prime to 20**5), so that few names differ by one syllable and customers next to
    each other do not share the start of their names."""
    code = (c * 7919 + 104729) % 20**5
    first = "".join(SYLLABLES[(code // 20**k) % 20] for k in range(5))
    return f"{first.title()} {TRADES[c % len(TRADES)]}"


@dataclass(frozen=True)
class Size:
    invoices: int

    @property
    def customers(self) -> int:
        return max(1, self.invoices // INVOICES_PER_CUSTOMER)

    @property
    def reps(self) -> int:
        return max(1, self.customers // CUSTOMERS_PER_REP)

    @property
    def promises(self) -> int:
        return max(1, self.invoices // 20)


def write(folder: Path, size: Size, seed: int = 42) -> None:
    rng = random.Random(seed)

    def table(name: str, header: list[str], rows) -> None:
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(header)
            out.writerows(rows)

    table(
        "reps.csv",
        ["rep_id", "name", "role", "rest_id", "manager_id"],
        [[f"S{r}", f"Scale Rep {r}", "rep", f"scale-{r}", "SM"] for r in range(size.reps)]
        + [["SM", "Scale Manager", "manager", "scale-manager", ""]],
    )
    table(
        "customers.csv",
        ["customer_id", "name", "rep_id", "payment_terms_days", "payment_day"],
        (
            [
                f"K{c}",
                customer_name(c),
                f"S{c % size.reps}",
                rng.choice([14, 30, 45, 60]),
                rng.choice(["", "10", "25"]),
            ]
            for c in range(size.customers)
        ),
    )
    invoices, payments = [], []
    for n in range(size.invoices):
        customer = f"K{n % size.customers}"
        issued = TODAY - dt.timedelta(days=rng.randint(0, 730))
        due = issued + dt.timedelta(days=30)
        amount = round(rng.uniform(100, 9000), 2)
        invoices.append([f"X{n}", customer, issued.isoformat(), due.isoformat(), f"{amount:.2f}"])
        if due < TODAY - dt.timedelta(days=20) and rng.random() < 0.9:
            paid = min(due + dt.timedelta(days=rng.randint(-10, 40)), TODAY)
            payments.append([f"Y{n}", customer, f"X{n}", f"{amount:.2f}", paid.isoformat()])
    table("invoices.csv", ["invoice_no", "customer_id", "issued_on", "due_on", "amount"], invoices)
    table(
        "payments.csv",
        ["payment_id", "customer_id", "invoice_no", "amount", "received_on"],
        payments,
    )
    promises = []
    for n in range(size.promises):
        made = TODAY - dt.timedelta(days=rng.randint(1, 90))
        promised = made + dt.timedelta(days=rng.randint(1, 30))
        promises.append(
            [
                f"Q{n}",
                f"K{rng.randrange(size.customers)}",
                f"{rng.uniform(100, 3000):.2f}",
                promised.isoformat(),
                made.isoformat(),
            ]
        )
    table(
        "promises.csv", ["promise_id", "customer_id", "amount", "promised_for", "made_on"], promises
    )
