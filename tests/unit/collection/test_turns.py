"""The collection turns as the actions call them, on a fresh database."""

from __future__ import annotations

import datetime as dt

from dunning_coach.collection import promise_form, turns


def test_the_date_question_offers_the_customers_payment_run_clamped_to_the_months_end(build):
    # Today is 23 Nov; a customer who pays on the 31st pays on 30 Nov, as the verdict says.
    build.customer(payment_day=31)
    build.invoice(issued=40, due=10)
    slots = {promise_form.CUSTOMER: "C1", promise_form.AMOUNT: 100_000}
    reply = turns.promise_question(build.turn(), promise_form.DATE, slots, None)
    payloads = [b.payload for b in reply.buttons]
    assert dt.date(2026, 11, 30).isoformat() in payloads
    assert dt.date(2026, 12, 31).isoformat() not in payloads
