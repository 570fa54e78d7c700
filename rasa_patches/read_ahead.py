"""The Rasa server sends a trainee's role-play answer to the action server as the turn begins, so
the action server reads it (about 4 ms) while Rasa parses it (about 6 ms), and the role-play
action finds it read (dunning_coach/training/read_ahead.py).

The request is written and not waited for: Rasa's parse runs on the event loop without yielding,
so a request still being sent would go out only after it, and waiting for the answer would make
the turn wait for a busy action server. A fresh connection per answer (a trainee takes seconds
to type, longer than an idle connection is kept open), closed once the action server answers
or after ANSWER_S.
Whatever fails (the action server down, slow or refusing) costs the turn nothing but the reading:
the action then reads the answer itself, as without this patch. Only a plain-HTTP action server
is read ahead: a TLS handshake would need the action server's loop before the request went out.
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
_addresses: dict[tuple[str, int], tuple[socket.AddressFamily, Any]] = {}


@dataclass(frozen=True)
class Target:
    """Where and how to send a read-ahead: the action endpoint's host and port, the path beside
    its webhook, and its Authorization header."""

    host: str
    port: int
    path: str
    authorization: str | None

    @classmethod
    def of(cls, url: str | None, headers: dict[str, Any] | None) -> Target | None:
        parts = urlsplit(url or "")
        if parts.scheme != "http" or not parts.hostname:
            return None
        base = parts.path.rstrip("/")
        base = base.removesuffix("/webhook")
        authorization = next(
            (str(v) for k, v in (headers or {}).items() if k.lower() == "authorization"), None
        )
        if authorization is not None and ("\r" in authorization or "\n" in authorization):
            return None  # never written into a request as given
        return cls(parts.hostname, parts.port or 80, base + read_ahead.PATH, authorization)

    def request(self, body: dict[str, str]) -> bytes:
        content = json.dumps(body, ensure_ascii=False).encode()
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
    loop = asyncio.get_running_loop()
    sock: socket.socket | None = None
    try:
        family, address = await _address(loop, target.host, target.port)
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setblocking(False)
        await asyncio.wait_for(loop.sock_connect(sock, address), CONNECT_S)
        await asyncio.wait_for(loop.sock_sendall(sock, target.request(body)), CONNECT_S)
    except (OSError, asyncio.TimeoutError):
        if sock is not None:
            sock.close()
        logger.debug("action server unreachable: answer not read ahead")
        return False
    task = asyncio.create_task(_close_when_answered(loop, sock))
    _unanswered.add(task)
    task.add_done_callback(_unanswered.discard)
    return True


async def _address(
    loop: asyncio.AbstractEventLoop, host: str, port: int
) -> tuple[socket.AddressFamily, Any]:
    """The action server's address, looked up once per server: its host does not move while
    Rasa runs, and a lookup per answer would cost more than the rest of the request."""
    key = (host, port)
    if key not in _addresses:
        found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        if not found:
            raise OSError(f"no address for {host}")
        _addresses[key] = (found[0][0], found[0][4])
    return _addresses[key]


async def _status_line(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> bytes:
    answer = b""
    while b"\r\n" not in answer and len(answer) < 256:
        chunk = await loop.sock_recv(sock, 256)
        if not chunk:
            break
        answer += chunk
    return answer


async def _close_when_answered(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> None:
    try:
        answer = await asyncio.wait_for(_status_line(loop, sock), ANSWER_S)
        status = answer.split(b"\r\n", 1)[0]
        if status.split(b" ")[1:2] != [b"202"]:
            # The status line alone: it holds no answer.
            logger.warning("the action server refused a read-ahead: %r", status[:40])
    except (OSError, asyncio.TimeoutError):
        logger.debug("no answer to a read-ahead")
    finally:
        sock.close()


def apply() -> None:
    from rasa.core.processor import MessageProcessor

    parse = MessageProcessor.parse_message
    targets: dict[tuple[str | None, str | None], Target | None] = {}

    async def parse_message(
        self: MessageProcessor,
        message: Any,
        tracker: Any = None,
        only_output_properties: bool = True,
    ) -> dict[str, Any]:
        endpoint = self.action_endpoint
        if tracker is not None and endpoint is not None:
            body = read_ahead.request(
                message.text, tracker.active_loop_name, tracker.get_slot(Slot.ROLEPLAY)
            )
            if body is not None:
                authorization = (endpoint.headers or {}).get("Authorization")
                key = (endpoint.url, authorization)
                if key not in targets:
                    targets[key] = Target.of(endpoint.url, endpoint.headers)
                target = targets[key]
                if target is not None:
                    await send(target, body)
        return await parse(self, message, tracker, only_output_properties)

    MessageProcessor.parse_message = parse_message
