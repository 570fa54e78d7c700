"""`make serve`'s script (scripts/servers.sh) as a user runs it, on its own ports and folders:
"up" only once the model is loaded; a server that dies is started again and the rep's next
message answered; a damaged or missing model is refused; what it creates is private; no secret on
any command line."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import stat
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.harness import MODEL, PYTHON, ROOT, free_port

SCRIPT = ["bash", str(ROOT / "scripts" / "servers.sh")]
SECRET_NAMES = ("RASA_TOKEN", "RASA_ADMIN_TOKEN", "ACTION_SERVER_TOKEN", "WEBCHAT_SECRET")


def environment(tmp: Path, model: Path = MODEL) -> dict[str, str]:
    action_port = free_port()
    return {
        **os.environ,
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(action_port),
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
        "DUNNING_DB": str(tmp / "data" / "accounts.db"),
        "TRACKER_DB": str(tmp / "data" / "tracker.db"),
        "RUN_DIR": str(tmp / "run"),
        "LOG_DIR": str(tmp / "log"),
        "DUNNING_TODAY": "2026-11-23",
        "MODEL": str(model),
        **{name: secrets.token_urlsafe(24) for name in SECRET_NAMES},
    }


def script(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SCRIPT, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=400
    )


def say(env: dict[str, str], text: str, sender: str = "demo-rep") -> list[dict] | None:
    """The answer to one REST message, or None while the server cannot answer."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{env['RASA_PORT']}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Authorization": f"Bearer {env['RASA_TOKEN']}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, OSError):
        return None


def answered_again(env: dict[str, str], text: str, expected: str) -> float:
    """Sends `text` until the answer starts with `expected`, as a rep taps "Try again" (meanwhile
    the server cannot be reached, or says account data is unavailable); how long it took. The
    bound is generous: the figure that matters (30 s on an idle machine) is measured, not
    asserted."""
    began = time.monotonic()
    while time.monotonic() - began < 240:
        answer = say(env, text)
        if answer and answer[0]["text"].startswith(expected):
            return time.monotonic() - began
        time.sleep(0.5)
    raise AssertionError(f"{text!r} not answered with {expected!r}")


def server_pid(env: dict[str, str], name: str) -> int:
    config = f"{env['RUN_DIR']}/supervisord.conf"
    ran = subprocess.run(
        [str(ROOT / ".venv/bin/supervisorctl"), "-c", config, "pid", name],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(ran.stdout.strip())


def processes_of(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = task / "children"
        if children.exists():
            for child in children.read_text().split():
                found += processes_of(int(child))
    return found


@pytest.fixture
def served(tmp_path):
    env = environment(tmp_path)
    subprocess.run(
        [str(PYTHON), "-m", "dunning_coach.accounts.importer", "demo_data"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    started = script(env, "start", "brief")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield env, started.stdout
    finally:
        script(env, "stop")


def test_up_means_answering_and_a_server_that_dies_is_started_again(served):
    env, printed = served
    assert printed.startswith("Starting the servers... up")
    # "up" was said only once the model answered: the first message needs no waiting.
    assert "With Northwind Retail Group now" in say(env, "I'm at Northwind")[0]["text"]
    for name in ("rasa", "actions"):
        killed = server_pid(env, name)
        os.kill(killed, signal.SIGKILL)
        took = answered_again(env, "what do they owe", "Northwind Retail Group (C01)")
        print(f"{name} killed: answered again after {took:.1f} s")
        assert server_pid(env, name) != killed
    assert script(env, "running").returncode == 0


def test_what_it_creates_is_private_and_no_secret_is_on_a_command_line(served):
    env, _ = served
    say(env, "I'm at Northwind")
    private = [Path(env["DUNNING_DB"]), Path(env["TRACKER_DB"])]
    private += list(Path(env["LOG_DIR"]).glob("*.log")) + list(Path(env["RUN_DIR"]).iterdir())
    for path in private:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    for folder in (Path(env["LOG_DIR"]), Path(env["RUN_DIR"])):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    supervisor = int(Path(env["RUN_DIR"], "supervisord.pid").read_text())
    values = [env[name] for name in SECRET_NAMES]
    for pid in processes_of(supervisor):
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        assert not [v for v in values if v in command_line], command_line
    assert not [v for v in values if v in Path(env["RUN_DIR"], "supervisord.conf").read_text()]


def test_stop_stops_every_process(tmp_path, served):
    env, _ = served
    supervisor = int(Path(env["RUN_DIR"], "supervisord.pid").read_text())
    every = processes_of(supervisor)
    assert len(every) >= 3
    assert script(env, "stop").returncode == 0
    assert not [pid for pid in every if Path(f"/proc/{pid}").exists()]
    assert script(env, "running").returncode != 0


@pytest.mark.parametrize("damage", ["truncated", "flipped", "missing"])
def test_a_damaged_or_missing_model_is_refused_with_the_reason(tmp_path, damage):
    model = tmp_path / "model.tar.gz"
    if damage != "missing":
        data = bytearray(MODEL.read_bytes())
        if damage == "truncated":
            data = data[: len(data) // 2]
        else:
            data[len(data) // 2 : len(data) // 2 + 64] = b"x" * 64
        model.write_bytes(bytes(data))
    env = environment(tmp_path, model)
    try:
        started = script(env, "start")
    finally:
        script(env, "stop")  # should there be anything to stop
    assert started.returncode != 0
    expected = "no model at" if damage == "missing" else "is damaged"
    assert expected in started.stderr and "up" not in started.stdout
    assert not Path(env["RUN_DIR"], "supervisord.pid").exists()


def test_make_retrains_a_damaged_model_instead_of_serving_it(tmp_path):
    model = tmp_path / "models" / "dunning-coach.tar.gz"
    model.parent.mkdir()
    shutil.copy(MODEL, model)
    with model.open("r+b") as damaged:
        damaged.truncate(model.stat().st_size // 3)
    ran = subprocess.run(
        ["make", "--no-print-directory", "model-ok", f"MODEL={model}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0, ran.stderr
    assert "is damaged" in ran.stdout and "training it again" in ran.stdout
    assert not model.exists()  # so the model's own rule trains it
