"""accounts/models.py: who may see a customer, and what an account adds up to."""

from __future__ import annotations

import pytest

from dunning_coach.accounts.models import Rep
from tests.conftest import TODAY


@pytest.fixture
def team(build):
    build.rep("R1")
    build.rep("R2")
    build.rep("T1", role="trainee")
    build.rep("M1", role="manager")
    build.customer("C1", "R1")
    build.customer("C2", "R2")
    build.customer("D1", "R2", demo=1)
    return build.store


@pytest.mark.parametrize(
    "rep_id, sees",
    [("R1", {"C1"}), ("R2", {"C2", "D1"}), ("T1", {"D1"}), ("M1", {"C1", "C2", "D1"})],
)
def test_may_see_and_the_stores_query_agree_for_every_role(team, rep_id, sees):
    rep = team.rep(rep_id)
    assert isinstance(rep, Rep)
    in_python = {c.customer_id for c in team.all_customers() if rep.may_see(c)}
    in_sql = {c.customer_id for c in team.customers_visible_to(rep)}
    assert in_python == in_sql == sees
    hidden = {c.customer_id for c in team.customer_names(rep, visible=False)}
    assert hidden == {"C1", "C2", "D1"} - sees


def test_an_account_adds_up_open_and_overdue_and_finds_the_oldest(build):
    build.customer()
    old = build.invoice(issued=90, due=60, amount=500)
    build.invoice(issued=40, due=10, amount=300)
    build.invoice(issued=5, due=-25, amount=200)  # not yet due
    paid = build.paid_invoice(due=120, days_late=3, amount=700)
    build.payment(received=2, amount=100, invoice_no=old)  # part-paid
    account = build.store.account("C1", TODAY)
    assert account.open_cents == 400_00 + 300_00 + 200_00
    assert account.overdue_cents == 400_00 + 300_00
    assert account.oldest_overdue.invoice_no == old
    assert [i.invoice_no for i in account.paid_invoices] == [paid]
    assert account.paid_on(old) == TODAY.fromordinal(TODAY.toordinal() - 2)
