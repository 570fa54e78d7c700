"""channels/rest.py: the REST channel for trusted programs, registered by Rasa's own `register`
on a real Sanic server in this process, with a stand-in agent that answers every message."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

from channels.rest import SENDER_CHARS, TokenRestInput
from tests.harness import free_port

TOKEN = "rest-test-token"


class RestServer:
    """The channel's blueprint on a Sanic server in a thread; each message is recorded and
    answered "heard: <text>"."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[UserMessage] = []
        self.loop = asyncio.new_event_loop()
        self.started = threading.Event()

    async def handle_message(self, message: UserMessage) -> None:  # what Rasa's Agent offers
        self.messages.append(message)
        reply = {"text": f"heard: {message.text}"}
        await message.output_channel.send_response(message.sender_id, reply)

    def run(self) -> None:
        asyncio.set_event_loop(self.loop)
        channel = TokenRestInput.from_credentials({"token": TOKEN})
        app = Sanic(f"rest_test_{self.port}")
        app.ctx.agent = self
        register([channel], app, route="/webhooks/")
        server = self.loop.run_until_complete(
            app.create_server(
                host="127.0.0.1", port=self.port, return_asyncio_server=True, access_log=False
            )
        )
        self.loop.run_until_complete(server.startup())
        self.loop.run_until_complete(server.after_start())
        self.server = server
        self.started.set()
        self.loop.run_forever()
        self.loop.run_until_complete(server.close())

    def post(self, body: bytes | dict, token: str | None = TOKEN) -> tuple[int, object]:
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/webhooks/rest/webhook", data, headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


@pytest.fixture(scope="module")
def rest() -> Iterator[RestServer]:
    server = RestServer()
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert server.started.wait(30), "the Sanic server did not start"
    yield server
    server.loop.call_soon_threadsafe(server.loop.stop)
    thread.join(10)


def test_a_message_with_the_token_is_handled_and_answered(rest):
    status, body = rest.post({"sender": "bench-1", "message": "they say the cheque is in the post"})
    assert status == 200
    assert body == [
        {"recipient_id": "bench-1", "text": "heard: they say the cheque is in the post"}
    ]
    assert rest.messages[-1].sender_id == "bench-1"


@pytest.mark.parametrize("token", [None, "", "wrong-token", TOKEN + "x"])
def test_without_the_right_token_nothing_is_handled(rest, token):
    before = len(rest.messages)
    status, body = rest.post({"sender": "intruder", "message": "hi"}, token=token)
    assert status == 401 and "RASA_TOKEN" in body["error"]
    assert len(rest.messages) == before


def test_the_caller_cannot_claim_another_channel(rest):
    rest.post({"sender": "U0FAKE", "message": "hi", "input_channel": "slack"})
    message = rest.messages[-1]
    assert message.input_channel == "rest" and message.metadata == {"channel": "rest"}


@pytest.mark.parametrize(
    "body, problem",
    [
        (b"{not json", "must be a JSON object"),
        (b"[1, 2]", "must be a JSON object"),
        ({"message": "hi"}, '"sender" must be'),
        ({"sender": "  ", "message": "hi"}, '"sender" must be'),
        ({"sender": "x" * (SENDER_CHARS + 1), "message": "hi"}, '"sender" must be'),
        ({"sender": "bench-1", "message": 42}, '"message" must be a string'),
        # Not UTF-8 text: the tracker store cannot write it (Rasa 3.6 then exits the server).
        ({"sender": "x\udc80y", "message": "hi"}, '"sender" must be'),
        ({"sender": "\ud83d", "message": "hi"}, '"sender" must be'),
        ({"sender": "bench\x00-1", "message": "hi"}, '"sender" must be'),
        ({"sender": "bench\n-1", "message": "hi"}, '"sender" must be'),
    ],
)
def test_a_body_that_cannot_be_a_message_gets_400_and_the_reason(rest, body, problem):
    before = len(rest.messages)
    status, answer = rest.post(body)
    assert status == 400 and problem in answer["error"]
    assert len(rest.messages) == before


def test_control_characters_are_dropped_before_the_message_is_handled(rest):
    rest.post({"sender": "bench-2", "message": "cheque\x00 in\x07 the post"})
    assert rest.messages[-1].text == "cheque in the post"


def test_a_sender_in_any_script_is_taken(rest):
    status, _ = rest.post({"sender": "王芳-😀", "message": "hi"})
    assert status == 200 and rest.messages[-1].sender_id == "王芳-😀"


def test_a_lone_surrogate_in_the_message_is_dropped_before_the_message_is_handled(rest):
    status, _ = rest.post({"sender": "bench-3", "message": "cheque \udc80in the post"})
    assert status == 200 and rest.messages[-1].text == "cheque in the post"
