"""channels/webchat.py: what a reload of the web chat shows."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from channels.webchat import history


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
    assert history(events) == [
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
