"""Start the real action server and Rasa server on free ports, for tests and the benchmark."""

from __future__ import annotations

import json
import os
import random
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "dunning-coach.tar.gz"
RASA = ROOT / ".venv" / "bin" / "rasa"
PYTHON = ROOT / ".venv" / "bin" / "python"


def text_of(messages: list[dict]) -> str:
    """The bot's messages of one turn as one text, the way a rep reads them."""
    return "\n".join(m.get("text", "") for m in messages)


def _outgoing_ports() -> range:
    """The ports the kernel hands to outgoing connections."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return range(int(low), int(high) + 1)
    except (OSError, ValueError):
        return range(32768, 61000)  # Linux's default


_LISTENING_FROM = 10_000  # ports below are often fixed ones (5005, 5432, 6379...)


_handed_out: set[int] = set()  # to servers not yet listening: never handed out twice


def free_port() -> int:
    """A port nothing listens on, for a server to bind later. Not one the kernel would pick
    (binding to port 0): a port from the range it hands to outgoing connections may be given
    to one (the action server's to PostgreSQL, a test's to Redis) before the server binds it,
    which then fails with "address already in use". Where that range leaves no room (tuned to
    cover almost every port), the kernel's pick it is."""
    outgoing = _outgoing_ports()
    choices = [
        p for p in range(_LISTENING_FROM, 65_536) if p not in outgoing and p not in _handed_out
    ]
    for port in random.sample(choices, min(200, len(choices))):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _handed_out.add(port)
    return port


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer in {seconds} s: {log.read_text()[-3000:]}")


CHANNEL_SETTINGS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_SECRET_TOKEN",
    "TELEGRAM_API_URL",
)


class Servers:
    """The two servers with fresh secrets of their own; `extra_env` adds channel settings."""

    def __init__(
        self, tmp: Path, extra_env: dict[str, str] | None = None, endpoints: str = "endpoints.yml"
    ) -> None:
        if not MODEL.is_file():
            raise FileNotFoundError(f"{MODEL} is missing: run `make test`, which trains it first")
        self.tmp = tmp
        self.endpoints = endpoints
        self.action_port = free_port()
        self.ports = {"rasa": free_port()}  # more Rasa servers ("rasa-b") get theirs on start
        self.action_ports = {"actions": self.action_port}  # and more action servers too
        self.env = {
            **os.environ,
            "DUNNING_DB": str(tmp / "accounts.db"),
            "DUNNING_TODAY": "2026-11-23",
            "TRACKER_DB": str(tmp / "tracker.db"),
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            "ACTION_PORT": str(self.action_port),
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "RASA_TOKEN": secrets.token_urlsafe(24),
            "RASA_ADMIN_TOKEN": secrets.token_urlsafe(24),
            "ACTION_SERVER_TOKEN": secrets.token_urlsafe(24),
            "WEBCHAT_SECRET": secrets.token_urlsafe(24),
            **{name: "" for name in CHANNEL_SETTINGS},
            **(extra_env or {}),
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, actions: str = "actions") -> None:
        """An action server: "actions", or any name starting so for one more; or a Rasa server:
        "rasa", or any other name for one more, calling the action server `actions`."""
        log = self.tmp / f"{name}.log"
        env = dict(self.env)
        if name.startswith("actions"):
            port = self.action_ports.setdefault(name, free_port())
            env["ACTION_PORT"] = str(port)
            args = ["bash", str(ROOT / "scripts" / "run_actions.sh")]
            url = f"http://127.0.0.1:{port}/health"
        else:
            if actions != "actions":  # the first one's is in the environment (maybe given)
                env["ACTION_ENDPOINT_URL"] = (
                    f"http://127.0.0.1:{self.action_ports[actions]}/webhook"
                )
            port = self.ports.setdefault(name, free_port())
            # Rasa with our patches (rasa_patches), as scripts/servers.sh starts it: no secret on
            # the command line, the HTTP API opened by RASA_ADMIN_TOKEN from the environment.
            args = [
                str(PYTHON),
                "-m",
                "rasa_patches",
                "run",
                "-m",
                str(MODEL),
                "-i",
                "127.0.0.1",
                "--port",
                str(port),
                "--endpoints",
                self.endpoints,
                "--credentials",
                "credentials.yml",
            ]
            url = f"http://127.0.0.1:{port}/ready"
        self.processes[name] = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
        )
        wait_until_up(url, self.processes[name], log, 180)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()

    @property
    def url(self) -> str:
        return self.url_of("rasa")

    def url_of(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def say(self, sender: str, text: str, via: str = "rasa") -> list[dict]:
        """One message through the REST channel, as a trusted program with RASA_TOKEN."""
        status, body = self.post(
            "/webhooks/rest/webhook",
            {"sender": sender, "message": text},
            {"Authorization": f"Bearer {self.env['RASA_TOKEN']}"},
            via=via,
        )
        assert status == 200, body
        return json.loads(body)

    def admin(
        self, path: str, body: bytes | dict = b"", method: str = "GET", via: str = "rasa"
    ) -> tuple[int, bytes]:
        """A call to Rasa's HTTP API with its own token, RASA_ADMIN_TOKEN."""
        bearer = {"Authorization": f"Bearer {self.env['RASA_ADMIN_TOKEN']}"}
        return self.post(path, body, bearer, method=method, via=via)

    def post(
        self,
        path: str,
        body: bytes | dict,
        headers: dict[str, str] | None = None,
        method: str = "POST",
        via: str = "rasa",
    ) -> tuple[int, bytes]:
        """Any request to a Rasa server; the status and body, whatever the status."""
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        request = urllib.request.Request(
            self.url_of(via) + path,
            data=data if method != "GET" else None,
            method=method,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
