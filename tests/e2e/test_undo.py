"""Undo through the real servers, pressed the way each channel presses a button: the payload over
REST (as the terminal and the web chat send it), a block_actions click on Slack, the reply
keyboard's title on Telegram, the button on the web page in a real browser, and the numbered
option in the terminal. Every test has a rep and customer of its own (R150-R159, C150-C159)."""

from __future__ import annotations

import json

from dunning_coach.accounts.store import AccountStore
from tests.conftest import ROOT, Builder
from tests.e2e import test_webchat
from tests.e2e.platforms import click, dm_event, exchange, post_event, signed, to
from tests.e2e.pty_terminal import Terminal
from tests.e2e.test_webchat import bubbles, code_for, type_and_send, wait
from tests.harness import PYTHON, text_of

UNDO = "/undo_record"
phone = test_webchat.phone  # the web chat tests' chromium at a phone's size, as a fixture here


def undo_of(messages: list[dict]) -> dict:
    """The one Undo button among a turn's messages."""
    [button] = [
        b for m in messages for b in m.get("buttons") or () if b["payload"].startswith(UNDO)
    ]
    return button


def ledger(servers, table: str, customer_id: str) -> list[dict]:
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        return [r for r in store.rows(table) if r["customer_id"] == customer_id]


def test_undo_over_rest_later_the_same_day_once_and_only_by_its_maker(servers):
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        build = Builder(store)
        build.rep_with_customer("R150", "C150", "Quillfeather Paper", 2400, rest_id="undo-rep")
        build.rep("R151", rest_id="undo-other")
    rep = "undo-rep"
    servers.say(rep, "I'm at Quillfeather")
    recorded = servers.say(rep, "their buyer just left the company")
    assert "Recorded for Quillfeather Paper" in text_of(recorded)
    button = undo_of(recorded)
    [sign] = ledger(servers, "warning_signs", "C150")
    assert button == {
        "title": "Undo",
        "payload": f'{UNDO}{{"record_id": "sign:{sign["sign_id"]}"}}',
    }
    # Other messages come in between, and the sign shows where it counts.
    assert "Noted on Quillfeather Paper" in text_of(servers.say(rep, "Note: ask for the new buyer"))
    assert "⚠ Person in charge replaced" in text_of(servers.say(rep, "what do they owe"))
    plan = text_of(servers.say(rep, "who should I visit today?"))
    assert "warning: person in charge replaced" in plan

    # The same button from another rep's conversation removes nothing.
    refused = text_of(servers.say("undo-other", button["payload"]))
    assert refused == "Not removed: only the rep who recorded it can undo it."
    assert len(ledger(servers, "warning_signs", "C150")) == 1

    done = text_of(servers.say(rep, button["payload"]))
    assert done == 'Removed the warning sign "Person in charge replaced" on Quillfeather Paper.'
    assert ledger(servers, "warning_signs", "C150") == []
    assert [n["text"] for n in ledger(servers, "notes", "C150")] == ["ask for the new buyer"]
    assert "Person in charge replaced" not in text_of(servers.say(rep, "what do they owe"))
    plan = text_of(servers.say(rep, "who should I visit today?"))
    assert "Quillfeather" in plan and "person in charge replaced" not in plan

    again = text_of(servers.say(rep, button["payload"]))
    assert again.startswith("Nothing to undo")


def test_a_promise_and_an_excuse_are_undone_over_rest(servers):
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        Builder(store).rep_with_customer(
            "R156", "C156", "Sorrel Stationers", 900, rest_id="undo-promise"
        )
    rep = "undo-promise"
    servers.say(rep, "I'm at Sorrel")
    asked = text_of(servers.say(rep, "they promised to pay everything on friday"))
    assert "Save this promise? Sorrel Stationers pays €900.00 by Fri 27 Nov." in asked
    saved = servers.say(rep, "yes")
    assert "Saved: Sorrel Stationers pays €900.00 by Fri 27 Nov." in text_of(saved)
    promise = undo_of(saved)
    excuse = servers.say(rep, "they say cash is tight")
    assert text_of(excuse).startswith("Cash is tight right now:")
    logged = undo_of(excuse)

    done = text_of(servers.say(rep, promise["payload"]))
    assert done == "Removed the promise: Sorrel Stationers pays €900.00 by Fri 27 Nov."
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        assert store.promises("C156") == []
        assert [e["intent"] for e in store.excuse_log("C156")] == ["excuse_money_tight"]
    done = text_of(servers.say(rep, logged["payload"]))
    assert done == 'Removed the excuse "Cash is tight right now" logged for Sorrel Stationers.'
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        assert store.excuse_log("C156") == []


