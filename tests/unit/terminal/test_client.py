"""terminal/client.py against a local HTTP server: what it sends, and clear errors."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from terminal.client import RestClient, Unanswered
from tests.harness import free_port


class _Rasa(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, dict]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Rasa.received.append((self.headers["Authorization"], body))
        status = 401 if self.headers["Authorization"] != "Bearer right" else 200
        self.send_response(status)
        self.end_headers()
        self.wfile.write(json.dumps([{"text": "hello"}]).encode())

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def rasa():
    server = HTTPServer(("127.0.0.1", free_port()), _Rasa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_message_goes_as_the_reps_sender_with_the_token(rasa):
    assert RestClient(rasa, "right", "demo-rep").send("hi") == [{"text": "hello"}]
    assert _Rasa.received[-1] == ("Bearer right", {"sender": "demo-rep", "message": "hi"})


def test_a_refused_token_is_said_plainly(rasa):
    with pytest.raises(Unanswered, match="answered 401"):
        RestClient(rasa, "wrong", "demo-rep").send("hi")


def test_no_server_is_said_plainly():
    with pytest.raises(Unanswered, match=r"not answering at .* \(make serve starts it\)"):
        RestClient(f"http://127.0.0.1:{free_port()}", "t", "demo-rep").send("hi")
