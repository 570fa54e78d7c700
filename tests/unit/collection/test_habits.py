"""One definition of paid on time, a reliable payer and a recent order."""

from __future__ import annotations

from dunning_coach.collection import habits
from dunning_coach.common.settings import Habits
from tests.conftest import TODAY

H = Habits(on_time_within_days=7, reliable_share=0.8, unreliable_share=0.5, recent_order_days=45)


def account(build):
    return build.store.account("C1", TODAY)


def test_paid_within_the_grace_days_is_on_time_and_a_day_more_is_not(build):
    build.customer()
    on_time = build.paid_invoice(due=60, days_late=H.on_time_within_days)
    late = build.paid_invoice(due=30, days_late=H.on_time_within_days + 1)
    open_ = build.invoice(issued=50, due=20)
    acc = account(build)
    by_no = {i.invoice_no: i for i in acc.invoices}
    assert habits.paid_on_time(acc, by_no[on_time], H)
    assert not habits.paid_on_time(acc, by_no[late], H)
    assert not habits.paid_on_time(acc, by_no[open_], H)
    assert habits.days_late(acc, by_no[open_]) is None


def test_a_reliable_payer_pays_at_least_the_reliable_share_on_time(build):
    build.customer()
    for due in (300, 250, 200, 150):
        build.paid_invoice(due=due, days_late=0)
    build.paid_invoice(due=100, days_late=20)
    record = habits.payment_record(account(build), H)
    assert (record.judged, record.on_time, record.share) == (5, 4, 0.8)
    assert record.reliable and not record.unreliable
    assert not habits.payment_record(account(build), Habits(reliable_share=0.9)).reliable


def test_an_unreliable_payer_by_share_or_by_average_lateness(build):
    build.customer()
    build.paid_invoice(due=200, days_late=0)
    build.paid_invoice(due=150, days_late=40)
    build.paid_invoice(due=100, days_late=40)
    record = habits.payment_record(account(build), H)
    assert record.average_days_late == 27 and record.unreliable  # 1 of 3 on time
    lenient = Habits(unreliable_share=0.3, unreliable_average_days_late=26)
    assert habits.payment_record(account(build), lenient).unreliable  # by lateness alone
    assert not habits.payment_record(
        account(build), Habits(unreliable_share=0.3, unreliable_average_days_late=27)
    ).unreliable


def test_no_history_is_neither_reliable_nor_unreliable(build):
    build.customer()
    record = habits.payment_record(account(build), H)
    assert record.judged == 0 and not record.reliable and not record.unreliable


def test_a_recent_order_is_issued_within_the_window_newest_first(build):
    build.customer()
    build.invoice(issued=H.recent_order_days + 1, due=10, invoice_no="OLD")
    build.invoice(issued=H.recent_order_days, due=10, invoice_no="EDGE")
    build.invoice(issued=3, due=-27, invoice_no="NEW")
    assert [i.invoice_no for i in habits.recent_orders(account(build), H)] == ["NEW", "EDGE"]


def test_a_long_relationship_counts_from_the_first_invoice(build):
    build.customer()
    build.invoice(issued=H.long_relationship_days, due=300)
    assert habits.long_relationship(account(build), H)
    assert not habits.long_relationship(
        account(build), Habits(long_relationship_days=H.long_relationship_days + 1)
    )
