"""Load through the real servers: 50 conversations at once, 20 turns each, logging excuses and
saving promises. Afterwards the database holds exactly what was sent (an excuse said again in
the same visit is logged once), and neither server logged an error or a locked database. No
timing is asserted: speed is `make bench`'s job."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from dunning_coach.accounts.store import AccountStore
from tests.conftest import Builder
from tests.harness import text_of

CONVERSATIONS = 50
TURNS = 20
PROMISES_EACH = 3
TOWNS = ["Aachen", "Bergen", "Cork", "Dundee", "Essen", "Faro", "Genk", "Hull", "Ivrea", "Jena"]
EXCUSES = [
    "they say the cheque is in the post",
    "cash is tight this month",
    "we pay on the 25th, that's our payment run",
    "the boss is away, nobody can sign",
]
FRIDAY = dt.date(2026, 11, 27)  # "friday" seen from the servers' DUNNING_TODAY


def customer_name(n: int) -> str:
    return f"{TOWNS[n % 10]} {TOWNS[n // 10]} Trading"


def amount_cents(n: int, k: int) -> int:
    return (100 + n * 10 + k) * 100  # distinct per conversation and promise


def conversation(servers, n: int) -> tuple[list[str], set[str], list[int]]:
    """One conversation of TURNS turns: what went wrong, the excuses sent, the promises saved."""
    sender = f"load-{n}"
    problems, turns = [], 0

    def turn(text: str, expected: str) -> str:
        nonlocal turns
        turns += 1
        reply = text_of(servers.say(sender, text))
        if expected not in reply:
            problems.append(f"{sender} {text!r}: expected {expected!r}, got {reply[:200]!r}")
        return reply

    turn(f"I'm at {customer_name(n)}", "now")
    excuses: set[str] = set()
    promised: list[int] = []
    while turns < TURNS:
        k = len(promised)
        if k < PROMISES_EACH and turns % 4 == 1 and turns + 3 <= TURNS:
            asked = turn(f"they promised to pay {amount_cents(n, k) // 100} on friday", "?")
            if "Which invoice" in asked:  # customers with several open invoices ask which
                turn("oldest first", "Save this promise?")
            elif "Save this promise?" not in asked:
                problems.append(f"{sender}: promise not understood: {asked[:200]!r}")
            turn("yes", "Saved:")
            promised.append(amount_cents(n, k))
        else:
            excuse = EXCUSES[(n + turns) % len(EXCUSES)]
            turn(excuse, "Do:")
            excuses.add(excuse)
    return problems, excuses, promised


def test_fifty_conversations_of_twenty_turns_store_exactly_what_was_sent(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        # Reps with a customer each, so no other test's customer gets these rows.
        for n in range(CONVERSATIONS):
            build.rep(f"L{n}", name=f"Load {n}", rest_id=f"load-{n}")
            build.customer(f"LC{n}", f"L{n}", name=customer_name(n), payment_terms_days=30)
            build.invoice(f"LC{n}", issued=75, due=45, amount=2400, invoice_no=f"LOAD-{n}-A")
            build.invoice(f"LC{n}", issued=40, due=10, amount=1600, invoice_no=f"LOAD-{n}-B")
    logs = {name: servers.tmp / f"{name}.log" for name in ("rasa", "actions")}
    seen = {name: len(path.read_text(errors="replace")) for name, path in logs.items()}

    with ThreadPoolExecutor(CONVERSATIONS) as pool:
        runs = list(pool.map(lambda n: conversation(servers, n), range(CONVERSATIONS)))
    assert [p for problems, _, _ in runs for p in problems] == []
    assert all(len(promised) == PROMISES_EACH for _, _, promised in runs)

    reps = tuple(f"L{n}" for n in range(CONVERSATIONS))
    marks = ",".join("?" * len(reps))
    with AccountStore(servers.tmp / "accounts.db") as store:
        logged = store.db.execute(
            f"select rep_id, count(*) from excuse_log where rep_id in ({marks}) group by rep_id",
            reps,
        ).fetchall()
        promised = store.db.execute(
            f"select rep_id, amount_cents, promised_for from promises where rep_id in ({marks})",
            reps,
        ).fetchall()
    # Every excuse is said several times in a visit: logged once each, even with 50 at once.
    assert all(len(excuses) == len(EXCUSES) for _, excuses, _ in runs)
    assert sorted(logged) == sorted((f"L{n}", len(EXCUSES)) for n in range(CONVERSATIONS))
    assert sorted(promised) == sorted(
        (f"L{n}", cents, FRIDAY.isoformat())
        for n, (_, _, sent) in enumerate(runs)
        for cents in sent
    )
    for name, path in logs.items():
        written = path.read_text(errors="replace")[seen[name] :]
        assert "database is locked" not in written, name
        assert "Traceback" not in written and " ERROR " not in written, written[-3000:]
