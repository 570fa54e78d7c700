"""The scale table of `make bench` (issue 27): how the ledger's size changes what a rep waits for.

For each size (1k, 100k and 1M invoices; a rep per 100 customers, 50 invoices a customer) and
each backend (an SQLite file; a database on a throwaway PostgreSQL on loopback): the import, a
rep's day plan, the manager's over everyone and their promises due this week (in process, the
median of 5 after a warm-up), and an excuse turn through the real servers, for a customer
already selected and for one named in the message.

    PYTHONPATH=$PWD .venv/bin/python scripts/bench_scale.py [invoices ...]
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dunning_coach.accounts.importer import import_folder
from dunning_coach.accounts.store import AccountStore
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import turns as collection
from dunning_coach.common import playbook, settings
from scripts import scale_ledger
from scripts.bench_load import rest_sender, summary, timed
from tests.harness import Servers
from tests.postgres_server import PostgresServer, running_postgres

SIZES = (1_000, 100_000, 1_000_000)
EXCUSES = [
    "they say the cheque is in the post",
    "we never got the invoice",
    "cash is tight this month",
    "the boss is away, nobody can sign",
]
TURNS = 40


PLAN_RUNS = 5  # timed after one run that warms the caches, as a rep asks more than once


def _timed_s(store: AccountStore, rep_id: str, work: Callable[[TurnContext], object]) -> float:
    """The median of PLAN_RUNS runs, after one untimed."""
    rep = store.rep(rep_id)
    if rep is None:
        raise SystemExit(f"the scale ledger has no rep {rep_id}")
    turn = TurnContext(store, rep, scale_ledger.TODAY, playbook.load(), settings.load())
    work(turn)
    times = []
    for _ in range(PLAN_RUNS):
        began = time.perf_counter()
        work(turn)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def measure(invoices: int, postgres: PostgresServer | None = None) -> dict:
    """One size on SQLite, or on a fresh database of `postgres`."""
    size = scale_ledger.Size(invoices)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "csv"
        folder.mkdir()
        scale_ledger.write(folder, size)
        ledger: Path | str = Path(tmp) / "accounts.db"
        if postgres is not None:
            ledger = postgres.url(postgres.fresh_database())
        with AccountStore(ledger) as store:
            began = time.perf_counter()
            import_folder(folder, store)
            import_s = time.perf_counter() - began
            rep_plan_s = _timed_s(store, "S0", collection.day_plan)
            manager_plan_s = _timed_s(store, "SM", collection.day_plan)
            due_s = _timed_s(
                store, "SM", lambda turn: collection.promises_due(turn, "promises due this week")
            )
        servers = Servers(Path(tmp), {"DUNNING_DB": str(ledger)})
        servers.start("actions")
        servers.start("rasa")
        try:
            send = rest_sender(servers.url + "/webhooks/rest/webhook", servers.env["RASA_TOKEN"])
            # Rep S0's customers are K0, K<reps>, K<2 reps>...
            mine = [
                scale_ledger.customer_name(n * size.reps) for n in range(min(10, size.customers))
            ]
            send("scale-0", f"I'm at {mine[0]}")
            selected = [timed(send, "scale-0", EXCUSES[n % len(EXCUSES)]) for n in range(TURNS)]
            named = [
                timed(send, "scale-0", f"at {mine[n % len(mine)]}, {EXCUSES[n % len(EXCUSES)]}")
                for n in range(TURNS)
            ]
        finally:
            for name in list(servers.processes):
                servers.stop(name)
    return {
        "backend": "PostgreSQL" if postgres is not None else "SQLite",
        "invoices": invoices,
        "customers": size.customers,
        "reps": size.reps,
        "import_s": import_s,
        "rep_plan_ms": rep_plan_s * 1000,
        "manager_plan_ms": manager_plan_s * 1000,
        "manager_promises_due_ms": due_s * 1000,
        "excuse_turn_ms": summary(selected),
        "named_excuse_turn_ms": summary(named),
    }


def report(rows: list[dict]) -> None:
    print(
        "Ledger size: backend, invoices / customers / reps | import s | rep's plan ms | "
        "manager's plan ms | manager's promises due ms | excuse turn p50 ms (x smallest on "
        "the same backend) | naming the customer p50 ms"
    )
    for r in rows:
        base = min((o for o in rows if o["backend"] == r["backend"]), key=lambda o: o["invoices"])[
            "excuse_turn_ms"
        ]["p50"]
        turn = r["excuse_turn_ms"]["p50"]
        ledger = f"{r['invoices']:>9,} / {r['customers']:>6,} / {r['reps']:>3}"
        plans = (
            f"{r['rep_plan_ms']:8.0f} | {r['manager_plan_ms']:9.0f} | "
            f"{r['manager_promises_due_ms']:9.0f}"
        )
        turns = f"{turn:6.1f} ({turn / base:.2f}x) | {r['named_excuse_turn_ms']['p50']:6.1f}"
        print(f"  {r['backend']:<10} {ledger} | {r['import_s']:6.1f} | {plans} | {turns}")


def measure_all(sizes: list[int] | None = None) -> list[dict]:
    rows = [measure(n) for n in sizes or SIZES]
    with running_postgres() as postgres:
        rows += [measure(n, postgres) for n in sizes or SIZES]
    return rows


def main() -> int:
    rows = measure_all([int(a) for a in sys.argv[1:]])
    out = ROOT / "bench"
    out.mkdir(exist_ok=True)
    (out / "scale.json").write_text(json.dumps(rows, indent=2))
    report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
