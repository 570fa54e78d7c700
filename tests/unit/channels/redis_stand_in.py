"""A stand-in for the two redis-py calls the channels make (SET with NX and EX, GET), for unit
tests; the real Redis path is tested by tests/e2e/test_scale_out.py."""

from __future__ import annotations


class RedisStandIn:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.expiry: dict[str, int | None] = {}

    def set(self, name: str, value: str, ex: int | None = None, nx: bool = False) -> bool | None:
        if nx and name in self.values:
            return None  # redis-py's answer when NX finds the key
        self.values[name], self.expiry[name] = value, ex
        return True

    def get(self, name: str) -> bytes | None:
        value = self.values.get(name)
        return value.encode() if value is not None else None  # redis-py returns bytes
