"""End to end through the real servers: the action server and `rasa run` with the trained model,
on free ports, a temporary account database (the demo data) and a temporary tracker store."""
from __future__ import annotations

import pytest

from dunning_coach.db import AccountStore
from dunning_coach.importer import import_folder
from tests.conftest import ROOT
from tests.harness import Servers

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("servers")
    with AccountStore(tmp / "accounts.db") as store:
        import_folder(ROOT / "demo_data", store)
    running = Servers(tmp)
    try:
        running.start("actions")
        running.start("rasa")
        yield running
    finally:
        for name in list(running.processes):
            running.stop(name)


def text_of(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_excuse_turn_gives_verdict_for_the_selected_customer_and_logs_it(servers):
    assert "With Northwind Retail Group now" in text_of(servers.say("demo-rep", "I'm at Northwind"))
    reply = servers.say("demo-rep", "he says they pay on the 25th, that's their payment run")
    assert reply[0]["text"].startswith("Our payment run or terms say later: Likely true")
    assert [b["title"] for b in reply[0]["buttons"]] == ["More tactics", "Open invoices"]
    with AccountStore(servers.tmp / "accounts.db") as store:
        row = store.excuse_log("C01")[-1]
    assert (row["intent"], row["verdict"], row["rep_id"]) == ("excuse_payment_cycle", "Likely true", "R1")


def test_unknown_sender_gets_no_data(servers):
    reply = text_of(servers.say("stranger-99", "the cheque is in the post"))
    assert "not registered" in reply and "€" not in reply


def test_conversation_survives_a_rasa_restart(servers):
    servers.say("demo-rep", "I'm at Bolt and Nut")
    servers.stop("rasa")
    servers.start("rasa")
    # No customer named after the restart: the selection must come from the SQL tracker store.
    reply = servers.say("demo-rep", "they say cash is tight")
    assert reply[0]["text"].startswith("Cash is tight right now: Likely excuse")
