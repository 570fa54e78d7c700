import datetime as dt

import pytest

from dunning_coach.common.settings import Habits
from dunning_coach.excuses.verdicts import Label, judge
from dunning_coach.language.claims import Claim
from dunning_coach.playbook import playbook
from tests.conftest import TODAY

BOOK = playbook.load()
HABITS = Habits()


def verdict(build, intent, claim=None, customer="C1"):
    return judge(build.store.account(customer, TODAY), BOOK.excuse(intent), BOOK, HABITS, claim)


def texts(v):
    return " | ".join(f.text for f in v.findings)


def test_payment_cycle_true_when_invoice_fell_due_after_the_last_run(build):
    build.customer(payment_terms_days=30, payment_day=25)
    build.invoice(issued=43, due=13, delivered=42)  # due 10 Nov, after the 25 Oct run
    v = verdict(build, "excuse_payment_cycle")
    assert v.label is Label.LIKELY_TRUE
    assert "after their last run (25 Oct); next run 25 Nov" in texts(v)


def test_payment_cycle_excuse_when_a_run_was_missed_and_claim_exceeds_terms(build):
    build.customer(payment_terms_days=30, payment_day=25)
    build.invoice(issued=84, due=54, delivered=83)  # due 30 Sep, missed the 25 Oct run
    v = verdict(build, "excuse_payment_cycle", Claim(duration_days=90))
    assert v.label is Label.LIKELY_EXCUSE
    assert "They claim 90 days; the contract says 30 days." in texts(v)
    assert "missed their run of 25 Oct" in texts(v)


def test_payment_cycle_without_run_day_judges_by_days_overdue(build):
    build.customer(payment_terms_days=30)
    build.invoice(issued=90, due=60)
    v = verdict(build, "excuse_payment_cycle")
    assert v.label is Label.LIKELY_EXCUSE and "60 days overdue on 30-day terms" in texts(v)


@pytest.mark.parametrize(
    "requires, delivered, label",
    [
        (1, None, Label.LIKELY_TRUE),
        (1, 40, Label.LIKELY_EXCUSE),
        (0, None, Label.LIKELY_EXCUSE),
        (None, None, Label.CANT_TELL),
    ],
)
def test_original_invoice_only(build, requires, delivered, label):
    build.customer(requires_original_invoice=requires)
    build.invoice(issued=45, due=15, delivered=delivered)
    assert verdict(build, "excuse_original_invoice_only").label is label


def test_invoice_not_received_against_the_delivery_record(build):
    build.customer("C1")
    build.invoice("C1", issued=45, due=15, delivered=44, invoice_no="INV-7")
    v = verdict(build, "excuse_invoice_not_received")
    assert (
        v.label is Label.LIKELY_EXCUSE
        and "INV-7 was delivered on 10 Oct (44 days ago)." in texts(v)
    )
    build.customer("C2")
    build.invoice("C2", issued=45, due=15, delivered=None, invoice_no="INV-8")
    assert verdict(build, "excuse_invoice_not_received", customer="C2").label is Label.LIKELY_TRUE


def test_cheque_mailed_finds_the_cheque_by_number(build):
    build.customer(payment_method="cheque")
    build.invoice(issued=60, due=30)
    build.payment(received=2, amount=1000, reference="CHQ 445566", method="cheque")
    v = verdict(build, "excuse_cheque_mailed", Claim(cheque_no="445566"))
    assert v.label is Label.LIKELY_TRUE and v.findings[0].text.startswith(
        "Cheque 445566 is recorded"
    )


def test_already_paid_sees_an_unallocated_payment(build):
    build.customer()
    build.invoice(issued=60, due=30)
    build.payment(received=5, amount=1000, reference="TRF 9")
    v = verdict(build, "excuse_already_paid")
    assert v.label is Label.LIKELY_TRUE and "Unallocated payment of €1,000.00" in texts(v)


def test_already_paid_with_no_recent_payment_is_an_excuse(build):
    build.customer()
    build.paid_invoice(due=120, days_late=0)
    build.invoice(issued=60, due=30)
    v = verdict(build, "excuse_already_paid")
    assert v.label is Label.LIKELY_EXCUSE and "No payment recorded since" in texts(v)


