"""make bench: NLU accuracy on the held-out set; REST turn latency of a full excuse turn beside the
stock `rasa init` assistant's plain reply (scripts/bench_reference.py), training, cold start and
memory of both, and where an excuse turn's time goes; the latency of a role-play reply, the
role-play judge on held-out replies; and the scale table (scripts/bench_scale.py): import, day
plans and the excuse turn at 1k, 100k and 1M invoices.

Writes bench/results.json. Timings are measured here, never asserted in tests.
`--no-training` skips both trainings (the stock project is reused from bench/stock) while
working on speed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dunning_coach.accounts.importer import import_folder
from dunning_coach.accounts.store import AccountStore
from scripts import bench_scale
from scripts.bench_load import (
    CONVERSATIONS,
    USERS,
    measure,
    resident_mb,
    rest_sender,
    session_curve,
    summary,
    timed,
    timed_reply,
    visit,
)
from scripts.bench_reference import measure_stock
from scripts.bench_roleplay import judge_accuracy
from scripts.bench_roleplay import report as report_judge
from tests.harness import RASA, Servers

EXCUSES = [
    "they say the cheque is in the post",
    "cash is tight this month",
    "we pay on the 25th, that's our payment run",
    "the boss is away, nobody can sign",
]
# A day in one session, for each kind of turn: its opening (untimed) and the messages it cycles
# through. Excuse turns mix in the account summary and more tactics, as issue 15 measured; a
# promise is recorded through the form (saved each time) at each visit of a round of three
# customers, as a day goes (one account taking 100 promises in a day would measure the account's
# history instead); role-play rounds run start to stop.
PROMISE_VISIT = ["they promised to pay 500 on friday", "oldest first", "yes"]
SESSIONS = {
    "excuse": (
        "I'm at Northwind",
        [EXCUSES[0], "what do they owe", "more tactics", EXCUSES[1], EXCUSES[3]],
    ),
    "promise": (
        None,
        [
            text
            for customer in ("Northwind", "Bolt and Nut", "Pixel Print")
            for text in (f"I'm at {customer}", *PROMISE_VISIT)
        ],
    ),
    "roleplay": (
        None,
        [
            "role-play the cheque excuse, hard",
            "When did you post it?",
            "What's the cheque number?",
            "stop",
        ],
    ),
}


# An excuse turn in each language (issue 17): the same visit, written the way reps there write.
LANGUAGE_VISITS = {
    "en": ("I'm at Northwind", EXCUSES),
    "es": (
        "estoy en Northwind",
        [
            "dice que el cheque ya está en el correo",
            "no nos ha llegado la factura",
            "ahora mismo van muy justos de dinero",
            "el jefe no está y nadie puede firmar",
        ],
    ),
    "zh-Hans": (
        "我现在在Northwind",
        ["他说支票上周就寄出去了", "我们没收到你们的发票", "最近资金很紧张", "老板不在,没人签字"],
    ),
    "zh-Hant": (
        "我現在在Northwind",
        [
            "他說支票上禮拜就寄出去了",
            "我們沒收到你們的發票",
            "最近資金很吃緊",
            "老闆不在,沒人可以簽",
        ],
    ),
    "ko": (
        "지금 Northwind에 와 있어요",
        [
            "수표는 지난주에 보냈대요",
            "계산서를 아직 못 받았어요",
            "요즘 자금 사정이 어려워요",
            "사장님이 안 계셔서 서명을 못 해요",
        ],
    ),
}
LANGUAGE_TURNS = 40


def language_latency(send: Callable[[str, str], list[dict]]) -> dict[str, dict[str, float]]:
    """Excuse turns of one user in each language, through the same servers, one after another."""
    found = {}
    for code, (opening, excuses) in LANGUAGE_VISITS.items():
        sender = f"ours-lang-{code}"
        send(sender, opening)
        found[code] = summary(
            [timed(send, sender, excuses[n % len(excuses)]) for n in range(LANGUAGE_TURNS)]
        )
    return found


# Trainee replies are timed in conversations shaped like the excuse visits they are compared
# with (21 turns: three rounds of an opening, five replies and "stop"), one trainee each, so the
# ratio compares a turn with a turn; how both grow over a long session is the session table.
# Each trainee's conversation follows an excuse visit of the same length through the same
# servers, and the ratio is taken between those two samples: timed minutes apart, the same turns
# differ by a third from one stretch to the next on a shared machine, which swamped the ratio.
# A block: 150 timed replies, a p95 as steady as the excuse turns' (200).
ROLEPLAY_CONVERSATIONS = 10
# Blocks of paired timings: one block's p95 ratio moved by +-0.1 between runs on two cores, so the
# bar reads the ratio of all blocks' replies, and each block's is reported to show the spread.
ROLEPLAY_BLOCKS = 3
ROLEPLAY_ROUNDS_EACH = 3
ROLEPLAY_REPLIES = [
    "When did you post it?",
    "Hmm, I see.",
    "What's the cheque number?",
    "I'll check with our bank.",
    "OK.",
]
# Answers as long as trainees write them: 4 to 6 pieces to judge (clauses, pairs, sentences),
# as the labelled answers' median is 6, where the replies above are 1 to 3. None demands a sum
# and a day, so no round ends before "stop".
TYPICAL_REPLIES = [
    "Thanks for letting me know, I appreciate it. When did it go in the post, and which address"
    " did you send it to?",
    "Right, okay. Do you have the cheque number to hand, or a photo of the stub I could see?",
    "I'll check with our accounts team this afternoon, they may have it already, but I haven't"
    " seen it yet.",
    "Who was it made out to, us or our parent company? Sometimes they go to the wrong office.",
    "Okay, I'll give you a call tomorrow morning to see where things are, if that's alright with"
    " you.",
]
# A conversation per trainee and visit: a tracker reused by a later block would be longer.
_PAIRS = range(ROLEPLAY_BLOCKS * ROLEPLAY_CONVERSATIONS)
TRAINEES = [f"ours-trainee-{n}" for n in _PAIRS]
PAIRED_VISITS = [f"ours-paired-{n}" for n in _PAIRS]
TYPICAL_TRAINEES = [f"ours-trainee-typical-{n}" for n in _PAIRS]
TYPICAL_VISITS = [f"ours-paired-typical-{n}" for n in _PAIRS]


WARMUP_TRAINEE = "ours-trainee-warmup"
WARMUP_S = 120  # how long the untimed role-play rounds may wait for the judge to load


def in_round(said: list[dict]) -> bool:
    """Whether a reply is a role-play turn's (it offers to end the round)."""
    return any(b.get("payload") == "/stop" for m in said for b in m.get("buttons") or [])