def test_undo_clicked_in_slack(servers, mock_apis):
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        build = Builder(store)
        build.rep_with_customer("R152", "C152", "Wrenfield Tiles", 1800, slack_id="U0UNDO152")
    secret, member, dm = servers.env["SLACK_SIGNING_SECRET"], "U0UNDO152", "D0UNDO152"
    for n, text in enumerate(("I'm at Wrenfield", "Note: the yard closes at 4"), 1):
        body = dm_event(member, dm, text)
        assert post_event(servers, body, signed(secret, body)) == 200
        mock_apis.wait_for(to(dm), count=n)
    noted = mock_apis.taken(to(dm))[-1].body
    assert "Noted on Wrenfield Tiles" in noted["text"]
    blocks = json.loads(noted["blocks"]) if isinstance(noted["blocks"], str) else noted["blocks"]
    [button] = [
        e
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == "Undo"
    ]
    [note] = ledger(servers, "notes", "C152")
    assert button["value"] == f'{UNDO}{{"record_id": "note:{note["id"]}"}}'

    assert click(servers, member, {"id": dm}, button["value"]) == 200
    answer = mock_apis.wait_for(to(dm), count=3)[-1].body["text"]
    assert answer == "Removed the note on Wrenfield Tiles: the yard closes at 4"
    assert ledger(servers, "notes", "C152") == []


def test_undo_tapped_on_the_telegram_keyboard(servers, mock_apis):
    user = 150153
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        Builder(store).rep_with_customer(
            "R153", "C153", "Tamarind Textiles", 700, telegram_id=str(user)
        )
    assert "Tamarind Textiles" in exchange(servers, mock_apis, user, "I'm at Tamarind")[0]["text"]
    noted = exchange(servers, mock_apis, user, "Note: pay slips go to Ana")[-1]
    assert "Noted on Tamarind Textiles" in noted["text"]
    keyboard = json.loads(noted["reply_markup"])
    assert [row[0]["text"] for row in keyboard["keyboard"]] == ["Undo"]
    assert len(ledger(servers, "notes", "C153")) == 1
    # A tapped reply-keyboard button comes back as its title; the channel maps it to its payload.
    answer = exchange(servers, mock_apis, user, "Undo")[-1]["text"]
    assert answer == "Removed the note on Tamarind Textiles: pay slips go to Ana"
    assert ledger(servers, "notes", "C153") == []


def test_undo_pressed_on_the_web_page(servers, phone):
    from selenium.webdriver.common.by import By

    with AccountStore(servers.env["DUNNING_DB"]) as store:
        Builder(store).rep_with_customer("R154", "C154", "Ivybridge Ink", 650, rest_id="undo-web")
    phone.get(servers.url + "/chat/#code=" + code_for(servers, "undo-web"))
    wait(phone, lambda d: bubbles(d, "bot"))
    type_and_send(phone, "I'm at Ivybridge")
    wait(phone, lambda d: "With Ivybridge Ink now" in bubbles(d, "bot")[-1])
    type_and_send(phone, "Note: the owner signs on Mondays")
    wait(phone, lambda d: bubbles(d, "bot")[-1].startswith("Noted on Ivybridge Ink"))
    quick = phone.find_elements(By.CSS_SELECTOR, "#quick button")
    assert [b.text for b in quick] == ["Undo"]
    assert len(ledger(servers, "notes", "C154")) == 1
    quick[0].click()
    wait(phone, lambda d: bubbles(d, "bot")[-1].startswith("Removed"))
    assert bubbles(phone, "rep")[-1] == "Undo"
    assert (
        bubbles(phone, "bot")[-1] == "Removed the note on Ivybridge Ink: the owner signs on Mondays"
    )
    assert ledger(servers, "notes", "C154") == []


def test_undo_picked_in_the_terminal(servers):
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        Builder(store).rep_with_customer(
            "R155", "C155", "Juniper Joinery", 1100, name="Una Undo", rest_id="undo-term"
        )
    chat = Terminal(
        [str(PYTHON), "-m", "terminal", "--rep", "R155", "--url", servers.url], servers.env, ROOT
    )
    try:
        chat.expect(r"as Una Undo \(R155\)")
        chat.expect("you>")
        chat.type("I'm at Juniper\r")
        chat.expect("With Juniper Joinery now")
        chat.expect("you>")
        chat.type("Note: the gate code is 4471\r")
        chat.expect("Noted on Juniper Joinery")
        chat.expect(r"1\) Undo")
        chat.expect("you>")
        assert len(ledger(servers, "notes", "C155")) == 1
        chat.type("1\r")  # the option: its payload, not the text "1"
        chat.expect("Removed the note on Juniper Joinery: the gate code is 4471")
        chat.expect("you>")
        chat.type("/quit\r")
        chat.expect("Bye.")
    finally:
        assert chat.close() == 0
    assert ledger(servers, "notes", "C155") == []
