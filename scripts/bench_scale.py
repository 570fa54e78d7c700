"""The scale table of `make bench` (issue 27): how the ledger's size changes what a rep waits for.

For each size (1k, 100k and 1M invoices; a rep per 100 customers, 50 invoices a customer) and
each backend (an SQLite file; a database on a throwaway PostgreSQL on loopback): the import, a
rep's day plan, the manager's over everyone and their promises due this week (in process, the
median of 9 after a warm-up), the manager's team page (its five charts, one after another in
process; and served: asked for at once over HTTP, as the page asks, until the last arrives)
and slowest team question in chat (issue 29), and an excuse turn through the real servers,
for a customer already selected and for one named in the message, each turn timed
alternately with the same turn on the smallest ledger's servers, which run throughout.

    PYTHONPATH=$PWD .venv/bin/python scripts/bench_scale.py [invoices ...]
"""

from __future__ import annotations

import concurrent.futures
import functools
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dunning_coach.accounts.importer import import_folder
from dunning_coach.accounts.store import AccountStore
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import turns as collection
from dunning_coach.common import settings, tokens
from dunning_coach.common.rasa_names import Intent
from dunning_coach.playbook import playbook
from dunning_coach.team import charts
from dunning_coach.team import turns as team
from dunning_coach.team.figures import Viewer
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
TURNS = 100  # each kind, alternating: the p50 of 40 moved by a tenth between runs


PLAN_RUNS = 9  # timed after one run that warms the caches, as a rep asks more than once


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


TEAM_INTENTS = [v for k, v in vars(Intent).items() if k.startswith("TEAM_")]


def _chart(turn: TurnContext, draw: Callable) -> object:
    viewer = Viewer(turn.store, turn.rep, turn.today, turn.playbook, turn.settings)
    return draw(viewer, charts.names_for(viewer))


def _answer(turn: TurnContext, intent: str) -> object:
    return team.answer(turn, intent)


class Ledger:
    """One synthetic ledger, imported and timed in process, then served by real servers."""

    def __init__(self, tmp: Path, invoices: int, postgres: PostgresServer | None) -> None:
        self.size = scale_ledger.Size(invoices)
        self.backend = "PostgreSQL" if postgres is not None else "SQLite"
        folder = tmp / "csv"
        folder.mkdir()
        scale_ledger.write(folder, self.size)
        ledger: Path | str = tmp / "accounts.db"
        if postgres is not None:
            ledger = postgres.url(postgres.fresh_database())
        with AccountStore(ledger) as store:
            began = time.perf_counter()
            import_folder(folder, store)
            self.import_s = time.perf_counter() - began
            self.rep_plan_s = _timed_s(store, "S0", collection.day_plan)
            self.manager_plan_s = _timed_s(store, "SM", collection.day_plan)
            self.due_s = _timed_s(
                store, "SM", lambda turn: collection.promises_due(turn, "promises due this week")
            )
            self.chart_s = {
                name: _timed_s(store, "SM", functools.partial(_chart, draw=draw))
                for name, draw in charts.CHARTS.items()
            }
            self.answer_s = {
                intent: _timed_s(store, "SM", functools.partial(_answer, intent=intent))
                for intent in TEAM_INTENTS
            }
        self.servers = Servers(tmp, {"DUNNING_DB": str(ledger)})
        self.servers.start("actions")
        self.servers.start("rasa")
        self.send = rest_sender(
            self.servers.url + "/webhooks/rest/webhook", self.servers.env["RASA_TOKEN"]
        )
        # Rep S0's customers are K0, K<reps>, K<2 reps>...
        self.mine = [
            scale_ledger.customer_name(n * self.size.reps)
            for n in range(min(10, self.size.customers))
        ]
        self.send("scale-0", f"I'm at {self.mine[0]}")

    def served_page_s(self) -> float:
        """The manager's team page as a browser gets it: every chart asked for at once, with
        the manager's sign-in code, until the last one arrives (the median of PLAN_RUNS, after
        one untimed)."""
        code = tokens.issue(self.servers.env["WEBCHAT_SECRET"], "scale-manager", "SM")

        def fetch(name: str) -> None:
            request = urllib.request.Request(
                f"{self.servers.url}/team/charts/{name}.json",
                headers={"Authorization": f"Bearer {code}"},
            )
            with urllib.request.urlopen(request, timeout=60) as reply:  # raises unless 2xx
                reply.read()

        def page() -> float:
            began = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(len(charts.CHARTS)) as pool:
                list(pool.map(fetch, charts.CHARTS))
            return time.perf_counter() - began

        page()
        return statistics.median(page() for _ in range(PLAN_RUNS))

    def excuse(self, n: int) -> float:
        """An excuse turn for the customer selected."""
        return timed(self.send, "scale-0", EXCUSES[n % len(EXCUSES)])

    def naming(self, n: int) -> float:
        """An excuse turn that names the customer."""
        mine = self.mine[n % len(self.mine)]
        return timed(self.send, "scale-0", f"at {mine}, {EXCUSES[n % len(EXCUSES)]}")

    def stop(self) -> None:
        for name in list(self.servers.processes):
            self.servers.stop(name)