def test_money_tight_reads_the_payment_history(build):
    build.customer("C1")
    for due in (200, 170, 140, 110):
        build.paid_invoice("C1", due=due, days_late=0)
    build.invoice("C1", issued=40, due=10)
    assert verdict(build, "excuse_money_tight").label is Label.LIKELY_TRUE
    build.customer("C2")
    for due in (200, 170, 140):
        build.paid_invoice("C2", due=due, days_late=45)
    build.invoice("C2", issued=60, due=30)
    v = verdict(build, "excuse_money_tight", customer="C2")
    assert v.label is Label.LIKELY_EXCUSE and "45 days late on average" in texts(v)


def test_product_complaint_dispute_over_one_delivery_looks_true(build):
    build.customer()
    held = build.invoice(issued=80, due=66, delivered=80)
    later = build.invoice(issued=60, due=46, delivered=60)
    build.payment(received=47, invoice_no=later)
    v = verdict(build, "excuse_product_complaint")
    assert v.label is Label.LIKELY_TRUE and f"hold back only {held}" in texts(v)


def test_a_recent_order_they_paid_backs_a_dispute_and_is_not_held_against_it(build):
    build.customer()
    build.invoice(issued=80, due=66, delivered=80)
    later = build.invoice(issued=30, due=2, delivered=30)  # a recent order, paid
    build.payment(received=2, invoice_no=later)
    v = verdict(build, "excuse_product_complaint")
    assert v.label is Label.LIKELY_TRUE and "ordered again" not in texts(v)


def test_product_complaint_holding_everything_and_reordering_is_an_excuse(build):
    build.customer()
    build.invoice(issued=100, due=70)
    build.invoice(issued=80, due=50)
    build.invoice(issued=10, due=-20)
    assert verdict(build, "excuse_product_complaint").label is Label.LIKELY_EXCUSE


def test_rule_excuses_are_excuses_unless_the_arrangement_is_on_file(build):
    build.customer("C1", segment="chain")
    build.invoice("C1", issued=60, due=30)
    assert verdict(build, "excuse_pay_next_month").label is Label.LIKELY_EXCUSE
    build.customer("C2", segment="seasonal")
    build.invoice("C2", issued=60, due=30)
    assert verdict(build, "excuse_pay_next_month", customer="C2").label is Label.LIKELY_TRUE
    build.customer("C3", payment_method="pay when paid")
    build.invoice("C3", issued=60, due=30)
    assert verdict(build, "excuse_waiting_on_customer", customer="C3").label is Label.LIKELY_TRUE


def test_not_approved_in_an_owner_run_small_business(build):
    build.customer(segment="small business", approver="Ray", signatory="Ray")
    build.invoice(issued=90, due=60)
    v = verdict(build, "excuse_not_approved")
    assert "Ray both approves and signs" in texts(v)
    assert v.score < 0


def test_goods_unsold_true_only_on_consignment(build):
    build.customer("C1", payment_method="consignment", payment_terms_days=60)
    build.invoice("C1", issued=100, due=40)
    assert verdict(build, "excuse_goods_unsold").label is Label.LIKELY_TRUE
    build.customer("C2", payment_terms_days=30)
    build.invoice("C2", issued=100, due=70)
    assert verdict(build, "excuse_goods_unsold", customer="C2").label is Label.LIKELY_EXCUSE


def test_an_excuse_used_before_is_named_with_its_date(build):
    build.customer()
    build.invoice(issued=45, due=15)
    for when in (TODAY - dt.timedelta(days=20), TODAY):
        build.store.log_excuse(
            customer_id="C1",
            rep_id="R1",
            intent="excuse_signer_absent",
            text="boss away",
            verdict=None,
            logged_on=when,
        )
    v = verdict(build, "excuse_signer_absent")
    repeat = [f for f in v.findings if f.text.startswith("Same excuse used before")]
    assert [(f.text, f.points) for f in repeat] == [("Same excuse used before, on 3 Nov.", -1)]


def test_strongest_evidence_comes_first_and_overdue_position_is_stated(build):
    build.customer(requires_original_invoice=0)
    build.invoice(issued=77, due=47, invoice_no="INV-204", amount=250)
    v = verdict(build, "excuse_original_invoice_only")
    assert abs(v.findings[0].points) == max(abs(f.points) for f in v.findings)
    assert "INV-204 is 47 days overdue (€250.00); 1 open invoice, €250.00 in all." in texts(v)
