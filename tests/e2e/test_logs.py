"""What the servers write to their logs: no conversation and no customer data, even when an
action fails, and a generic answer of our own to the rep."""

from __future__ import annotations

import sqlite3

from tests.harness import text_of

# What the conversation below says or is told, any of which a log must not hold.
PRIVATE = (
    "Northwind",
    "Bolt",
    "8,450",
    "INV-1007",
    "cheque is in the post",
    "statement by email",
    "parse_data",
)


def test_a_failing_action_logs_neither_the_conversation_nor_the_account(servers):
    sender = "demo-rep"
    assert "Northwind" in text_of(servers.say(sender, "I'm at Northwind"))
    servers.say(sender, "Note: Jo wants the statement by email")
    servers.say(sender, "I'm at Bolt and Nut")
    # A row the code cannot read makes the excuse action fail on Bolt and Nut's account; the
    # dates are put back after, for the tests that share these servers.
    with sqlite3.connect(servers.env["DUNNING_DB"]) as db:
        dates = db.execute("select invoice_no, due_on from invoices where customer_id = 'C02'")
        kept = dates.fetchall()
        db.execute("update invoices set due_on = 'soon' where customer_id = 'C02'")
    try:
        answer = text_of(servers.say(sender, "he says the cheque is in the post"))
    finally:
        with sqlite3.connect(servers.env["DUNNING_DB"]) as db:
            db.executemany(
                "update invoices set due_on = ? where invoice_no = ?",
                [(due, number) for number, due in kept],
            )
    assert answer.startswith("Something went wrong on my side")
    for name in ("rasa", "actions"):
        log = (servers.tmp / f"{name}.log").read_text()
        assert [p for p in PRIVATE if p in log] == [], name
