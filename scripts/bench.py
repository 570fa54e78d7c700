"""make bench: NLU accuracy on the held-out set and REST turn latency of a full excuse turn.

Writes bench/results.json. Timings are measured here, never asserted in tests.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dunning_coach.db import AccountStore  # noqa: E402
from dunning_coach.importer import import_folder  # noqa: E402
from tests.harness import Servers  # noqa: E402

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
        finally:
            for name in list(servers.processes):
                servers.stop(name)
    result = {
        "nlu": json.loads((out / "nlu.json").read_text()),
        "excuse_turn_ms_1_user": {"p50": percentile(single, 50), "p95": percentile(single, 95),
                                  "p99": percentile(single, 99), "mean": statistics.mean(single)},
        f"excuse_turn_ms_{USERS}_users": {"p50": percentile(loaded, 50), "p95": percentile(loaded, 95)},
        "throughput_turns_per_s": throughput,
        "cold_start_s": cold_start,
    }
    (out / "results.json").write_text(json.dumps(result, indent=2))
    one = result["excuse_turn_ms_1_user"]
    print(f"Excuse turn via REST, 1 user:  p50 {one['p50']:.1f} ms  p95 {one['p95']:.1f} ms  "
          f"p99 {one['p99']:.1f} ms")
    many = result[f"excuse_turn_ms_{USERS}_users"]
    print(f"Excuse turn via REST, {USERS} users: p50 {many['p50']:.1f} ms  p95 {many['p95']:.1f} ms  "
          f"throughput {throughput:.1f} turns/s")
    print(f"Cold start of both servers: {cold_start:.1f} s. Written to bench/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
