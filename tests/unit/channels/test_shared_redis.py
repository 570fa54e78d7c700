"""channels/shared_redis.py: the channels share the lock store's Redis, and only that."""

from __future__ import annotations

from types import SimpleNamespace

from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

from channels import shared_redis


def app_with(lock_store) -> SimpleNamespace:
    return SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(lock_store=lock_store)))


def test_a_redis_lock_store_lends_its_client():
    lock_store = RedisLockStore(host="127.0.0.1", port=1)  # no connection until a command
    assert shared_redis.of(app_with(lock_store)) is lock_store.red


def test_one_server_keeps_everything_in_process():
    assert shared_redis.of(app_with(InMemoryLockStore())) is None
    assert shared_redis.of(SimpleNamespace(ctx=SimpleNamespace())) is None  # no agent yet
    assert shared_redis.of(None) is None