def warm_roleplay(send: Callable[[str, str], list[dict]]) -> None:
    """Untimed rounds until an answer is judged: the action server loads the judge when the
    first round opens, and an answer sent before it is loaded would wait past Rasa's timeout."""
    deadline = time.monotonic() + WARMUP_S
    while time.monotonic() < deadline:
        send(WARMUP_TRAINEE, "role-play the cheque excuse, hard")
        judged = in_round(send(WARMUP_TRAINEE, "What's the cheque number?"))
        send(WARMUP_TRAINEE, "stop")
        if judged:
            return
        time.sleep(1)
    raise RuntimeError(f"no role-play answer was judged within {WARMUP_S} s")


def roleplay_latency(
    send: Callable[[str, str], list[dict]],
    answers: Sequence[str] = ROLEPLAY_REPLIES,
    trainees: Sequence[str] = TRAINEES,
    visitors: Sequence[str] = PAIRED_VISITS,
) -> list[tuple[list[float], list[float]]]:
    """Per block: timed trainee `answers` inside hard rounds (six turns, so none ends before
    "stop"), and the excuse turns of the visit timed just before each trainee's conversation."""
    blocks = []
    for block in range(ROLEPLAY_BLOCKS):
        replies: list[float] = []
        excuses: list[float] = []
        pairs = slice(block * ROLEPLAY_CONVERSATIONS, (block + 1) * ROLEPLAY_CONVERSATIONS)
        for trainee, visitor in zip(trainees[pairs], visitors[pairs]):
            turns = ROLEPLAY_ROUNDS_EACH * len(answers)
            excuses += visit(send, visitor, "I'm at Northwind", EXCUSES, turns)
            for _ in range(ROLEPLAY_ROUNDS_EACH):
                send(trainee, "role-play the cheque excuse, hard")
                for answer in answers:
                    ms, said = timed_reply(send, trainee, answer)
                    replies.append(ms)
                    if not in_round(said):  # it would time another kind of turn
                        raise RuntimeError(f"{answer!r} was not answered inside the round")
                send(trainee, "stop")
        blocks.append((replies, excuses))
    return blocks


