"""A local stand-in for the Slack Web API and the Telegram Bot API: it answers like them and
keeps every call, so tests can assert on the replies the assistant sends."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Call:
    api: str  # "slack" or "telegram"
    method: str  # chat.postMessage, sendMessage, setWebhook, ...
    token: str  # the bot token the call carried
    body: dict


class MockApis:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def slack_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/api/"

    @property
    def telegram_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    def __enter__(self) -> MockApis:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def dm_of(user: str) -> str:
        """The id of the direct-message channel conversations.open gives for a member."""
        return f"D{user}"

    def taken(self, where: Callable[[Call], bool]) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if where(c)]

    def wait_for(
        self,
        where: Callable[[Call], bool],
        count: int = 1,
        seconds: float = 20,
        settle: float = 0.0,
    ) -> list[Call]:
        """The calls matching `where` once there are `count` of them (then `settle` seconds
        more, to catch any extra); raises if they do not come in time."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(self.taken(where)) >= count:
                time.sleep(settle)
                return self.taken(where)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} calls, got {self.taken(where)}")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                kind = self.headers.get("Content-Type", "")
                if "json" in kind:
                    body = json.loads(raw or b"{}")
                else:
                    body = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
                path, _, query = self.path.partition("?")  # some calls send query parameters
                body |= {k: v[0] for k, v in urllib.parse.parse_qs(query).items()}
                parts = path.strip("/").split("/")
                if parts[0] == "slack":  # /slack/api/<method>
                    call = Call("slack", parts[-1], self.headers.get("Authorization", ""), body)
                    answer = {
                        "ok": True,
                        "channel": body.get("channel"),
                        "ts": f"{time.time():.6f}",
                    }
                    if call.method == "conversations.open":  # the bot's DM with a member
                        answer["channel"] = {"id": mock.dm_of(str(body.get("users")))}
                else:  # /telegram/bot<token>/<method>
                    call = Call("telegram", parts[-1], parts[1][3:], body)
                    answer = {"ok": True, "result": True}
                    if call.method == "sendMessage":
                        answer["result"] = {
                            "message_id": len(mock.calls) + 1,
                            "date": int(time.time()),
                            "chat": {"id": int(body["chat_id"]), "type": "private"},
                            "text": body.get("text", ""),
                        }
                with mock._lock:
                    mock.calls.append(call)
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