def _alternating(turn: Callable[[int], float], beside: Callable[[int], float]) -> tuple:
    """TURNS of `turn`, each after one of `beside`: the machine's speed drifts over a run
    (by a third on these shared cores), and a ratio of turns timed minutes apart would carry
    that drift."""
    mine, theirs = [], []
    for n in range(TURNS):
        theirs.append(beside(n))
        mine.append(turn(n))
    return mine, theirs


def measure_backend(sizes: list[int], postgres: PostgresServer | None = None) -> list[dict]:
    """Each size on SQLite, or on fresh databases of `postgres`; every excuse turn is timed
    alternately with the same turn on the smallest ledger, whose servers run throughout."""
    rows = []
    with tempfile.TemporaryDirectory() as base_tmp:
        smallest = Ledger(Path(base_tmp), min(sizes), postgres)
        try:
            for invoices in sorted(sizes):
                with tempfile.TemporaryDirectory() as tmp:
                    ledger = (
                        smallest
                        if invoices == smallest.size.invoices
                        else Ledger(Path(tmp), invoices, postgres)
                    )
                    try:
                        served_page_s = ledger.served_page_s()
                        selected, beside = _alternating(ledger.excuse, smallest.excuse)
                        named, named_beside = _alternating(ledger.naming, smallest.naming)
                    finally:
                        if ledger is not smallest:
                            ledger.stop()
                rows.append(
                    {
                        "backend": ledger.backend,
                        "invoices": invoices,
                        "customers": ledger.size.customers,
                        "reps": ledger.size.reps,
                        "import_s": ledger.import_s,
                        "rep_plan_ms": ledger.rep_plan_s * 1000,
                        "manager_plan_ms": ledger.manager_plan_s * 1000,
                        "manager_promises_due_ms": ledger.due_s * 1000,
                        "team_page_ms": sum(ledger.chart_s.values()) * 1000,
                        "team_chart_ms": {k: v * 1000 for k, v in ledger.chart_s.items()},
                        "team_page_served_ms": served_page_s * 1000,
                        "team_answer_ms": {k: v * 1000 for k, v in ledger.answer_s.items()},
                        "excuse_turn_ms": summary(selected),
                        "named_excuse_turn_ms": summary(named),
                        "smallest_excuse_turn_ms": summary(beside),
                        "smallest_named_excuse_turn_ms": summary(named_beside),
                    }
                )
        finally:
            smallest.stop()
    return rows


def report(rows: list[dict]) -> None:
    print(
        "Ledger size: backend, invoices / customers / reps | import s | rep's plan ms | "
        "manager's plan ms | manager's promises due ms | team page ms (its slowest chart) | "
        "team page served ms | "
        "slowest team answer ms | excuse turn p50 ms (x the smallest ledger's, timed "
        "alternately) | naming the customer p50 ms (x the same)"
    )
    for r in rows:
        slowest = max(r["team_chart_ms"], key=r["team_chart_ms"].get)
        answer = max(r["team_answer_ms"], key=r["team_answer_ms"].get)
        plans = (
            f"{r['rep_plan_ms']:8.0f} | {r['manager_plan_ms']:9.0f} | "
            f"{r['manager_promises_due_ms']:9.0f} | "
            f"{r['team_page_ms']:6.0f} ({slowest} {r['team_chart_ms'][slowest]:.0f}) | "
            f"{r['team_page_served_ms']:6.0f} | "
            f"{r['team_answer_ms'][answer]:6.0f} ({answer})"
        )
        turns = []
        for key in ("excuse_turn_ms", "named_excuse_turn_ms"):
            p50, beside = r[key]["p50"], r[f"smallest_{key}"]["p50"]
            turns.append(f"{p50:6.1f} ({p50 / beside:.2f}x)")
        ledger = f"{r['invoices']:>9,} / {r['customers']:>6,} / {r['reps']:>3}"
        print(
            f"  {r['backend']:<10} {ledger} | {r['import_s']:6.1f} | {plans} | {' | '.join(turns)}"
        )


def measure_all(sizes: list[int] | None = None) -> list[dict]:
    rows = measure_backend(sizes or list(SIZES))
    with running_postgres() as postgres:
        rows += measure_backend(sizes or list(SIZES), postgres)
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
