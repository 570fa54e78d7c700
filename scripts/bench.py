"""make bench: NLU accuracy on the held-out set, REST turn latency of a full excuse turn and of a
role-play reply, the role-play judge on held-out replies, and the import of 100,000 invoices with
the day's plan over them.

Writes bench/results.json. Timings are measured here, never asserted in tests.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dunning_coach import collection, playbook, settings  # noqa: E402
from dunning_coach.db import AccountStore  # noqa: E402
from dunning_coach.importer import import_folder  # noqa: E402
from tests.harness import Servers  # noqa: E402
from scripts.bench_roleplay import judge_accuracy, report as report_judge  # noqa: E402

TURNS = 200
USERS = 20
EXCUSES = ["they say the cheque is in the post", "cash is tight this month",
           "we pay on the 25th, that's our payment run", "the boss is away, nobody can sign"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed_turn(servers: Servers, sender: str, text: str) -> float:
    start = time.perf_counter()
    servers.say(sender, text)
    return (time.perf_counter() - start) * 1000


SCALE_INVOICES = 100_000
SCALE_CUSTOMERS = 2_000
SCALE_REPS = 20
SCALE_TODAY = dt.date(2026, 11, 23)


def write_scale_csvs(folder: Path) -> None:
    """A synthetic ledger: 20 reps, 2,000 customers, 100,000 invoices over two years, most paid."""
    rng = random.Random(42)

    def write(name: str, header: list[str], rows) -> None:
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(header)
            out.writerows(rows)

    write("reps.csv", ["rep_id", "name", "role", "rest_id"],
          [[f"S{r}", f"Scale Rep {r}", "rep", f"scale-{r}"] for r in range(SCALE_REPS)]
          + [["SM", "Scale Manager", "manager", "scale-manager"]])
    write("customers.csv", ["customer_id", "name", "rep_id", "payment_terms_days", "payment_day"],
          [[f"K{c}", f"Customer {c}", f"S{c % SCALE_REPS}", rng.choice([14, 30, 45, 60]),
            rng.choice(["", "10", "25"])] for c in range(SCALE_CUSTOMERS)])
    invoices, payments, promises = [], [], []
    for n in range(SCALE_INVOICES):
        customer = f"K{n % SCALE_CUSTOMERS}"
        issued = SCALE_TODAY - dt.timedelta(days=rng.randint(0, 730))
        due = issued + dt.timedelta(days=30)
        amount = round(rng.uniform(100, 9000), 2)
        invoices.append([f"X{n}", customer, issued.isoformat(), due.isoformat(), f"{amount:.2f}"])
        if due < SCALE_TODAY - dt.timedelta(days=20) and rng.random() < 0.9:
            paid = min(due + dt.timedelta(days=rng.randint(-10, 40)), SCALE_TODAY)
            payments.append([f"Y{n}", customer, f"X{n}", f"{amount:.2f}", paid.isoformat()])
    for n in range(5_000):
        customer = f"K{rng.randrange(SCALE_CUSTOMERS)}"
        made = SCALE_TODAY - dt.timedelta(days=rng.randint(1, 90))
        promised = made + dt.timedelta(days=rng.randint(1, 30))
        promises.append([f"Q{n}", customer, f"{rng.uniform(100, 3000):.2f}", promised.isoformat(),
                         made.isoformat()])
    write("invoices.csv", ["invoice_no", "customer_id", "issued_on", "due_on", "amount"], invoices)
    write("payments.csv", ["payment_id", "customer_id", "invoice_no", "amount", "received_on"],
          payments)
    write("promises.csv", ["promise_id", "customer_id", "amount", "promised_for", "made_on"],
          promises)


def collection_at_scale() -> dict:
    """Time the import of 100,000 invoices and the day's plan for one rep and for the manager."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "csv"
        folder.mkdir()
        write_scale_csvs(folder)
        with AccountStore(Path(tmp) / "scale.db") as store:
            began = time.perf_counter()
            counts = import_folder(folder, store)
            import_s = time.perf_counter() - began
            book, conf = playbook.load(), settings.load()
            timings = {}
            for who in ("S0", "SM"):
                rep = store.rep(who)
                began = time.perf_counter()
                collection.day_plan(store, rep, SCALE_TODAY, book, conf)
                timings[who] = time.perf_counter() - began
            began = time.perf_counter()
            collection.promises_due(store, store.rep("SM"), "this week", None, SCALE_TODAY, conf)
            due_s = time.perf_counter() - began
    return {"rows": counts, "import_s": import_s, "day_plan_one_rep_s": timings["S0"],
            "day_plan_manager_all_s": timings["SM"], "promises_due_week_manager_s": due_s}


