"""The terminal chat (`make run`), typed into a pseudo-terminal as a rep types: numbered
options, free text, history on the arrow keys, the coloured verdict, /help and /quit."""

from __future__ import annotations

import os
import subprocess

from dunning_coach.accounts.store import AccountStore
from dunning_coach.excuses.verdicts import Label
from dunning_coach.language.languages import Language
from terminal.screen import RESET, TONE_COLOURS
from tests.conftest import ROOT, Builder
from tests.e2e.pty_terminal import Terminal
from tests.harness import PYTHON, free_port

UP = "\x1b[A"


def test_a_rep_chats_picks_options_by_number_and_recalls_a_message(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep_with_customer(
            "R69", "C69", "Tidewater Traders", 1500, name="Theo Terminal", rest_id="term-rep"
        )
    chat = Terminal(
        [str(PYTHON), "-m", "terminal", "--rep", "R69", "--url", servers.url], servers.env, ROOT
    )
    try:
        chat.expect(r"as Theo Terminal \(R69\)")
        chat.expect("you>")
        chat.type("I'm at Tidewater\r")
        chat.expect("With Tidewater Traders now")
        chat.type("they say cash is tight\r")
        chat.expect(r"Cash is tight right now: (Likely true|Likely excuse|Can't tell yet)")
        coloured = [f"{TONE_COLOURS[label.tone]}{label.value}{RESET}" for label in Label]
        assert any(verdict in chat.raw for verdict in coloured)
        chat.expect(r"1\) More tactics")
        chat.expect("you>")
        chat.type("1\r")  # the option, not the text "1"
        chat.expect("Cash is tight right now: why and how")
        chat.expect("you>")
        chat.type(UP + UP + "\r")  # the excuse again, from history
        chat.expect(r"Cash is tight right now: (Likely|Can't)")
        chat.expect("you>")
        chat.type("/help\r")
        chat.expect("A number picks one of the numbered options")
        chat.type("/quit\r")
        chat.expect("Bye.")
    finally:
        assert chat.close() == 0
    with AccountStore(servers.tmp / "accounts.db") as store:
        assert {(r["rep_id"], r["text"]) for r in store.excuse_log("C69")} == {
            ("R69", "they say cash is tight")
        }


def test_a_korean_rep_chats_in_korean_with_the_verdict_coloured(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        Builder(store).rep_with_customer(
            "R70K", "C70K", "한빛상사", 1500, name="이서준", rest_id="term-ko", language="ko"
        )
    chat = Terminal(
        [str(PYTHON), "-m", "terminal", "--rep", "R70K", "--url", servers.url], servers.env, ROOT
    )
    try:
        chat.expect(r"Dunning Coach, 이서준 \(R70K\)\(으\)로 접속")
        chat.expect("you>")
        chat.type("한빛상사에 왔어요\r")
        chat.expect("한빛상사 방문 중입니다")
        chat.type("요즘 돈이 없어서 못 준대요\r")
        chat.expect(
            r"요즘 자금 사정이 어렵다: (사실일 가능성 높음|핑계일 가능성 높음|아직 판단 불가)"
        )
        chat.expect(r"1\) 대응 더 보기")
        coloured = [
            f"{TONE_COLOURS[label.tone]}{label.text(Language.KO)}{RESET}" for label in Label
        ]
        assert any(verdict in chat.raw for verdict in coloured)
        chat.expect("you>")
        chat.type("/help\r")
        chat.expect("번호를 입력하면 해당 옵션을 고릅니다")
        chat.type("/quit\r")
        chat.expect("안녕히 가세요.")
    finally:
        assert chat.close() == 0


def test_an_unknown_rep_is_told_plainly(servers):
    ran = subprocess.run(
        [str(PYTHON), "-m", "terminal", "--rep", "NOBODY", "--url", servers.url],
        env=servers.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 2
    assert "Rep NOBODY is not in the reps table" in ran.stderr


def test_make_run_starts_the_servers_chats_as_another_rep_and_stops_them(tmp_path):
    """The README's command, on its own ports and folders beside any servers running here."""
    action_port = free_port()
    env = {
        **os.environ,
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(action_port),
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
        "DUNNING_DB": str(tmp_path / "accounts.db"),
        "TRACKER_DB": str(tmp_path / "tracker.db"),
        "RUN_DIR": str(tmp_path / "run"),
        "LOG_DIR": str(tmp_path / "log"),
        "DUNNING_TODAY": "2026-11-23",
    }
    subprocess.run(
        [str(PYTHON), "-m", "dunning_coach.accounts.importer", "demo_data"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    chat = Terminal(["make", "--no-print-directory", "run", "REP=R2"], env, ROOT)
    try:
        chat.expect(r"as Sam Field \(R2\)", timeout=240)
        chat.type("who should I visit today?\r")
        chat.expect("Visit first")
        chat.type("/quit\r")
        chat.expect("Bye.")
    finally:
        assert chat.close() == 0
    assert not list((tmp_path / "run").glob("*.pid")), "the servers make run started are stopped"
