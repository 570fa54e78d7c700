"""channels/seen.py: a platform's retry of a delivery is taken once, on one server or several."""

from __future__ import annotations

from channels.seen import SHARED_SECONDS, SeenDeliveries
from tests.unit.channels.redis_stand_in import RedisStandIn


def test_an_id_is_new_once():
    seen = SeenDeliveries("slack")
    assert seen.first_time("Ev1") and not seen.first_time("Ev1") and seen.first_time("Ev2")


def test_only_the_latest_ids_are_remembered():
    seen = SeenDeliveries("slack", size=2)
    for delivery in ("a", "b", "c"):
        assert seen.first_time(delivery)
    assert not seen.first_time("c") and not seen.first_time("b")
    assert seen.first_time("a")  # forgotten: the oldest went when "c" came


def test_shared_ids_are_taken_once_across_servers_and_channels_keep_apart():
    redis = RedisStandIn()
    server_a, server_b = SeenDeliveries("slack"), SeenDeliveries("slack")
    telegram = SeenDeliveries("telegram")
    for seen in (server_a, server_b, telegram):
        seen.share(redis)
    assert server_a.first_time("Ev1")
    assert not server_b.first_time("Ev1") and not server_a.first_time("Ev1")
    assert telegram.first_time("Ev1")  # another channel's id space
    assert set(redis.expiry.values()) == {SHARED_SECONDS}
