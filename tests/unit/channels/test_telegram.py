"""channels/telegram.py: message chunks and the reply keyboard's memory of button titles."""

from __future__ import annotations

from channels.telegram import MESSAGE_CHARS, Keyboards, chunks


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
