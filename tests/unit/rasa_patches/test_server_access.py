"""rasa_patches/server_access.py: Rasa's HTTP API opened only by its own token, from this machine,
and a readiness answer; checked on the app Rasa's own `configure_app` builds. Through the real
server, with the tokens: tests/e2e/test_http_api.py."""

from __future__ import annotations

import rasa.core.run
import rasa.server
from sanic import Sanic

from rasa_patches import server_access


def routes(app: Sanic) -> set[str]:
    return {"/" + route.path.lstrip("/") for route in app.router.routes}


def built(monkeypatch, token: str | None, **kwargs) -> Sanic:
    # monkeypatch puts Rasa's own functions back after the test.
    monkeypatch.setattr(rasa.core.run, "configure_app", rasa.core.run.configure_app)
    monkeypatch.setattr(rasa.server, "requires_auth", rasa.server.requires_auth)
    if token is None:
        monkeypatch.delenv(server_access.ADMIN_TOKEN_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(server_access.ADMIN_TOKEN_VARIABLE, token)
    server_access.apply()
    server_access.apply()  # twice, as a test process may: wrapped once
    monkeypatch.setattr(Sanic, "test_mode", True)  # several apps of one name in one process
    return rasa.core.run.configure_app(**kwargs)


def test_without_its_token_the_api_is_off_even_when_asked_for(monkeypatch):
    app = built(monkeypatch, None, enable_api=True, auth_token="from-the-command-line")
    assert "/status" not in routes(app) and "/conversations/<conversation_id:str>/tracker" not in (
        routes(app)
    )
    assert {"/", "/ready"} <= routes(app)


def test_with_its_token_the_api_is_on_whatever_the_command_line_says(monkeypatch):
    app = built(monkeypatch, "admin-secret", enable_api=False)
    assert {"/status", "/ready"} <= routes(app)


def test_the_api_answers_only_direct_callers_on_this_machine():
    assert server_access.from_this_machine("127.0.0.1", {})
    assert server_access.from_this_machine("::1", {})
    assert not server_access.from_this_machine("10.0.0.7", {})
    assert not server_access.from_this_machine("127.0.0.1", {"x-forwarded-for": "203.0.113.9"})
    assert not server_access.from_this_machine("not an address", {})


def test_the_channels_greeting_and_readiness_are_not_the_api():
    pages = ("/chat/", "/chat/history", "/team/", "/team/charts/overdue.json")
    for path in ("/", "/ready", "/webhooks/rest/webhook", *pages):
        assert not server_access.is_admin_path(path)
    for path in ("/status", "/model", "/conversations/x/tracker", "/version"):
        assert server_access.is_admin_path(path)
