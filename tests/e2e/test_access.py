"""Who may see what, through the real servers: reps their own customers, managers their team's
(or all, without a team), trainees demo customers and role-play only, unknown or removed senders
nothing; and every server behind a token."""

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


@pytest.fixture
def team(servers) -> str:
    """Manager AM1 with a team of one (AR1, customer Quillfeather Tiles); AR2 (Orchard Mills) is in
    nobody's team. Each customer has a promise due today."""
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep("AM1", role="manager", name="Tara Lead", rest_id="team-lead-a1")
        build.rep_with_customer("AR1", "AC1", "Quillfeather Tiles", manager_id="AM1")
        build.rep_with_customer("AR2", "AC2", "Orchard Mills")
        build.promise("AC1", amount=710, due_in=0, rep_id="AR1")
        build.promise("AC2", amount=720, due_in=0, rep_id="AR2")
    return "team-lead-a1"


def test_a_manager_with_a_team_sees_the_teams_customers_only(servers, team):
    assert "With Quillfeather Tiles now" in text_of(servers.say(team, "I'm at Quillfeather Tiles"))
    refused = text_of(servers.say(team, "I'm at Orchard Mills"))
    assert "not one of your customers" in refused and "720" not in refused
    plan = text_of(servers.say(team, "who should I visit today?"))
    assert "Quillfeather" in plan and "Orchard" not in plan and "Northwind" not in plan
    due = text_of(servers.say(team, "what's due today?"))
    assert "Quillfeather Tiles" in due and "Orchard" not in due and "Northwind" not in due


def test_a_manager_without_a_team_still_sees_every_team(servers, team):
    assert "With Orchard Mills now" in text_of(servers.say("morgan-lead", "I'm at Orchard Mills"))
    due = text_of(servers.say("morgan-lead", "what's due today?"))
    assert "Quillfeather Tiles" in due and "Orchard Mills" in due and "Northwind" in due


def test_a_removed_rep_is_let_in_nowhere(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep_with_customer("AR3", "AC3", "Brambleby Bakery", rest_id="leaving-a3")
        assert "With Brambleby Bakery now" in text_of(
            servers.say("leaving-a3", "I'm at Brambleby Bakery")
        )
        build.rep("AR3", rest_id="leaving-a3", active=0)  # reps.csv: active = no
    reply = text_of(servers.say("leaving-a3", "what do they owe"))
    assert "not registered" in reply and "Brambleby" not in reply and "€" not in reply


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
