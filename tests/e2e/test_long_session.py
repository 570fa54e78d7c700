"""A rep's day in one session: the tracker a turn works on is cut to its recent turns
(stores/session_window.py); the conversation must not notice, and the tracker store must keep
every event once."""

from __future__ import annotations

import json

from dunning_coach.accounts.store import AccountStore
from stores.session_window import RECENT_TURNS
from tests.conftest import Builder
from tests.harness import text_of


def test_a_long_session_keeps_its_customer_and_forms_and_stores_every_turn_once(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep_with_customer("R67", "C67", "Longview Traders", 2400, rest_id="long-rep")
    sent = ["I'm at Longview"]
    servers.say("long-rep", sent[0])
    day = ["they say the cheque is in the post", "what do they owe", "more tactics"]
    for n in range(3 * RECENT_TURNS):  # through cuts
        sent.append(day[n % len(day)])
        servers.say("long-rep", sent[-1])
    # The customer chosen before the first cut is still the one judged.
    sent.append("cash is tight this month")
    assert servers.say("long-rep", sent[-1])[0]["text"].startswith("Cash is tight right now:")
    sent.append("more tactics")
    assert "Cash is tight right now: why and how" in text_of(servers.say("long-rep", sent[-1]))
    sent += ["they promised to pay everything on friday", "yes"]
    assert "Save this promise? Longview Traders pays €2,400.00" in text_of(
        servers.say("long-rep", sent[-2])
    )
    assert "Saved: Longview Traders pays €2,400.00" in text_of(servers.say("long-rep", sent[-1]))
    status, body = servers.admin("/conversations/long-rep/tracker?include_events=ALL")
    assert status == 200
    events = [json.dumps(e, sort_keys=True) for e in json.loads(body)["events"]]
    assert len(events) == len(set(events))
    assert [json.loads(e)["text"] for e in events if json.loads(e)["event"] == "user"] == sent
