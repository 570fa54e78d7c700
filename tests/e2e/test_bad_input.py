"""Bad input through the real servers: never a 5xx or a crash, always a clear reply, and no
change to the account database that the message should not make."""

from __future__ import annotations

import json

import pytest

from channels.turn_guard import MESSAGE_CHARS, clean_text
from dunning_coach.accounts.store import AccountStore
from dunning_coach.common import tokens
from tests.conftest import Builder
from tests.harness import text_of

# Tables no chat message may change (promises need a confirmed form; notes and the excuse log
# are written only by the turns that say so, and are checked separately).
FIXED_TABLES = ("reps", "customers", "invoices", "payments", "promises")

ODD_TEXTS = {
    "empty": "",
    "blank": "   \n\t ",
    "twenty thousand characters": "cheque " * 2857,
    "emoji only": "😤💸🙄",
    "control characters and NUL": "cash\x00 is\x07 tight\x1b[31m",
    "right to left": "الشيك في البريد",
    "other language": "Der Scheck ist schon in der Post",
    "SQL injection": "Robert'); DROP TABLE customers;-- ",
    "template injection": "{customer} {{7*7}} ${7*7} %s {0.__class__} <script>alert(1)</script>",
}


def table_rows(store: AccountStore) -> dict[str, list]:
    return {t: [tuple(r.values()) for r in store.rows(t)] for t in FIXED_TABLES}


@pytest.fixture(scope="module")
def odd_rep(servers) -> str:
    with AccountStore(servers.tmp / "accounts.db") as store:
        Builder(store).rep("R62", role="manager", name="Oona Odd", rest_id="odd-rep")
    servers.say("odd-rep", "I'm at Northwind")
    return "odd-rep"


@pytest.mark.parametrize("kind", ODD_TEXTS)
def test_odd_text_gets_a_clear_reply_and_changes_nothing(servers, odd_rep, kind):
    with AccountStore(servers.tmp / "accounts.db") as store:
        before = table_rows(store)
    reply = servers.say(odd_rep, ODD_TEXTS[kind])  # asserts 200
    answer = text_of(reply)
    assert answer.strip(), f"no reply to {kind}"
    assert "<class" not in answer  # user text is never run through str.format
    with AccountStore(servers.tmp / "accounts.db") as store:
        assert table_rows(store) == before
        assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_the_selected_customer_survives_odd_text(servers, odd_rep):
    for text in ODD_TEXTS.values():
        servers.say(odd_rep, text)
    assert servers.say(odd_rep, "they say cash is tight")[0]["text"].startswith(
        "Cash is tight right now:"
    )


@pytest.mark.parametrize("name", ["?!.,", "...", "'\"", "-- ;"])
def test_a_customer_name_of_only_punctuation_is_asked_about_not_guessed(servers, odd_rep, name):
    answer = text_of(servers.say(odd_rep, f"I'm at {name}"))
    # Asked again (which customer, or what was said), never a customer picked for the rep.
    assert "?" in answer and "With " not in answer
    assert "Northwind Retail Group" in text_of(servers.say(odd_rep, "what do they owe"))


@pytest.mark.parametrize(
    "body, problem",
    [
        (b"{not json", "the body must be a JSON object"),
        (b"", "the body must be a JSON object"),
        (b"[1, 2]", "the body must be a JSON object"),
        (b'"hello"', "the body must be a JSON object"),
        (
            json.dumps({"sender": 7, "message": "hi"}).encode(),
            '"sender" must be a non-empty string',
        ),
        (
            json.dumps({"sender": "", "message": "hi"}).encode(),
            '"sender" must be a non-empty string',
        ),
        (json.dumps({"sender": "x" * 500, "message": "hi"}).encode(), '"sender" must be'),
        (json.dumps({"sender": "x\udc80y", "message": "hi"}).encode(), '"sender" must be'),
        (json.dumps({"sender": "odd\x00rep", "message": "hi"}).encode(), '"sender" must be'),
        (
            json.dumps({"sender": "odd-rep", "message": ["hi"]}).encode(),
            '"message" must be a string',
        ),
        (json.dumps({"sender": "odd-rep", "message": None}).encode(), '"message" must be a string'),
        (json.dumps({"sender": "odd-rep"}).encode(), '"message" must be a string'),
    ],
)
def test_malformed_rest_bodies_get_400_with_the_reason(servers, odd_rep, body, problem):
    status, answer = servers.post(
        "/webhooks/rest/webhook", body, {"Authorization": f"Bearer {servers.env['RASA_TOKEN']}"}
    )
    assert status == 400 and problem in json.loads(answer)["error"]


def test_a_sender_id_that_is_not_utf8_text_gets_400_and_the_server_keeps_answering(servers):
    # A lone surrogate ("\udc80" in JSON) cannot be written to the tracker store, and Rasa 3.6
    # took that error for a missing database schema and exited the server.
    status, answer = servers.post(
        "/webhooks/rest/webhook",
        {"sender": "x\udc80y", "message": "hi"},
        {"Authorization": f"Bearer {servers.env['RASA_TOKEN']}"},
    )
    assert status == 400 and '"sender" must be' in json.loads(answer)["error"]
    assert "not registered" in text_of(servers.say("nobody-after-the-surrogate", "hello"))


def test_a_lone_surrogate_in_a_web_chat_message_gets_a_normal_answer(servers, odd_rep):
    code = tokens.issue(servers.env["WEBCHAT_SECRET"], odd_rep, "R62", days=1)
    status, answer = servers.post(
        "/chat/webhook",
        {"message": "they say cash \udc80is tight"},
        {"Authorization": f"Bearer {code}"},
    )
    assert status == 200, answer
    texts = [m["text"] for m in json.loads(answer)["messages"]]
    assert texts and texts[0].startswith("Cash is tight right now:")


def test_an_unknown_sender_with_odd_text_is_told_to_register_and_nothing_more(servers):
    for text in ("", "😤", "Robert'); DROP TABLE reps;--", "I'm at Northwind"):
        answer = text_of(servers.say("nobody-at-all", text))
        assert "not registered" in answer and "€" not in answer and "Northwind" not in answer


def test_clean_text_drops_control_characters_and_cuts_long_messages():
    assert clean_text("a\x00b\x07c\nd\te\x1b") == "abc\nd\te"
    assert len(clean_text("x" * 50_000)) == MESSAGE_CHARS
    assert clean_text(None) == "" and clean_text("الشيك 😤") == "الشيك 😤"
    assert clean_text("cash \udc80is tight") == "cash is tight"
