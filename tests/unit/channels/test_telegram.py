"""channels/telegram.py: message chunks and the reply keyboard's memory of button titles."""

from __future__ import annotations

from channels.telegram import MESSAGE_CHARS, Keyboards, chunks
from tests.unit.channels.redis_stand_in import RedisStandIn


def test_long_replies_are_cut_at_line_breaks_within_telegrams_limit():
    text = "\n".join("y" * 99 for _ in range(100))
    parts = chunks(text)
    assert len(parts) == 3 and all(len(p) <= MESSAGE_CHARS for p in parts)
    assert "\n".join(parts) == text


def test_a_tapped_title_becomes_its_payload_only_in_the_chat_it_was_offered_in():
    keyboards = Keyboards()
    keyboards.offer("1", [{"title": "Open invoices", "payload": "/show_account"}])
    assert keyboards.read("1", "Open invoices") == "/show_account"
    assert keyboards.read("2", "Open invoices") == "Open invoices"
    assert keyboards.read("1", "they will pay friday") == "they will pay friday"


def test_a_shared_keyboard_is_read_on_another_server():
    redis = RedisStandIn()
    offered_on, tapped_on = Keyboards(), Keyboards()
    offered_on.share(redis)
    tapped_on.share(redis)
    offered_on.offer("1", [{"title": "More tactics", "payload": "/more_tactics"}])
    assert tapped_on.read("1", "More tactics ") == "/more_tactics"
    assert tapped_on.read("2", "More tactics") == "More tactics"
    offered_on.offer("1", [{"title": "Stop", "payload": "/stop"}])  # the newest keyboard only
    assert tapped_on.read("1", "More tactics") == "More tactics"
