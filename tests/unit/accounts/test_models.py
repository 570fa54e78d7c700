"""accounts/models.py: who may see a customer, and what an account adds up to."""

from __future__ import annotations

import pytest

from dunning_coach.accounts.models import Rep
from tests.conftest import TODAY


@pytest.fixture
def team(build):
    """Every role: reps, a trainee, a manager with a team (M1: R1 and T1), a manager with
    another team (M2: R2), and a manager nobody names (M3, who sees everyone as before)."""
    for manager in ("M1", "M2", "M3"):
        build.rep(manager, role="manager")
    build.rep("R1", manager_id="M1")
    build.rep("R2", manager_id="M2")
    build.rep("R3")
    build.rep("T1", role="trainee", manager_id="M1")
    build.customer("C1", "R1")
    build.customer("C2", "R2")
    build.customer("D1", "R2", demo=1)
    build.customer("C3", "R3")
    build.customer("CM", "M1")  # a manager's own customer
    return build.store


EVERYONE = {"C1", "C2", "D1", "C3", "CM"}


@pytest.mark.parametrize(
    "rep_id, sees",
    [
        ("R1", {"C1"}),
        ("R2", {"C2", "D1"}),
        ("T1", {"D1"}),
        ("M1", {"C1", "CM"}),
        ("M2", {"C2", "D1"}),
        ("M3", EVERYONE),
    ],
)
def test_may_see_and_the_stores_query_agree_for_every_role(team, rep_id, sees):
    rep = team.rep(rep_id)
    assert isinstance(rep, Rep)
    in_python = {c.customer_id for c in team.all_customers() if rep.may_see(c)}
    in_sql = {c.customer_id for c in team.customers_visible_to(rep)}
    assert in_python == in_sql == sees
    hidden = {c.customer_id for c in team.customer_names(rep, visible=False)}
    assert hidden == EVERYONE - sees
    accounts = {a.customer.customer_id for a in team.accounts_visible_to(rep, TODAY)}
    assert accounts == sees


@pytest.mark.parametrize(
    "rep_id, oversees",
    [
        ("R1", {"R1"}),
        ("T1", {"T1"}),
        ("M1", {"M1", "R1", "T1"}),
        ("M2", {"M2", "R2"}),
        ("M3", {"M1", "M2", "M3", "R1", "R2", "R3", "T1"}),
    ],
)
def test_whose_work_a_rep_oversees(team, rep_id, oversees):
    rep = team.rep(rep_id)
    assert {r.rep_id for r in team.reps() if rep.oversees(r.rep_id)} == oversees
    assert rep.sees_everyone == (rep_id == "M3")


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