def paired(blocks: list[tuple[list[float], list[float]]], keys: tuple[str, str, str]) -> dict:
    """Under `keys`: the role-play replies' and the paired excuse turns' timings over all
    blocks, and each block's ratio of their p95s."""
    replies_key, excuses_key, ratios_key = keys
    return {
        replies_key: summary([ms for replies, _ in blocks for ms in replies]),
        excuses_key: summary([ms for _, turns in blocks for ms in turns]),
        ratios_key: [summary(replies)["p95"] / summary(turns)["p95"] for replies, turns in blocks],
    }


STALLED_TURNS = 5


def stalled_answer_ms(servers: Servers, send: Callable[[str, str], list[dict]]) -> list[float]:
    """Excuse turns while the action server is stopped (SIGSTOP: connections open, no answer),
    as a rep standing in front of the debtor would wait for them."""
    sender = "ours-1u-1"
    send(sender, "I'm at Northwind")
    actions = servers.processes["actions"].pid
    os.kill(actions, signal.SIGSTOP)
    try:
        return [timed(send, sender, EXCUSES[0]) for _ in range(STALLED_TURNS)]
    finally:
        os.kill(actions, signal.SIGCONT)


def stage_timings(servers: Servers, sender: str) -> dict:
    """Where a turn's time goes, seen from outside: NLU alone (/model/parse) and the action
    server alone (the excuse action replayed on this conversation's tracker). The rest of a
    turn is the policies, the tracker store and Rasa's own handling."""
    parse = []
    for n in range(100):
        began = time.perf_counter()
        status, body = servers.admin(
            "/model/parse", {"text": EXCUSES[n % len(EXCUSES)]}, method="POST"
        )
        parse.append((time.perf_counter() - began) * 1000)
        assert status == 200, body
    status, body = servers.admin(f"/conversations/{sender}/tracker")
    tracker = json.loads(body)
    call = json.dumps(
        {
            "next_action": "action_respond_excuse",
            "sender_id": sender,
            "tracker": tracker,
            "version": "3.6.21",
        }
    ).encode()
    action = []
    for _ in range(100):
        request = urllib.request.Request(
            servers.env["ACTION_ENDPOINT_URL"],
            data=call,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {servers.env['ACTION_SERVER_TOKEN']}",
            },
        )
        began = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
        action.append((time.perf_counter() - began) * 1000)
    return {
        "nlu_parse_ms": summary(parse),
        "action_call_ms": summary(action),
        "tracker_events": len(tracker.get("events", [])),
    }


