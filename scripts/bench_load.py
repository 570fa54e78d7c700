"""Turn latency and throughput through a REST channel, and a server's resident memory: the same
measurement for Dunning Coach and for the stock reference, so their figures compare."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dunning_coach.language import messages

CONVERSATIONS = 10  # one user: ten visits of TURNS_EACH turns, one after the other
USERS = 20  # concurrent users, one conversation each
TURNS_EACH = 20  # a realistic visit; a tracker that grows for hundreds of turns is not one
# A rep stays in one session through a day of visits (it expires after 240 idle minutes): the
# turn time of one session of SESSION_TURNS turns, as medians over these windows (from turn 1).
SESSION_TURNS = 300
SESSION_WINDOWS = ((1, 50), (100, 150), (250, 300))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "turns": len(values),
    }


BUSY = messages.text("excuse.busy")  # our server took too much at once: the turn did not run
RESENDS = 20


def rest_sender(url: str, token: str | None = None) -> Callable[[str, str], list[dict]]:
    """A function that sends one message to a REST webhook and returns the bot's messages. A
    message answered "busy" is sent again, as a rep would, and the turn's time includes that."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"

    def post(sender: str, text: str) -> list[dict]:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            replies = json.loads(response.read())
        if not replies:
            raise RuntimeError(f"no reply to {text!r} from {sender}")
        return replies

    def send(sender: str, text: str) -> list[dict]:
        replies = post(sender, text)
        for _ in range(RESENDS):
            if [r.get("text") for r in replies] != [BUSY]:
                break
            time.sleep(0.2)
            replies = post(sender, text)
        return replies

    return send


def timed_reply(
    send: Callable[[str, str], list[dict]], sender: str, text: str
) -> tuple[float, list[dict]]:
    """How long one turn took (ms), and what it answered."""
    began = time.perf_counter()
    said = send(sender, text)
    return (time.perf_counter() - began) * 1000, said


def timed(send: Callable[[str, str], list[dict]], sender: str, text: str) -> float:
    return timed_reply(send, sender, text)[0]


def session_curve(
    send: Callable[[str, str], list[dict]], sender: str, opening: str | None, texts: list[str]
) -> dict[str, float]:
    """Median turn time (ms) in each window of one long session."""
    if opening:
        send(sender, opening)
    timings = [timed(send, sender, texts[n % len(texts)]) for n in range(SESSION_TURNS)]
    return {f"{a}-{b}": percentile(timings[a - 1 : b], 50) for a, b in SESSION_WINDOWS}


def visit(
    send: Callable[[str, str], list[dict]],
    sender: str,
    opening: str | None,
    texts: list[str],
    turns: int = TURNS_EACH,
) -> list[float]:
    """One conversation: an untimed opening (choosing the customer), then `turns` timed turns."""
    if opening:
        send(sender, opening)
    return [timed(send, sender, texts[n % len(texts)]) for n in range(turns)]


def measure(
    send: Callable[[str, str], list[dict]], prefix: str, opening: str | None, texts: list[str]
) -> dict:
    """Latency with one user, then latency and throughput with USERS users at once."""
    one = [
        ms for n in range(CONVERSATIONS) for ms in visit(send, f"{prefix}-1u-{n}", opening, texts)
    ]
    if opening:  # the openings are not part of the timed load
        for n in range(USERS):
            send(f"{prefix}-load-{n}", opening)
    began = time.perf_counter()
    with ThreadPoolExecutor(USERS) as pool:
        runs = list(
            pool.map(lambda n: visit(send, f"{prefix}-load-{n}", None, texts), range(USERS))
        )
    elapsed = time.perf_counter() - began
    loaded = [ms for run in runs for ms in run]
    return {
        "one_user_ms": summary(one),
        f"{USERS}_users_ms": summary(loaded),
        "throughput_turns_per_s": len(loaded) / elapsed,
    }


def resident_mb(pid: int) -> float:
    """Resident memory of a process and its children (a server script may run its server as one)."""
    total = 0
    for candidate in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def children(pid: int) -> list[int]:
    try:
        direct = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []
    return [c for child in direct for c in (child, *children(child))]
