"""What every account action shares: a database per run, the rep behind the sender, replies."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from dunning_coach import coach
from dunning_coach.db import AccountStore
from dunning_coach.models import Rep
from dunning_coach.render import Reply


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(text=reply.text, buttons=[b.as_dict() for b in reply.buttons] or None)


def said(tracker: Tracker) -> str:
    """What the rep typed; for a button press ("/intent{...}"), the last thing they typed."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            text = (event.get("text") or "").strip()
            if text and not text.startswith("/"):
                return text
    return (tracker.latest_message.get("text") or "").strip()


def entities(tracker: Tracker) -> List[Dict[Text, Any]]:
    return list(tracker.latest_message.get("entities") or [])


def entity(tracker: Tracker, name: str) -> Optional[str]:
    return next((str(e["value"]) for e in entities(tracker) if e.get("entity") == name), None)


class AccountAction(Action, ABC):
    """Opens the account database for one run and answers unknown senders without any data."""

    @abstractmethod
    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        """The action's work for a known rep; returns the events to apply."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        with AccountStore() as store:
            channel = tracker.get_latest_input_channel()
            rep = store.rep_for_sender(channel, tracker.sender_id)
            if rep is None:
                send(dispatcher, coach.unregistered(channel, tracker.sender_id))
                return []
            return self.act(store, rep, dispatcher, tracker)
