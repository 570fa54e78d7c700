"""rasa_patches/send_ahead.py: where the request goes, what it carries, that a turn never waits
for its answer or fails for it, and that the patched parse sends it before parsing, only for an
answer in a round. Against a real local HTTP listener."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Awaitable, Callable
from types import SimpleNamespace

import pytest
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ActiveLoop, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook_languages
from dunning_coach.training import read_ahead, roleplay
from rasa_patches import send_ahead
from rasa_patches.send_ahead import Target
from tests.conftest import TODAY
from tests.harness import free_port

TOKEN = "Bearer read-ahead-token"
ANSWER = "¿Cuál es el número del cheque? Páguenos 3.000 el viernes."


def _endpoint(url: str | None, authorization: str = TOKEN, **settings) -> EndpointConfig:
    return EndpointConfig(url, headers={"Authorization": authorization}, **settings)


@pytest.mark.parametrize(
    "url, path",
    [
        ("http://127.0.0.1:5055/webhook", "/read-ahead"),
        ("http://127.0.0.1:5055/webhook/", "/read-ahead"),
        ("http://actions.internal/coach/webhook", "/coach/read-ahead"),
    ],
)
def test_the_request_goes_beside_the_webhook(url, path):
    target = Target.of(EndpointConfig(url, headers={"authorization": TOKEN}))
    assert target is not None and target.path == path and target.authorization == TOKEN
    assert target.port == (5055 if ":5055" in url else 80)


@pytest.mark.parametrize(
    "endpoint",
    [
        None,
        _endpoint("https://127.0.0.1:5055/webhook"),  # TLS
        _endpoint(""),
        _endpoint(None),
        _endpoint("http://127.0.0.1:99999/webhook"),  # no such port
        _endpoint("http://127.0.0.1:5055/webhook?key=1"),
        _endpoint("http://127.0.0.1:5055/webhook", "Bearer x\r\nX-Evil: 1"),
        # Authorised in ways Rasa adds and this does not send.
        _endpoint("http://127.0.0.1:5055/webhook", basic_auth={"username": "a", "password": "b"}),
        _endpoint("http://127.0.0.1:5055/webhook", token="secret"),
        _endpoint("http://127.0.0.1:5055/webhook", params={"key": "1"}),
    ],
)
def test_no_request_where_it_could_not_be_sent_as_rasa_calls_the_endpoint(endpoint):
    assert Target.of(endpoint) is None


class Listener:
    """A real HTTP listener on loopback: keeps each request it reads, and answers `status` once
    `release` is set."""

    def __init__(self, status: bytes = b"202 Accepted") -> None:
        self.status = status
        self.requests: asyncio.Queue[tuple[str, dict[str, str], bytes]] = asyncio.Queue()
        self.release = asyncio.Event()
        self.port = free_port()
        self.target = Target.of(_endpoint(f"http://127.0.0.1:{self.port}/webhook"))

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        line, *fields = head.strip().split("\r\n")
        headers = {k.lower(): v.strip() for k, v in (f.split(":", 1) for f in fields)}
        body = await reader.readexactly(int(headers["content-length"]))
        await self.requests.put((line, headers, body))
        await self.release.wait()
        writer.write(b"HTTP/1.1 " + self.status + b"\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    async def sent(self) -> tuple[str, dict[str, str], bytes]:
        return await asyncio.wait_for(self.requests.get(), 5)


def listening(
    scenario: Callable[[Listener], Awaitable[None]], status: bytes = b"202 Accepted"
) -> None:
    """Runs `scenario` with a listener up, then lets every request sent be answered and closed."""

    async def run() -> None:
        listener = Listener(status)
        server = await asyncio.start_server(listener._serve, "127.0.0.1", listener.port)
        try:
            await scenario(listener)
        finally:
            listener.release.set()
            while send_ahead._unanswered:
                await asyncio.sleep(0.01)
            server.close()
            await server.wait_closed()

    asyncio.run(run())


def test_the_answer_is_sent_and_the_turn_does_not_wait_for_the_reply():
    body = {"answer": ANSWER, "language": "es"}

    async def scenario(listener: Listener) -> None:
        assert listener.target is not None
        assert await send_ahead.send(listener.target, body)
        line, headers, sent = await listener.sent()
        # send returned with the answer still to come (the listener answers once released).
        assert send_ahead._unanswered
        assert line == "POST /read-ahead HTTP/1.1"
        assert headers["authorization"] == TOKEN
        assert headers["content-type"] == "application/json"
        assert json.loads(sent) == body
        assert read_ahead.wanted(json.loads(sent)) == (ANSWER, Language.ES)

    listening(scenario)


def test_a_refusal_is_logged_without_the_answer(caplog):
    async def scenario(listener: Listener) -> None:
        assert listener.target is not None
        assert await send_ahead.send(listener.target, {"answer": ANSWER, "language": "es"})

    with caplog.at_level(logging.WARNING, logger=send_ahead.__name__):
        listening(scenario, b"401 Unauthorized")
    assert "refused a read-ahead" in caplog.text and "401" in caplog.text
    assert "cheque" not in caplog.text


def test_an_action_server_that_is_down_costs_the_turn_nothing():
    down = Target.of(_endpoint(f"http://127.0.0.1:{free_port()}/webhook"))
    assert down is not None
    assert not asyncio.run(send_ahead.send(down, {"answer": ANSWER, "language": "es"}))


def _tracker(*events) -> DialogueStateTracker:
    round_ = roleplay.start(
        playbook_languages.load(Language.ES),
        "excuse_cheque_mailed",
        "easy",
        None,
        7,
        TODAY,
        Language.ES,
    )
    return DialogueStateTracker.from_events(
        "trainee", [SlotSet("roleplay", round_.to_slot()), *events]
    )


@pytest.fixture
def patched_parse(monkeypatch) -> list[tuple[str, int]]:
    """MessageProcessor.parse_message patched over a stand-in for Rasa's parse, which notes
    each text it parses, and how many read-aheads were sent and not yet answered by then."""
    parsed: list[tuple[str, int]] = []

    async def parse(self, message, tracker=None, only_output_properties=True):
        parsed.append((message.text, len(send_ahead._unanswered)))
        return {"text": message.text}

    monkeypatch.setattr(MessageProcessor, "parse_message", parse)
    send_ahead.apply()
    return parsed


def _processor(listener: Listener | None) -> SimpleNamespace:
    url = f"http://127.0.0.1:{listener.port}/webhook" if listener else None
    return SimpleNamespace(action_endpoint=_endpoint(url) if url else None)


def test_an_answer_in_a_round_is_sent_before_it_is_parsed(patched_parse):
    async def scenario(listener: Listener) -> None:
        message = SimpleNamespace(text=ANSWER)
        tracker = _tracker(ActiveLoop("roleplay_form"))
        await MessageProcessor.parse_message(_processor(listener), message, tracker)
        assert patched_parse == [(ANSWER, 1)]  # sent, its answer still to come, when parsed
        _, headers, sent = await listener.sent()
        assert json.loads(sent) == {"answer": ANSWER, "language": "es"}
        assert headers["authorization"] == TOKEN

    listening(scenario)


def test_no_round_on_sends_nothing_and_parses_as_before(patched_parse):
    async def scenario(listener: Listener) -> None:
        message = SimpleNamespace(text=ANSWER)
        on = _tracker(ActiveLoop("roleplay_form"))
        await MessageProcessor.parse_message(_processor(listener), message, _tracker())  # form off
        await MessageProcessor.parse_message(_processor(listener), message, None)  # HTTP API's
        await MessageProcessor.parse_message(_processor(None), message, on)  # no action server
        assert patched_parse == [(ANSWER, 0)] * 3
        await MessageProcessor.parse_message(_processor(listener), message, on)
        listener.release.set()
        while send_ahead._unanswered:  # every request sent has been read and answered
            await asyncio.sleep(0.01)
        assert listener.requests.qsize() == 1

    listening(scenario)


def test_an_action_server_that_is_down_still_leaves_the_message_parsed(patched_parse):
    down = SimpleNamespace(action_endpoint=_endpoint(f"http://127.0.0.1:{free_port()}/webhook"))
    on = _tracker(ActiveLoop("roleplay_form"))
    parsed = asyncio.run(MessageProcessor.parse_message(down, SimpleNamespace(text=ANSWER), on))
    assert parsed == {"text": ANSWER} and patched_parse == [(ANSWER, 0)]


def test_a_host_name_reaches_the_server_on_whichever_address_it_listens():
    """`localhost` may name ::1 before 127.0.0.1, and an action server on 0.0.0.0 hears only
    the second: each address is tried, and the one that answered is tried first next time."""

    async def scenario(listener: Listener) -> None:
        v6, v4 = (
            (socket.AF_INET6, ("::1", listener.port, 0, 0)),
            (socket.AF_INET, ("127.0.0.1", listener.port)),
        )
        send_ahead._addresses[("localhost", listener.port)] = [v6, v4]  # as looked up
        target = Target.of(_endpoint(f"http://localhost:{listener.port}/webhook"))
        assert target is not None
        assert await send_ahead.send(target, {"answer": ANSWER, "language": "es"})
        await listener.sent()
        assert send_ahead._addresses[("localhost", listener.port)] == [v4, v6]

    listening(scenario)


def test_a_server_that_moved_is_looked_up_again():
    async def scenario(listener: Listener) -> None:
        gone = (socket.AF_INET, ("127.0.0.1", free_port()))
        send_ahead._addresses[("127.0.0.1", listener.port)] = [gone]  # where it used to be
        assert listener.target is not None
        assert not await send_ahead.send(listener.target, {"answer": ANSWER, "language": "es"})
        assert await send_ahead.send(listener.target, {"answer": ANSWER, "language": "es"})
        await listener.sent()

    listening(scenario)


def test_a_lone_surrogate_is_sent_escaped_not_fatal():
    odd = "número \udc80 del cheque"

    async def scenario(listener: Listener) -> None:
        assert listener.target is not None
        assert await send_ahead.send(listener.target, {"answer": odd, "language": "es"})
        _, _, sent = await listener.sent()
        assert json.loads(sent)["answer"] == odd

    listening(scenario)
