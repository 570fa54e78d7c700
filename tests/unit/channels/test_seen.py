"""channels/seen.py: a platform's retry of a delivery is taken once."""

from __future__ import annotations

from channels.seen import SeenDeliveries


def test_an_id_is_new_once():
    seen = SeenDeliveries()
    assert seen.first_time("Ev1") and not seen.first_time("Ev1") and seen.first_time("Ev2")


def test_only_the_latest_ids_are_remembered():
    seen = SeenDeliveries(size=2)
    for delivery in ("a", "b", "c"):
        assert seen.first_time(delivery)
    assert not seen.first_time("c") and not seen.first_time("b")
    assert seen.first_time("a")  # forgotten: the oldest went when "c" came
