"""The REST channel as the terminal chat uses it: one message in, the bot's messages out. It
sends as the rep's REST sender id with the server's token, so the reps table decides who it is
and what it may see, as for any channel."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

TIMEOUT_S = 30


class Unanswered(Exception):
    """The server could not be reached or did not answer properly; the message says why."""


class RestClient:
    def __init__(self, url: str, token: str, sender: str) -> None:
        self.webhook = url.rstrip("/") + "/webhooks/rest/webhook"
        self.token = token
        self.sender = sender

    def send(self, text: str) -> list[dict]:
        body = json.dumps({"sender": self.sender, "message": text}).encode()
        request = urllib.request.Request(
            self.webhook,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                messages = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise Unanswered(f"The assistant answered {error.code}: {error.reason}.") from error
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise Unanswered(
                f"The assistant is not answering at {self.webhook} (make serve starts it)."
            ) from error
        except json.JSONDecodeError as error:
            raise Unanswered("The assistant's answer was not JSON.") from error
        return messages if isinstance(messages, list) else []
