"""A trainee's answer is read ahead through the real servers (rasa_patches/send_ahead.py): the
Rasa server sends it to the action server before calling the role-play action, only inside a
round, and the round is judged as ever. A Rasa server of its own calls the shared action server
through a proxy that notes every call in order."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dunning_coach.accounts.store import AccountStore
from tests.conftest import Builder
from tests.harness import Servers, free_port, text_of

FORWARDED = ("Authorization", "Content-Type")


class NotingProxy(ThreadingHTTPServer):
    """Forwards each call to the action server at `target`, noting each POST's path and what it
    asks: the action named, or the answer to read ahead."""

    def __init__(self, port: int, target: str) -> None:
        self.target = target
        self.calls: list[tuple[str, str]] = []
        super().__init__(("127.0.0.1", port), _Forward)


class _Forward(BaseHTTPRequestHandler):
    server: NotingProxy

    def do_GET(self) -> None:  # the turn guard's health check
        self._forward(None)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        asked = json.loads(body)
        self.server.calls.append((self.path, asked.get("next_action") or asked.get("answer")))
        self._forward(body)

    def _forward(self, body: bytes | None) -> None:
        headers = {h: self.headers[h] for h in FORWARDED if self.headers[h]}
        request = urllib.request.Request(self.server.target + self.path, body, headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                status, kind, content = answer.status, answer.headers["Content-Type"], answer.read()
        except urllib.error.HTTPError as error:
            status, kind, content = error.code, error.headers["Content-Type"], error.read()
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def noted(servers: Servers) -> Iterator[NotingProxy]:
    """A Rasa server ("rasa-noted") calling the shared action server through the proxy."""
    port = free_port()
    proxy = NotingProxy(port, f"http://127.0.0.1:{servers.action_port}")
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    servers.action_ports["actions-noted"] = port  # the harness points a Rasa server at it
    try:
        servers.start("rasa-noted", actions="actions-noted")
        yield proxy
    finally:
        if "rasa-noted" in servers.processes:
            servers.stop("rasa-noted")
        servers.action_ports.pop("actions-noted")
        proxy.shutdown()
        proxy.server_close()


ANSWER = "What's the cheque number? If the money isn't here by Wednesday, pay by transfer."


def test_an_answer_in_a_round_is_read_ahead_before_the_action_judges_it(servers, noted):
    with AccountStore(servers.tmp / "accounts.db") as store:
        Builder(store).rep("T91", role="trainee", rest_id="ahead-trainee")

    def say(text: str) -> str:
        noted.calls.clear()
        return text_of(servers.say("ahead-trainee", text, via="rasa-noted"))

    assert say("role-play the cheque excuse").startswith("Role-play (medium)")
    assert all(path == "/webhook" for path, _ in noted.calls)  # no round yet when parsed
    scored = say(ANSWER)
    assert "✓ Asks for the cheque number" in scored
    # Sent before the action is called (the unit tests check it is written before the parse;
    # here two proxy threads note the calls, in whichever order they run).
    assert [c for c in noted.calls if c[0] == "/read-ahead"] == [("/read-ahead", ANSWER)]
    assert ("/webhook", "validate_roleplay_form") in noted.calls


def test_a_turn_outside_a_round_is_not_read_ahead(servers, noted):
    with AccountStore(servers.tmp / "accounts.db") as store:
        Builder(store).rep_with_customer("R92", "C92", "Lookahead Lumber", 700, rest_id="no-round")
    servers.say("no-round", "I'm at Lookahead Lumber", via="rasa-noted")
    reply = text_of(servers.say("no-round", "they say the cheque is in the post", via="rasa-noted"))
    assert reply.startswith("Cheque already in the post:")
    assert noted.calls and all(path == "/webhook" for path, _ in noted.calls)
