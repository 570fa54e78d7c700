"""The Rasa server sends a trainee's role-play answer to the action server as the turn begins, so
the action server reads it (about 4 ms) while Rasa parses it (about 6 ms), and the role-play
action finds it read (dunning_coach/training/read_ahead.py).

The request is written and not waited for: Rasa's parse runs on the event loop without yielding,
so a request still being sent would go out only after it, and waiting for the answer would make
the turn wait for a busy action server. A fresh connection per answer (a trainee takes seconds
to type, longer than an idle connection is kept open), closed once the action server answers
or after ANSWER_S. Whatever fails (the action server down, slow or refusing) costs the turn
nothing but the reading: the action then reads the answer itself, as without this patch.

Only an action endpoint this can call as Rasa does is read ahead: plain HTTP (a TLS handshake
would need the action server's loop before the request went out), authorised by headers alone
(not Rasa's basic_auth, token or params settings, which this does not send).
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from dunning_coach.common.rasa_names import Slot
from dunning_coach.training import read_ahead

logger = logging.getLogger(__name__)

CONNECT_S = 0.05  # a loopback or LAN connect takes well under a millisecond
ANSWER_S = 5.0  # how long a sent request's connection is kept for its answer
_unanswered: set[asyncio.Task[None]] = set()  # held so the loop does not drop them half done
Address = tuple[socket.AddressFamily, Any]
# The action server's addresses, looked up once and the one that answered first: a lookup per
# answer would cost more than the rest of the request. Dropped when none answers, so a server
# that moved is looked up again.
_addresses: dict[tuple[str, int], list[Address]] = {}
_refusals_told: set[bytes] = set()  # each refusal is logged once, not on every answer


@dataclass(frozen=True)
class Target:
    """Where and how to send a read-ahead: the action endpoint's host and port, the path beside
    its webhook, and its Authorization header."""

    host: str
    port: int
    path: str
    authorization: str | None

    @classmethod
    def of(cls, endpoint: Any) -> Target | None:
        """For Rasa's action endpoint (an EndpointConfig); None when it cannot be called as Rasa
        calls it."""
        if endpoint is None or endpoint.basic_auth or endpoint.token or endpoint.params:
            return None
        parts = urlsplit(endpoint.url or "")
        try:
            port = parts.port or 80
        except ValueError:  # a port out of range or not a number
            return None
        if parts.scheme != "http" or not parts.hostname or parts.query:
            return None
        headers = endpoint.headers or {}
        authorization = next(
            (str(v) for k, v in headers.items() if k.lower() == "authorization"), None
        )
        if authorization is not None and ("\r" in authorization or "\n" in authorization):
            return None  # never written into a request as given
        base = parts.path.rstrip("/").removesuffix("/webhook")
        return cls(parts.hostname, port, base + read_ahead.PATH, authorization)

    def request(self, body: dict[str, str]) -> bytes:
        # ASCII JSON: a lone surrogate (Rasa's HTTP API lets one through) is escaped, not fatal.
        content = json.dumps(body).encode()
        host = f"[{self.host}]" if ":" in self.host else self.host
        lines = [
            f"POST {self.path} HTTP/1.1",
            f"Host: {host}:{self.port}",
            "Content-Type: application/json",
            f"Content-Length: {len(content)}",
            "Connection: close",
        ]
        if self.authorization is not None:
            lines.append(f"Authorization: {self.authorization}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + content


async def send(target: Target, body: dict[str, str]) -> bool:
    """Writes the request and returns without its answer; False when it could not be written.
    With the event loop's socket calls: asyncio's streams took 0.4 ms to connect on loopback,
    these 0.1."""
    sock: socket.socket | None = None
    try:
        request = target.request(body)
        sock = await _connected(target)
        loop = asyncio.get_running_loop()
        await asyncio.wait_for(loop.sock_sendall(sock, request), CONNECT_S)
        task = asyncio.create_task(_close_when_answered(loop, sock))
        sock = None  # the task closes it
        _unanswered.add(task)
        task.add_done_callback(_unanswered.discard)
        return True
    except Exception as error:  # whatever it is, the turn goes on without the reading
        logger.debug("answer not read ahead: %s", type(error).__name__)
        return False
    finally:
        if sock is not None:  # not sent, or the turn cancelled
            sock.close()


async def _connected(target: Target) -> socket.socket:
    """A socket connected to the action server: each address in turn (`localhost` may name ::1
    first, where an action server on 0.0.0.0 does not listen), the one that answered first next
    time."""
    loop = asyncio.get_running_loop()
    key = (target.host, target.port)
    if key not in _addresses:
        found = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        _addresses[key] = [(family, address) for family, _, _, _, address in found]
    addresses = _addresses[key]
    for n, (family, address) in enumerate(addresses):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            await asyncio.wait_for(loop.sock_connect(sock, address), CONNECT_S)
        except (OSError, asyncio.TimeoutError):
            sock.close()
            continue
        except BaseException:  # the turn cancelled: no socket left open
            sock.close()
            raise
        addresses.insert(0, addresses.pop(n))
        return sock
    _addresses.pop(key, None)
    raise OSError(f"the action server at {target.host} did not answer")


async def _status_line(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> bytes:
    answer = b""
    while b"\r\n" not in answer and len(answer) < 256:
        chunk = await loop.sock_recv(sock, 256)
        if not chunk:
            break
        answer += chunk
    return answer.split(b"\r\n", 1)[0]


async def _close_when_answered(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> None:
    try:
        status = await asyncio.wait_for(_status_line(loop, sock), ANSWER_S)
        code = (status.split(b" ")[1:2] or [b"?"])[0][:3]
        if code != b"202" and code not in _refusals_told:
            _refusals_told.add(code)
            # The status alone: it holds no answer. Once: a wrong token would refuse them all.
            logger.warning("the action server refused a read-ahead: status %r", code)
    except (OSError, asyncio.TimeoutError):
        logger.debug("no answer to a read-ahead")
    finally:
        sock.close()


def apply() -> None:
    from rasa.core.processor import MessageProcessor

    parse = MessageProcessor.parse_message

    async def parse_message(
        self: MessageProcessor,
        message: Any,
        tracker: Any = None,
        only_output_properties: bool = True,
    ) -> dict[str, Any]:
        if tracker is not None:
            body = read_ahead.request(
                message.text, tracker.active_loop_name, tracker.get_slot(Slot.ROLEPLAY)
            )
            # The endpoint is read at each answer: a model loaded later may bring another.
            if body is not None and (target := Target.of(self.action_endpoint)) is not None:
                await send(target, body)
        return await parse(self, message, tracker, only_output_properties)

    MessageProcessor.parse_message = parse_message