def train_from_scratch(tmp: Path) -> float:
    began = time.perf_counter()
    subprocess.run(
        [
            str(RASA),
            "train",
            "--force",
            "--out",
            str(tmp / "models"),
            "--fixed-model-name",
            "scratch",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - began


def measure_ours(tmp: Path, training: bool) -> dict:
    training_s = train_from_scratch(tmp) if training else float("nan")
    senders = (
        [f"ours-1u-{n}" for n in range(CONVERSATIONS)]
        + [f"ours-load-{n}" for n in range(USERS)]
        + [f"ours-session-{kind}" for kind in SESSIONS]
        + PAIRED_VISITS
        + TYPICAL_VISITS
    )
    speakers = {f"ours-lang-{code}": code for code in LANGUAGE_VISITS}
    with AccountStore(tmp / "accounts.db") as store:
        import_folder(ROOT / "demo_data", store)
        # Managers see every customer; one rep per conversation, as in the field.
        store.write_import(
            {
                "reps": [
                    dict(rep_id=f"B{n}", name=f"Bench {n}", role="manager", rest_id=sender)
                    for n, sender in enumerate(senders)
                ]
                + [
                    dict(rep_id=f"T{n + 100}", name=f"Trainee {n}", role="trainee", rest_id=sender)
                    for n, sender in enumerate([*TRAINEES, *TYPICAL_TRAINEES, WARMUP_TRAINEE])
                ]
                + [
                    dict(
                        rep_id=f"L{n}",
                        name=f"Bench {code}",
                        role="manager",
                        rest_id=sender,
                        language=code,
                    )
                    for n, (sender, code) in enumerate(speakers.items())
                ]
            }
        )
    servers = Servers(tmp)
    began = time.perf_counter()
    servers.start("actions")
    servers.start("rasa")
    servers.say("demo-rep", "hello")
    cold_start_s = time.perf_counter() - began
    try:
        send = rest_sender(servers.url + "/webhooks/rest/webhook", servers.env["RASA_TOKEN"])
        turns = measure(send, "ours", "I'm at Northwind", EXCUSES)
        stages = stage_timings(servers, "ours-1u-0")
        warm_roleplay(send)
        roleplay_blocks = roleplay_latency(send)
        typical_blocks = roleplay_latency(send, TYPICAL_REPLIES, TYPICAL_TRAINEES, TYPICAL_VISITS)
        by_language = language_latency(send)
        curves = {
            kind: session_curve(send, f"ours-session-{kind}", opening, texts)
            for kind, (opening, texts) in SESSIONS.items()
        }
        stalled = stalled_answer_ms(servers, send)
        rss = {name: resident_mb(process.pid) for name, process in servers.processes.items()}
        with AccountStore(tmp / "accounts.db") as store:
            logged = store.db.execute("select count(*) from excuse_log").fetchone()[0]
    finally:
        for name in list(servers.processes):
            servers.stop(name)
    return {
        "training_s": training_s,
        "cold_start_s": cold_start_s,
        "rss_mb": rss,
        **turns,
        "stages": stages,
        "excuses_logged": logged,
        **paired(
            roleplay_blocks,
            (
                "roleplay_turn_ms_1_user",
                "paired_excuse_turn_ms_1_user",
                "roleplay_p95_ratio_by_block",
            ),
        ),
        **paired(
            typical_blocks,
            (
                "roleplay_typical_turn_ms_1_user",
                "paired_excuse_turn_ms_typical",
                "roleplay_typical_p95_ratio_by_block",
            ),
        ),
        "excuse_turn_ms_by_language": by_language,
        "stalled_action_server_ms": summary(stalled),
        "session_ms": curves,
    }


def ratios(ours: dict, stock: dict) -> dict:
    """Ours divided by stock: below 1 is faster (or lighter) for latency, time and memory;
    above 1 is more for throughput."""
    key = f"{USERS}_users_ms"
    return {
        "p50_1_user": ours["one_user_ms"]["p50"] / stock["one_user_ms"]["p50"],
        "p95_1_user": ours["one_user_ms"]["p95"] / stock["one_user_ms"]["p95"],
        "p99_1_user": ours["one_user_ms"]["p99"] / stock["one_user_ms"]["p99"],
        f"p95_{USERS}_users": ours[key]["p95"] / stock[key]["p95"],
        "throughput": ours["throughput_turns_per_s"] / stock["throughput_turns_per_s"],
        "training": ours["training_s"] / stock["training_s"],
        "cold_start": ours["cold_start_s"] / stock["cold_start_s"],
        "rss": sum(ours["rss_mb"].values()) / sum(stock["rss_mb"].values()),
        **{
            f"session_{kind}_{window}": ms / stock["session_ms"][window]
            for kind, curve in ours["session_ms"].items()
            for window, ms in curve.items()
        },
        # Stock has no action server to stall: its plain reply is what a rep would otherwise get.
        "stalled_answer": ours["stalled_action_server_ms"]["p50"] / stock["one_user_ms"]["p50"],
    }


def print_table(ours: dict, stock: dict, ratio: dict) -> None:
    key = f"{USERS}_users_ms"
    rows = [
        (
            "turn p50, 1 user (ms)",
            ours["one_user_ms"]["p50"],
            stock["one_user_ms"]["p50"],
            ratio["p50_1_user"],
        ),
        (
            "turn p95, 1 user (ms)",
            ours["one_user_ms"]["p95"],
            stock["one_user_ms"]["p95"],
            ratio["p95_1_user"],
        ),
        (
            "turn p99, 1 user (ms)",
            ours["one_user_ms"]["p99"],
            stock["one_user_ms"]["p99"],
            ratio["p99_1_user"],
        ),
        (
            f"turn p95, {USERS} users (ms)",
            ours[key]["p95"],
            stock[key]["p95"],
            ratio[f"p95_{USERS}_users"],
        ),
        (
            f"throughput, {USERS} users (turns/s)",
            ours["throughput_turns_per_s"],
            stock["throughput_turns_per_s"],
            ratio["throughput"],
        ),
        ("training from scratch (s)", ours["training_s"], stock["training_s"], ratio["training"]),
        (
            "cold start to first answer (s)",
            ours["cold_start_s"],
            stock["cold_start_s"],
            ratio["cold_start"],
        ),
        *[
            (
                f"{kind} turns {window} of a session, p50 (ms)",
                ms,
                stock["session_ms"][window],
                ratio[f"session_{kind}_{window}"],
            )
            for kind, curve in ours["session_ms"].items()
            for window, ms in curve.items()
        ],
        (
            "answer, action server stalled (ms)",
            ours["stalled_action_server_ms"]["p50"],
            stock["one_user_ms"]["p50"],
            ratio["stalled_answer"],
        ),
        (
            "resident memory, all servers (MB)",
            sum(ours["rss_mb"].values()),
            sum(stock["rss_mb"].values()),
            ratio["rss"],
        ),
    ]
    print(f"\n{'':46} {'Dunning Coach':>14} {'stock rasa init':>16} {'ratio':>7}")
    print(f"{'':46} {'(excuse turn)':>14} {'(plain reply)':>16}")
    for label, mine, theirs, r in rows:
        print(f"{label:46} {mine:14.1f} {theirs:16.1f} {r:7.2f}")
    for kind, curve in ours["session_ms"].items():
        first, *_, last = curve.values()
        print(f"Growth over a session, {kind} turns: last window / first {last / first:.2f}")
    first, *_, last = stock["session_ms"].values()
    print(f"Growth over a session, stock plain replies: {last / first:.2f}")
    by_language = ours["excuse_turn_ms_by_language"]
    print(
        "Excuse turn by language, 1 user, p50 / p95 (ms): "
        + "; ".join(f"{code} {t['p50']:.1f} / {t['p95']:.1f}" for code, t in by_language.items())
    )
    stages = ours["stages"]
    print(
        f"\nWhere an excuse turn's time goes (1 user, p50): NLU parse "
        f"{stages['nlu_parse_ms']['p50']:.1f} ms, action server call "
        f"{stages['action_call_ms']['p50']:.1f} ms ({stages['tracker_events']} tracker events); "
        f"the rest is policies, tracker store and Rasa's handling."
    )
    print(
        f"Memory: Rasa {ours['rss_mb']['rasa']:.0f} MB + action server "
        f"{ours['rss_mb']['actions']:.0f} MB (stock Rasa {stock['rss_mb']['rasa']:.0f} MB)."
    )


def nlu_by_language(out: Path) -> dict[str, dict]:
    """Each other language's held-out set, scored on its own (tests/nlu/languages)."""
    found = {}
    for heldout in sorted((ROOT / "tests" / "nlu" / "languages").glob("heldout.*.yml")):
        code = heldout.name.removeprefix("heldout.").removesuffix(".yml")
        report = out / f"nlu.{code}.json"
        command = [sys.executable, str(ROOT / "scripts" / "eval_nlu.py"), "--min-f1", "0"]
        command += ["--data", str(heldout), "--json", str(report)]
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        lines = run.stdout.splitlines()
        print(f"{code}: " + " ".join(line.strip() for line in lines[:1] + lines[2:3]))
        found[code] = json.loads(report.read_text())
    return found


def main() -> int:
    # --no-training skips both trainings (minutes) while working on speed; make bench trains.
    training = "--no-training" not in sys.argv
    out = ROOT / "bench"
    out.mkdir(exist_ok=True)
    nlu = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "eval_nlu.py"),
            "--min-f1",
            "0",
            "--json",
            str(out / "nlu.json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    print(nlu.stdout.strip())
    by_language = nlu_by_language(out)
    with tempfile.TemporaryDirectory() as tmp:
        ours = measure_ours(Path(tmp), training)
    with tempfile.TemporaryDirectory() as tmp:
        stock = measure_stock(Path(tmp), training)
    ratio = ratios(ours, stock)
    scale = bench_scale.measure_all()
    result = {
        "nlu": json.loads((out / "nlu.json").read_text()),
        "nlu_by_language": by_language,
        "ours": ours,
        "stock": stock,
        "ratios_ours_to_stock": ratio,
        "scale": scale,
        "roleplay_judge": judge_accuracy(),
        # The bar: a role-play turn's p95 within 1.2x an excuse turn's, timed alternately.
        "roleplay_p95_to_excuse_p95": ours["roleplay_turn_ms_1_user"]["p95"]
        / ours["paired_excuse_turn_ms_1_user"]["p95"],
        # The same with answers as long as trainees write them.
        "roleplay_typical_p95_to_excuse_p95": ours["roleplay_typical_turn_ms_1_user"]["p95"]
        / ours["paired_excuse_turn_ms_typical"]["p95"],
    }
    (out / "results.json").write_text(json.dumps(result, indent=2))
    print_table(ours, stock, ratio)
    rp = ours["roleplay_turn_ms_1_user"]
    print(
        f"Role-play reply turn via REST (judge, debtor, feedback), 1 user: p50 {rp['p50']:.1f} ms"
        f"  p95 {rp['p95']:.1f} ms, {result['roleplay_p95_to_excuse_p95']:.2f}x the p95 of the"
        f" excuse turns timed between them ({ours['paired_excuse_turn_ms_1_user']['p95']:.1f} ms);"
        " by block " + ", ".join(f"{r:.2f}x" for r in ours["roleplay_p95_ratio_by_block"])
    )
    typical = ours["roleplay_typical_turn_ms_1_user"]
    print(
        f"Role-play reply turn with answers as long as trainees write them (4-6 pieces judged):"
        f" p50 {typical['p50']:.1f} ms  p95 {typical['p95']:.1f} ms,"
        f" {result['roleplay_typical_p95_to_excuse_p95']:.2f}x the p95 of the excuse turns timed"
        f" between them ({ours['paired_excuse_turn_ms_typical']['p95']:.1f} ms); by block "
        + ", ".join(f"{r:.2f}x" for r in ours["roleplay_typical_p95_ratio_by_block"])
    )
    report_judge(result["roleplay_judge"])
    bench_scale.report(scale)
    print("Written to bench/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
