"""Actions about the customer in front of the rep: choosing it and showing its account."""

from __future__ import annotations

import dataclasses

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AccountAction, Events, entity, send
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import account_turns
from dunning_coach.collection import turns as collection_turns
from dunning_coach.common.rasa_names import ActionName, Entity, Slot


class ActionSelectCustomer(AccountAction):
    def name(self) -> str:
        return ActionName.SELECT_CUSTOMER

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        text = tracker.latest_message.get("text") or ""
        result = account_turns.select_customer(turn, text, entity(tracker, Entity.CUSTOMER_ID))
        send(dispatcher, result.reply)
        if not result.customer_id:
            return []
        events: Events = [SlotSet(Slot.CUSTOMER_ID, result.customer_id)]
        # A note or warning sign sent before a customer was chosen is saved now.
        pending = tracker.get_slot(Slot.PENDING_RECORD)
        if isinstance(pending, dict) and pending.get("intent"):
            chosen = dataclasses.replace(turn, customer_id=result.customer_id)
            recorded = collection_turns.record(chosen, pending["intent"], pending.get("text", ""))
            send(dispatcher, recorded.reply)
            events.append(SlotSet(Slot.PENDING_RECORD, None))
        return events


class ActionShowAccount(AccountAction):
    follows_named_customer = True

    def name(self) -> str:
        return ActionName.SHOW_ACCOUNT

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        send(dispatcher, account_turns.account_summary(turn))
        return []
