"""The scale-out path with real servers: two Rasa servers sharing a PostgreSQL tracker store and a
Redis lock store (endpoints-scaleout.yml), each calling its own action server, and both action
servers sharing the account database on the same PostgreSQL (DUNNING_DB=postgresql://...).
PostgreSQL (tests/postgres_server.py) and Redis are Debian's (scripts/install_test_packages.sh)
and started here on loopback, each in a temporary folder that is removed afterwards."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from channels.telegram import SECRET_HEADER
from dunning_coach.accounts.importer import import_folder
from dunning_coach.accounts.store import AccountStore
from dunning_coach.language import messages
from tests.e2e.platforms import SAM, dm_event, sent_to, signed, to, update
from tests.e2e.test_load import CONVERSATIONS, add_load_reps, conversation, stored_by_load_rep
from tests.harness import CHANNEL_SETTINGS, ROOT, Servers, free_port, text_of
from tests.postgres_server import USER, running_postgres


@pytest.fixture(scope="module")
def postgres():
    with running_postgres() as server:
        server.createdb("tracker")
        server.createdb("accounts")
        yield {
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": str(server.port),
            "POSTGRES_DB": "tracker",
            "POSTGRES_USER": USER,
            "POSTGRES_PASSWORD": "",
            "DUNNING_DB": server.url("accounts"),
        }


@pytest.fixture(scope="module")
def redis():
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("Redis is missing: scripts/install_test_packages.sh installs it")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while (
            subprocess.run(
                ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
            ).stdout.strip()
            != "PONG"
        ):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.2)
        yield {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(port), "REDIS_PASSWORD": ""}
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def pair(tmp_path_factory, postgres, redis, servers):
    """Rasa servers "rasa" and "rasa-b" on the shared stores, calling action servers "actions"
    and "actions-b" on the shared ledger. Slack and Telegram point at the mock APIs with the same
    settings as the single server's."""
    tmp = tmp_path_factory.mktemp("scale-out")
    with AccountStore(postgres["DUNNING_DB"]) as store:
        import_folder(ROOT / "demo_data", store)
    channels = {name: servers.env[name] for name in CHANNEL_SETTINGS}
    scaled = Servers(tmp, {**postgres, **redis, **channels}, endpoints="endpoints-scaleout.yml")
    try:
        scaled.start("actions")
        scaled.start("actions-b")
        scaled.start("rasa", actions="actions")
        scaled.start("rasa-b", actions="actions-b")
        yield scaled
    finally:
        for name in list(scaled.processes):
            scaled.stop(name)


def tracker(servers: Servers, sender: str, via: str) -> dict:
    status, body = servers.admin(f"/conversations/{sender}/tracker", via=via)
    assert status == 200, body
    return json.loads(body)


def test_turns_alternating_between_two_servers_make_one_conversation(pair):
    steps = [
        ("rasa", "I'm at Greenleaf", "With Greenleaf Grocers now"),
        ("rasa-b", "record a promise", "How much did Greenleaf Grocers promise?"),
        ("rasa", "500", "By which day will they pay €500.00?"),
        ("rasa-b", "friday", "Save this promise? Greenleaf Grocers pays €500.00 by Fri 27 Nov."),
        ("rasa", "yes", "Saved: Greenleaf Grocers pays €500.00 by Fri 27 Nov."),
        ("rasa-b", "they say cash is tight", "Cash is tight right now:"),
    ]
    for via, text, expected in steps:
        assert expected in text_of(pair.say("demo-rep", text, via=via)), (via, text)
    with AccountStore(pair.env["DUNNING_DB"]) as store:
        (promise,) = store.promises("C07")
    assert promise.amount_cents == 50000
    # Both servers read the same tracker from PostgreSQL.
    said = [
        [e["text"] for e in tracker(pair, "demo-rep", via)["events"] if e["event"] == "user"]
        for via in ("rasa", "rasa-b")
    ]
    assert said[0] == said[1] == [text for _, text, _ in steps]


BUSY = messages.text("excuse.busy")


