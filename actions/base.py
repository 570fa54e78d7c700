"""What every account action shares: a database per run, the rep behind the sender, replies."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dunning_coach import coach, render
from dunning_coach.db import AccountStore
from dunning_coach.models import Customer, Rep
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

    # Actions about the customer in front of the rep set this: a customer the message names
    # ("at Meridian, they say the cheque is in the post") is selected before the action's work.
    follows_named_customer = False
    # The intent that the buttons of a choice between named customers send again, with the
    # customer; None: the intent of this message (an excuse is then answered for the one tapped).
    retried_intent: Optional[str] = None

    @abstractmethod
    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        """The action's work for a known rep; returns the events to apply."""

    def answer_named(self, store: AccountStore, customer: Customer,
                     dispatcher: CollectingDispatcher) -> bool:
        """The message switched to `customer`: say so. True when that answers the turn."""
        send(dispatcher, render.now_with(customer))
        return False

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        with AccountStore() as store:
            channel = tracker.get_latest_input_channel()
            rep = store.rep_for_sender(channel, tracker.sender_id)
            if rep is None:
                send(dispatcher, coach.unregistered(channel, tracker.sender_id))
                return []
            events: List[Dict[Text, Any]] = []
            if self.follows_named_customer:
                naming = coach.named_in(store, rep, tracker.latest_message.get("text") or "",
                                        entity(tracker, "customer_id"))
                if naming.refused:
                    send(dispatcher, coach.REFUSED)
                    return []
                if naming.choices:
                    intent = self.retried_intent or tracker.latest_message["intent"]["name"]
                    send(dispatcher, render.choose_customer(naming.choices, said(tracker), intent))
                    return []
                chosen = naming.customer
                if chosen is not None and chosen.customer_id != tracker.get_slot("customer_id"):
                    events.append(SlotSet("customer_id", chosen.customer_id))
                    # The rest of this run acts for the customer just named, as Rasa will once
                    # it applies the event.
                    tracker.slots["customer_id"] = chosen.customer_id
                    if self.answer_named(store, chosen, dispatcher):
                        return events
            return events + self.act(store, rep, dispatcher, tracker)
