"""rasa_sdk_plugins: the action server's token check, and a failed action answered and logged
without the conversation it was given; on rasa-sdk's own app, served in this process."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from rasa_sdk.endpoint import create_app
from sanic import Sanic

import rasa_sdk_plugins
from tests.harness import free_port

TOKEN = "action-test-token"
SECRET_FIGURE = "Northwind owes 8,450.00"


@pytest.fixture
def action_server(monkeypatch, tmp_path) -> Iterator[int]:
    """rasa-sdk's app with one action that fails with customer data in its message, and our
    plugin attached as rasa-sdk attaches it."""
    package = tmp_path / "failing_actions"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from rasa_sdk import Action\n"
        "class Failing(Action):\n"
        "    def name(self):\n"
        "        return 'action_fail'\n"
        "    def run(self, dispatcher, tracker, domain):\n"
        f"        raise ValueError({SECRET_FIGURE!r})\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("ACTION_SERVER_TOKEN", TOKEN)
    monkeypatch.setattr(Sanic, "test_mode", True)
    app = create_app("failing_actions")
    rasa_sdk_plugins.attach_sanic_app_extensions(app)
    port = free_port()
    loop = asyncio.new_event_loop()
    started = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(
            app.create_server(
                host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
            )
        )
        loop.run_until_complete(server.startup())
        started.set()
        loop.run_forever()
        loop.run_until_complete(server.close())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait(10)
    yield port
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def call(port: int, body: dict, token: str | None = TOKEN) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhook", data=json.dumps(body).encode(), headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


CALL = {
    "next_action": "action_fail",
    "sender_id": "demo-rep",
    "tracker": {"sender_id": "demo-rep", "events": [], "latest_message": {"text": SECRET_FIGURE}},
    "domain": {},
}


def test_a_call_without_the_token_is_refused(action_server):
    assert call(action_server, CALL, token=None)[0] == 401
    assert call(action_server, CALL, token="wrong")[0] == 401


def test_a_failed_action_answers_and_logs_no_conversation(action_server, caplog):
    with caplog.at_level(logging.DEBUG):
        status, body = call(action_server, CALL)
    assert status == 500
    assert body == {"error": rasa_sdk_plugins.FAILED}
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "action_fail failed: ValueError at" in logged
    assert SECRET_FIGURE not in logged and "demo-rep" not in logged


def test_where_it_failed_names_the_code_not_the_values():
    try:
        raise KeyError("Northwind Retail Group")
    except KeyError as error:
        found = rasa_sdk_plugins.where_it_failed(error)
    assert found.startswith("KeyError at test_rasa_sdk_plugins.py:")
    assert "Northwind" not in found
