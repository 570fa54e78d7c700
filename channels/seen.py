"""Delivery ids already taken, so a platform's retry of a message is never answered twice."""

from __future__ import annotations

from collections import OrderedDict

REMEMBERED = 10_000  # ids kept; retries come within minutes, so this is hours of traffic


class SeenDeliveries:
    def __init__(self, size: int = REMEMBERED) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def first_time(self, delivery_id: str) -> bool:
        """True the first time an id is offered, False on every later offer."""
        if delivery_id in self._ids:
            return False
        self._ids[delivery_id] = None
        while len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True
