"""rasa_sdk_plugins: the action server's token check, a failed action answered and logged
without the conversation it was given, and an answer read ahead for the judge; through a real
action server."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import rasa_sdk_plugins
from tests.harness import ROOT, free_port, wait_until_up

TOKEN = "action-test-token"
SECRET_FIGURE = "Northwind owes 8,450.00"


@pytest.fixture
def action_server(tmp_path) -> Iterator[tuple[int, Path]]:
    """The real action server (rasa-sdk, which loads rasa_sdk_plugins by name) with one action
    that fails with customer data in its message, and one that judges the message as role-play
    does and says how many pieces it encoded; its port and its log. A process of its own: Sanic
    starts one server per process only once."""
    package = tmp_path / "failing_actions"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from rasa_sdk import Action\n"
        "class Failing(Action):\n"
        "    def name(self):\n"
        "        return 'action_fail'\n"
        "    def run(self, dispatcher, tracker, domain):\n"
        f"        raise ValueError({SECRET_FIGURE!r})\n"
        "from dunning_coach.language.languages import Language\n"
        "from dunning_coach.training import shared_judge\n"
        "class Judging(Action):\n"
        "    def name(self):\n"
        "        return 'action_judge_counted'\n"
        "    def run(self, dispatcher, tracker, domain):\n"
        "        judge, encoded = shared_judge.shared(), []\n"
        "        encode = judge.encode\n"
        "        judge.encode = lambda texts: encoded.extend(texts) or encode(texts)\n"
        "        try:\n"
        "            judge.judge(tracker.latest_message['text'], Language.KO, ['names_amount'])\n"
        "        finally:\n"
        "            judge.encode = encode\n"
        "        dispatcher.utter_message(json_message={'encoded': len(encoded)})\n"
        "        return []\n"
    )
    port, log = free_port(), tmp_path / "actions.log"
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT}:{tmp_path}",
        "ACTION_SERVER_TOKEN": TOKEN,
        "SANIC_HOST": "127.0.0.1",
    }
    command = [str(ROOT / ".venv/bin/rasa"), "run", "actions", "--actions", "failing_actions"]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", server, log, 120)
        yield port, log
    finally:
        server.terminate()
        server.wait(15)


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
    port, _ = action_server
    assert call(port, CALL, token=None)[0] == 401
    assert call(port, CALL, token="wrong")[0] == 401


def test_a_failed_action_answers_and_logs_no_conversation(action_server):
    port, log = action_server
    status, body = call(port, CALL)
    assert status == 500
    assert body == {"error": rasa_sdk_plugins.FAILED}
    logged = log.read_text()
    assert "action_fail failed: ValueError at" in logged
    assert SECRET_FIGURE not in logged and "demo-rep" not in logged


def test_where_it_failed_names_the_code_not_the_values():
    try:
        raise KeyError("Northwind Retail Group")
    except KeyError as error:
        found = rasa_sdk_plugins.where_it_failed(error)
    assert found.startswith("KeyError at test_rasa_sdk_plugins.py:")
    assert "Northwind" not in found


def read_ahead(port: int, body: object, token: str | None = TOKEN) -> int:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/read-ahead", data=data, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def encoded_judging(port: int, answer: str) -> int:
    judging = {
        "next_action": "action_judge_counted",
        "sender_id": "trainee",
        "tracker": {"sender_id": "trainee", "events": [], "latest_message": {"text": answer}},
        "domain": {},
    }
    status, body = call(port, judging)
    assert status == 200
    return body["responses"][0]["custom"]["encoded"]


def test_an_answer_read_ahead_is_judged_without_reading_it_again(action_server):
    port, log = action_server
    answer = "수표 번호가 어떻게 되나요? 금요일까지 3,000을 입금해 주세요."
    assert encoded_judging(port, "안녕하세요") > 0  # loads the judge, reading its answer
    assert read_ahead(port, {"answer": answer, "language": "ko"}) == 202
    assert encoded_judging(port, answer) == 0
    assert encoded_judging(port, answer) > 0  # a reading is taken once
    assert answer not in log.read_text()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        {"answer": "hello"},
        {"answer": "hello", "language": ["ko"]},
        {"answer": "", "language": "ko"},
    ],
)
def test_a_read_ahead_without_an_answer_and_language_is_refused(action_server, body):
    port, _ = action_server
    assert read_ahead(port, body) == 400


def test_a_read_ahead_without_the_token_is_refused(action_server):
    port, _ = action_server
    body = {"answer": "What is the cheque number?", "language": "en"}
    assert read_ahead(port, body, token=None) == 401
    assert read_ahead(port, body, token="wrong") == 401
