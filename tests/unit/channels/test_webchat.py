"""channels/webchat.py: what a reload of the web chat shows."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from channels.webchat import history, shaped


def test_history_shows_a_pressed_button_as_its_title_and_keeps_the_buttons():
    events = [
        UserUttered("hi"),
        ActionExecuted("utter_greet"),
        BotUttered(
            "Pick one", {"buttons": [{"title": "Open invoices", "payload": "/show_account"}]}
        ),
        UserUttered("/show_account"),
        BotUttered("Northwind: €1,000 open"),
    ]
    shown = [{k: v for k, v in m.items() if k != "lines"} for m in history(events)]
    assert shown == [
        {"from": "rep", "text": "hi"},
        {
            "from": "bot",
            "text": "Pick one",
            "buttons": [{"title": "Open invoices", "payload": "/show_account"}],
        },
        {"from": "rep", "text": "Open invoices"},
        {"from": "bot", "text": "Northwind: €1,000 open", "buttons": []},
    ]
    assert len(history(events * 100, limit=7)) == 7


def test_a_verdict_reply_is_shaped_for_the_page_with_every_part_as_text():
    text = "\n".join(
        [
            "Cash is tight right now: Likely excuse",
            "• <b>Acme</b> *Ltd* paid late",
            "Do:",
            "1. Ask for a part payment",
            "Say: Can we settle <script> today?",
        ]
    )
    assert shaped(text) == [
        {
            "kind": "verdict",
            "before": "Cash is tight right now: ",
            "label": "Likely excuse",
            "after": "",
            "tone": "excuse",
        },
        {"kind": "bullet", "text": "<b>Acme</b> *Ltd* paid late"},
        {"kind": "heading", "text": "Do:"},
        {"kind": "step", "number": 1, "text": "Ask for a part payment"},
        {"kind": "say", "lead": "Say:", "text": "Can we settle <script> today?"},
    ]
