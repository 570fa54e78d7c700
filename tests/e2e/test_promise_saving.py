"""What chat saves while another writer holds the account database, through the real servers:
never reported saved when it was not, never saved twice, and a new promise always asks first."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from dunning_coach.accounts.store import AccountStore
from tests.conftest import Builder
from tests.harness import text_of
from tests.ledger_lock import ledger_locked

# What the rep may read for a write the database refused: our own answer when the action server
# answered in time, the turn guard's when the write waited longer than Rasa does.
NOT_SAVED = ("Not saved", "nothing from this message was saved")


def _wait_for(seen: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not seen():
        assert time.monotonic() < deadline, "the action server never gave up on the write"
        time.sleep(0.1)


def _held_until_refused(servers, say: Callable[[], str]) -> str:
    """Say something while another writer holds the database, and let go only once the action
    server has given up on its write (the OperationalError in its log, at once or after the
    busy timeout, which may outlast Rasa's wait), so that no write lands after the answer."""
    log = Path(servers.tmp / "actions.log")
    before = log.read_text().count("OperationalError")
    with ledger_locked(Path(servers.env["DUNNING_DB"])):
        answer = say()
        _wait_for(lambda: log.read_text().count("OperationalError") > before)
    return answer


def test_a_refused_promise_is_asked_again_saved_once_and_the_next_one_asks_first(servers):
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        Builder(store).rep_with_customer(
            "R181", "C181", "Larkspur Linen", 900, rest_id="ledger-rep"
        )
    sender = "ledger-rep"
    servers.say(sender, "I'm at Larkspur")
    confirm = "Save this promise? Larkspur Linen pays €900.00 by Fri 27 Nov."
    assert confirm in text_of(servers.say(sender, "they promised to pay everything on friday"))

    refused = _held_until_refused(servers, lambda: text_of(servers.say(sender, "yes")))
    assert "Saved:" not in refused and any(n in refused for n in NOT_SAVED), refused
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        assert store.promises("C181") == []

    saved = text_of(servers.say(sender, "yes"))
    assert "Saved: Larkspur Linen pays €900.00 by Fri 27 Nov." in saved
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        assert [p.amount_cents for p in store.promises("C181")] == [90000]

    # The next promise asks before saving; stopping it saves nothing.
    asked = text_of(servers.say(sender, "they promised to pay 300 on friday"))
    assert "Save this promise? Larkspur Linen pays €300.00 by Fri 27 Nov." in asked
    assert "no promise saved" in text_of(servers.say(sender, "stop"))
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        assert [p.amount_cents for p in store.promises("C181")] == [90000]


def test_a_refused_note_is_never_reported_noted_and_sent_again_is_saved_once(servers):
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        Builder(store).rep_with_customer("R182", "C182", "Foxglove Foods", 500, rest_id="note-rep")
    sender = "note-rep"
    servers.say(sender, "I'm at Foxglove")
    note = "Note: the owner is back on Thursday"
    refused = _held_until_refused(servers, lambda: text_of(servers.say(sender, note)))
    assert "Noted" not in refused and any(n in refused for n in NOT_SAVED), refused
    for _ in range(2):  # sent again, then once more by mistake
        assert "Noted on Foxglove Foods" in text_of(servers.say(sender, note))
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        notes = [n["text"] for n in store.rows("notes") if n["customer_id"] == "C182"]
    assert notes == ["the owner is back on Thursday"]
