"""accounts/access.py: the customer a rep may open, and the customer a message names."""

from __future__ import annotations

import pytest

from dunning_coach.accounts import access


@pytest.fixture
def store(build):
    build.customer("C1", "R1", name="Harbor Hotel Group")
    build.customer("C2", "R2", name="Meridian Hypermarket")
    build.customer("C3", "R1", name="Harbor Lights Cafe")
    return build.store


def test_a_rep_opens_only_their_own_customer(store):
    r1 = store.rep("R1")
    assert access.visible_customer(store, r1, "C1").name == "Harbor Hotel Group"
    assert access.visible_customer(store, r1, "C2") is None
    assert access.visible_customer(store, r1, "NOPE") is None
    assert access.visible_customer(store, r1, None) is None


def test_another_reps_customer_named_clearly_is_refused_with_nothing_about_it(store):
    naming = access.find_customer(store, store.rep("R1"), "Meridian Hypermarket", explicit=True)
    assert naming == access.Naming(refused=True)


def test_a_name_two_of_mine_share_is_a_choice_not_a_guess(store):
    naming = access.find_customer(store, store.rep("R1"), "harbor", explicit=True)
    assert naming.customer is None and {c.customer_id for c in naming.choices} == {"C1", "C3"}


def test_a_tapped_button_for_another_reps_customer_is_refused(store):
    r1 = store.rep("R1")
    assert access.named_in(store, r1, "/respond", "C2").refused
    assert access.named_in(store, r1, "/respond", "C1").customer.customer_id == "C1"
    assert access.named_in(store, r1, "/respond", None) == access.Naming()


def test_a_manager_with_a_team_is_refused_another_teams_customer(store, build):
    build.rep("M1", role="manager")
    build.rep("R1", manager_id="M1")
    manager = store.rep("M1")
    assert access.visible_customer(store, manager, "C1").customer_id == "C1"
    assert access.visible_customer(store, manager, "C2") is None
    named = access.find_customer(store, manager, "Meridian Hypermarket", explicit=True)
    assert named == access.Naming(refused=True)
    assert access.named_in(store, manager, "/respond", "C2").refused


def test_a_manager_without_a_team_opens_every_customer(store, build):
    build.rep("M1", role="manager")
    manager = store.rep("M1")
    named = access.find_customer(store, manager, "Meridian Hypermarket", explicit=True)
    assert named.customer.customer_id == "C2"
    assert access.visible_customer(store, manager, "C1").customer_id == "C1"


def test_a_trainee_opens_only_demo_customers(store, build):
    build.customer("D1", "R2", name="Demo Diner", demo=1)
    build.rep("T1", role="trainee")
    trainee = store.rep("T1")
    assert access.visible_customer(store, trainee, "D1").customer_id == "D1"
    assert access.visible_customer(store, trainee, "C1") is None
    named = access.find_customer(store, trainee, "Harbor Hotel Group", explicit=True)
    assert named == access.Naming(refused=True)