ROLEPLAY_ROUNDS = 12
ROLEPLAY_REPLIES = ["When did you post it?", "Hmm, I see.", "What's the cheque number?",
                    "I'll check with our bank.", "OK."]


def roleplay_latency(servers: Servers) -> list[float]:
    """Timed trainee replies inside hard rounds (six turns, so none ends before "stop")."""
    timings = []
    for _ in range(ROLEPLAY_ROUNDS):
        servers.say("terry-new", "role-play the cheque excuse, hard")
        timings += [timed_turn(servers, "terry-new", reply) for reply in ROLEPLAY_REPLIES]
        servers.say("terry-new", "stop")
    return timings


def main() -> int:
    out = ROOT / "bench"
    out.mkdir(exist_ok=True)
    nlu = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_nlu.py"), "--min-f1", "0",
                          "--json", str(out / "nlu.json")], cwd=ROOT, capture_output=True, text=True)
    print(nlu.stdout.strip())
    with tempfile.TemporaryDirectory() as tmp:
        with AccountStore(Path(tmp) / "accounts.db") as store:
            import_folder(ROOT / "demo_data", store)
            # One registered rep per simulated user: Rasa handles one conversation's turns in order.
            store.write_import({"reps": [dict(rep_id=f"B{n}", name=f"Bench {n}", role="manager",
                                              rest_id=f"bench-{n}") for n in range(USERS)]})
        servers = Servers(Path(tmp))
        started = time.perf_counter()
        servers.start("actions")
        servers.start("rasa")
        cold_start = time.perf_counter() - started
        try:
            servers.say("demo-rep", "I'm at Northwind")
            single = [timed_turn(servers, "demo-rep", EXCUSES[i % len(EXCUSES)]) for i in range(TURNS)]
            for n in range(USERS):
                servers.say(f"bench-{n}", "I'm at Northwind")
            began = time.perf_counter()
            with ThreadPoolExecutor(USERS) as pool:
                loaded = list(pool.map(lambda i: timed_turn(servers, f"bench-{i % USERS}", EXCUSES[i % 4]),
                                       range(TURNS)))
            throughput = TURNS / (time.perf_counter() - began)
            roleplay_turns = roleplay_latency(servers)
        finally:
            for name in list(servers.processes):
                servers.stop(name)
    scale = collection_at_scale()
    result = {
        "collection_at_scale": scale,
        "nlu": json.loads((out / "nlu.json").read_text()),
        "excuse_turn_ms_1_user": {"p50": percentile(single, 50), "p95": percentile(single, 95),
                                  "p99": percentile(single, 99), "mean": statistics.mean(single)},
        f"excuse_turn_ms_{USERS}_users": {"p50": percentile(loaded, 50), "p95": percentile(loaded, 95)},
        "throughput_turns_per_s": throughput,
        "cold_start_s": cold_start,
        "roleplay_turn_ms_1_user": {"p50": percentile(roleplay_turns, 50),
                                    "p95": percentile(roleplay_turns, 95)},
        "roleplay_judge": judge_accuracy(),
    }
    (out / "results.json").write_text(json.dumps(result, indent=2))
    one = result["excuse_turn_ms_1_user"]
    print(f"Excuse turn via REST, 1 user:  p50 {one['p50']:.1f} ms  p95 {one['p95']:.1f} ms  "
          f"p99 {one['p99']:.1f} ms")
    many = result[f"excuse_turn_ms_{USERS}_users"]
    print(f"Excuse turn via REST, {USERS} users: p50 {many['p50']:.1f} ms  p95 {many['p95']:.1f} ms  "
          f"throughput {throughput:.1f} turns/s")
    print(f"Cold start of both servers: {cold_start:.1f} s.")
    rp = result["roleplay_turn_ms_1_user"]
    print(f"Role-play reply turn via REST (judge, debtor, feedback), 1 user: p50 {rp['p50']:.1f} ms"
          f"  p95 {rp['p95']:.1f} ms")
    report_judge(result["roleplay_judge"])
    rows = scale["rows"]
    print(f"Import of {rows['invoices']:,} invoices, {rows['payments']:,} payments, "
          f"{rows['promises']:,} promises: {scale['import_s']:.1f} s")
    print(f"Day plan: one rep ({SCALE_CUSTOMERS // SCALE_REPS} customers) "
          f"{scale['day_plan_one_rep_s'] * 1000:.0f} ms; manager, all {SCALE_CUSTOMERS:,} customers "
          f"{scale['day_plan_manager_all_s']:.2f} s; promises due this week (manager) "
          f"{scale['promises_due_week_manager_s'] * 1000:.0f} ms")
    print("Written to bench/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
