"""Who may see what, through the real servers: reps their own customers, managers all, trainees
demo customers and role-play only, unknown senders nothing; and every server behind a token."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dunning_coach.accounts.store import AccountStore
from tests.conftest import Builder
from tests.harness import text_of


@pytest.fixture
def real_customer(servers) -> str:
    """A customer of Dana's that is real data, not demo: trainees must never see it."""
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.customer("C90", rep_id="R1", name="Harbour Logistics", demo=False)
        build.invoice("C90", issued=70, due=40, amount=5400, invoice_no="INV-9001")
    return "C90"


def test_another_reps_customer_by_name_is_not_one_of_yours_and_shows_no_figures(servers):
    reply = text_of(servers.say("demo-rep", "I'm at Riverside Pharmacy"))
    assert "not one of your customers" in reply
    assert "€" not in reply and "INV-" not in reply and "Nadia" not in reply


def test_a_manager_sees_every_reps_customers(servers):
    assert "With Riverside Pharmacy now" in text_of(
        servers.say("morgan-lead", "I'm at Riverside Pharmacy")
    )
    assert "With Northwind Retail Group now" in text_of(
        servers.say("morgan-lead", "I'm at Northwind")
    )


def test_a_trainee_sees_demo_customers_but_not_real_ones(servers, real_customer):
    assert "With Harbour Logistics now" in text_of(
        servers.say("demo-rep", "I'm at Harbour Logistics")
    )
    refused = text_of(servers.say("terry-new", "I'm at Harbour Logistics"))
    assert "not one of your customers" in refused and "5,400" not in refused
    assert "With Northwind Retail Group now" in text_of(
        servers.say("terry-new", "I'm at Northwind")
    )
    plan = text_of(servers.say("terry-new", "who needs chasing first"))
    assert "Northwind" in plan and "Harbour" not in plan


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "help",
        "let's practise a role-play",
        "I'm at Northwind",
        "they say the cheque is in the post",
    ],
)
def test_an_unknown_sender_gets_one_short_registration_message_whatever_they_say(servers, text):
    (only,) = servers.say("stranger-42", text)
    assert only["text"].startswith("You're not registered with Dunning Coach yet.")
    assert "(stranger-42)" in only["text"] and not only.get("buttons")


def test_the_rest_channel_needs_the_token(servers):
    message = {"sender": "demo-rep", "message": "I'm at Northwind"}
    assert servers.post("/webhooks/rest/webhook", message)[0] == 401
    assert (
        servers.post("/webhooks/rest/webhook", message, {"Authorization": "Bearer wrong"})[0] == 401
    )


def test_the_rest_caller_cannot_claim_another_channels_identity(servers):
    # Dana's Slack id, claimed over REST as if from Slack: looked up as a web id, so unknown.
    status, body = servers.post(
        "/webhooks/rest/webhook",
        {"sender": "U0DEMO001", "message": "I'm at Northwind", "input_channel": "slack"},
        {"Authorization": f"Bearer {servers.env['RASA_TOKEN']}"},
    )
    assert status == 200 and "not registered" in text_of(json.loads(body))


def action_server(servers, path: str, token: str | None) -> int:
    call = {
        "next_action": "action_show_account",
        "sender_id": "demo-rep",
        "version": "3.6.21",
        "tracker": {"sender_id": "demo-rep", "slots": {}, "latest_message": {}, "events": []},
        "domain": {},
    }
    request = urllib.request.Request(
        f"http://127.0.0.1:{servers.action_port}{path}",
        data=json.dumps(call).encode() if path == "/webhook" else None,
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_action_server_answers_only_rasa_and_only_on_loopback(servers):
    assert action_server(servers, "/webhook", None) == 401
    assert action_server(servers, "/webhook", "wrong") == 401
    assert action_server(servers, "/webhook", servers.env["ACTION_SERVER_TOKEN"]) == 200
    assert action_server(servers, "/health", None) == 200
    # The listening socket, from the kernel's table: bound to 127.0.0.1, not to every address.
    port = f"{servers.action_port:04X}"
    listening = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[1].endswith(f":{port}") and line.split()[3] == "0A"
    ]
    assert listening == [f"0100007F:{port}"]


def test_a_sender_registered_during_the_session_is_let_in_from_the_next_message(servers):
    assert "not registered" in text_of(servers.say("late-joiner", "hi"))
    with AccountStore(servers.tmp / "accounts.db") as store:
        Builder(store).rep("R77", name="Lee Late", rest_id="late-joiner")
    assert (
        text_of(servers.say("late-joiner", "hi"))
        == "You're registered now, Lee Late. Send that again."
    )
    assert "Which customer are you with?" in text_of(servers.say("late-joiner", "hi"))