def test_simultaneous_turns_of_one_conversation_on_both_servers_are_all_kept(pair):
    """The Redis lock makes the servers take the turns one at a time: none is lost or mixed.
    Each server takes a few of one conversation's turns at once and answers the rest "busy"
    (the turn guard); a message told busy is sent again, as a rep does, until it is taken."""
    pair.say("sam-field", "I'm at Riverside")
    texts = [f"Note: call back about order {n}" for n in range(12)]

    def sent_until_taken(n: int) -> list[dict]:
        for _ in range(60):
            reply = pair.say("sam-field", texts[n], via=("rasa", "rasa-b")[n % 2])
            if text_of(reply) != BUSY:
                return reply
            time.sleep(0.2)
        raise AssertionError(f"{texts[n]!r} told busy 60 times")

    with ThreadPoolExecutor(len(texts)) as pool:
        replies = list(pool.map(sent_until_taken, range(len(texts))))
    assert all("Noted on Riverside Pharmacy" in text_of(r) for r in replies)
    events = tracker(pair, "sam-field", "rasa-b")["events"]
    said = [e["text"] for e in events if e["event"] == "user"][1:]
    assert sorted(said) == sorted(texts)  # a busy turn left nothing behind
    # Each message is followed by its own answer before the next message starts.
    kinds = [e["event"] for e in events if e["event"] in ("user", "bot")][2:]
    assert kinds == ["user", "bot"] * len(texts)
    with AccountStore(pair.env["DUNNING_DB"]) as store:
        notes = [
            r["text"]
            for r in store.db.query("select * from notes where customer_id = ?", ["C11"])
            if r["text"].startswith("call back about order")
        ]
    assert len(notes) == len(texts)


def test_a_slack_delivery_posted_to_both_servers_is_answered_once(pair, mock_apis):
    secret = pair.env["SLACK_SIGNING_SECRET"]
    body = dm_event("U0DEMO001", "D0SCALE01", "hello", event_id="EvSCALEOUT01")
    for via in ("rasa", "rasa-b"):
        status, _ = pair.post(
            "/webhooks/slack/webhook",
            body,
            {"Content-Type": "application/json", **signed(secret, body)},
            via=via,
        )
        assert status == 200
    assert len(mock_apis.wait_for(to("D0SCALE01"), settle=2.0)) == 1


def test_a_telegram_button_offered_by_one_server_is_read_on_the_other(pair, mock_apis):
    secret = pair.env["TELEGRAM_SECRET_TOKEN"]
    sent = 0
    for text in ("I'm at Riverside", "they say cash is tight"):
        status, _ = pair.post(
            "/webhooks/telegram/webhook", update(SAM, text), {SECRET_HEADER: secret}
        )
        assert status == 200
        sent = len(mock_apis.wait_for(sent_to(SAM), count=sent + 1, settle=1.0))
    keyboard = json.loads(mock_apis.taken(sent_to(SAM))[-1].body["reply_markup"])
    assert ["Open invoices"] in [[b["text"] for b in row] for row in keyboard["keyboard"]]
    status, _ = pair.post(
        "/webhooks/telegram/webhook",
        update(SAM, "Open invoices"),
        {SECRET_HEADER: secret},
        via="rasa-b",
    )
    assert status == 200
    shown = mock_apis.wait_for(sent_to(SAM), count=sent + 1, settle=1.0)[-1].body["text"]
    assert shown.startswith("Riverside Pharmacy (C11)")
    # rasa-b took the tapped title as the button's payload, not as words to understand.
    said = [
        e["text"]
        for e in tracker(pair, f"telegram:{SAM}", "rasa-b")["events"]
        if e["event"] == "user"
    ]
    assert said[-1].startswith("/") and said[-2] == "they say cash is tight"


def test_fifty_conversations_alternating_between_the_servers_while_an_import_runs(pair):
    """Each conversation's turns alternate between the two Rasa servers, and so between the two
    action servers writing one ledger, while the demo data is imported again and again. Every
    turn is answered as expected, and the ledger holds exactly what was said: each excuse once
    per visit, each promise and each note once."""
    with AccountStore(pair.env["DUNNING_DB"]) as store:
        add_load_reps(store)
    logs = {name: pair.tmp / f"{name}.log" for name in ("rasa", "rasa-b", "actions", "actions-b")}
    seen = {name: len(path.read_text(errors="replace")) for name, path in logs.items()}
    done, imports = threading.Event(), []

    def import_until_done() -> None:
        while not done.is_set():
            with AccountStore(pair.env["DUNNING_DB"]) as store:
                import_folder(ROOT / "demo_data", store)
            imports.append(1)

    importer = threading.Thread(target=import_until_done)
    importer.start()
    try:
        with ThreadPoolExecutor(CONVERSATIONS) as pool:
            runs = list(
                pool.map(
                    lambda n: conversation(
                        pair, n, via=lambda turn: ("rasa", "rasa-b")[turn % 2], notes_each=2
                    ),
                    range(CONVERSATIONS),
                )
            )
    finally:
        done.set()
        importer.join(120)
    assert imports, "no import ran during the conversations"
    assert [p for run in runs for p in run.problems] == []
    with AccountStore(pair.env["DUNNING_DB"]) as store:
        stored = stored_by_load_rep(store)
    assert stored == {f"L{n}": run.expected(n) for n, run in enumerate(runs)}
    for name, path in logs.items():
        written = path.read_text(errors="replace")[seen[name] :]
        assert "Traceback" not in written and " ERROR " not in written, written[-3000:]
