"""Rasa's own HTTP API through the real server: its own token, as a Bearer header only, from this
machine only; RASA_TOKEN opens the REST channel and nothing else; no secret on a command line."""

from __future__ import annotations

import json
from pathlib import Path

ADMIN_PATHS = ("/status", "/conversations/demo-rep/tracker")


def test_the_api_answers_its_own_token_as_a_bearer_header(servers):
    for path in ADMIN_PATHS:
        status, body = servers.admin(path)
        assert status == 200, body


def test_the_api_refuses_no_token_the_rest_token_and_a_token_in_the_url(servers):
    admin, rest = servers.env["RASA_ADMIN_TOKEN"], servers.env["RASA_TOKEN"]
    for path in ADMIN_PATHS:
        assert servers.post(path, b"", method="GET")[0] == 401
        assert servers.post(f"{path}?token={admin}", b"", method="GET")[0] == 401
        assert servers.post(f"{path}?token={rest}", b"", method="GET")[0] == 401
        bearer_rest = {"Authorization": f"Bearer {rest}"}
        assert servers.post(path, b"", bearer_rest, method="GET")[0] == 401


def test_the_api_refuses_a_caller_relayed_by_a_proxy(servers):
    relayed = {
        "Authorization": f"Bearer {servers.env['RASA_ADMIN_TOKEN']}",
        "X-Forwarded-For": "203.0.113.9",
    }
    assert servers.post("/status", b"", relayed, method="GET")[0] == 403


def test_the_pages_answer_a_caller_relayed_by_a_proxy(servers):
    """A phone reaches the web chat and the team page through a proxy; only the API is kept to
    this machine."""
    relayed = {"X-Forwarded-For": "203.0.113.9"}
    for path in ("/chat/", "/team/"):
        assert servers.post(path, b"", relayed, method="GET")[0] == 200, path


def test_ready_says_the_model_is_loaded_and_nothing_else(servers):
    status, body = servers.post("/ready", b"", method="GET")
    assert (status, json.loads(body)) == (200, {"ready": True})


def test_no_secret_is_on_a_server_command_line(servers):
    secrets = [
        servers.env[name]
        for name in ("RASA_TOKEN", "RASA_ADMIN_TOKEN", "ACTION_SERVER_TOKEN", "WEBCHAT_SECRET")
    ] + [servers.env["SLACK_SIGNING_SECRET"], servers.env["TELEGRAM_SECRET_TOKEN"]]
    for name, process in servers.processes.items():
        pids = [process.pid, *children(process.pid)]
        for pid in pids:
            command_line = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            assert not [s for s in secrets if s in command_line], name


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        path = task / "children"
        if path.exists():
            found += [int(c) for c in path.read_text().split()]
    return found + [g for c in found for g in children(c)]
