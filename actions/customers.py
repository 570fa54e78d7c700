"""Actions about the customer in front of the rep: choosing it and showing its account."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dunning_coach import coach, collection, config, playbook
from dunning_coach.db import AccountStore
from dunning_coach.models import Rep

from actions.base import AccountAction, entity, send


class ActionSelectCustomer(AccountAction):
    def name(self) -> Text:
        return "action_select_customer"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        outcome = coach.select_customer(store, rep, text, entity(tracker, "customer_id"),
                                        config.today(), playbook.load())
        send(dispatcher, outcome.reply)
        if not outcome.customer_id:
            return []
        events = [SlotSet("customer_id", outcome.customer_id)]
        # A note or warning sign sent before a customer was chosen is saved now.
        pending = tracker.get_slot("pending_record")
        if isinstance(pending, dict) and pending.get("intent"):
            recorded = collection.record(store, rep, outcome.customer_id, pending["intent"],
                                         pending.get("text", ""), config.today(), playbook.load())
            send(dispatcher, recorded.reply)
            events.append(SlotSet("pending_record", None))
        return events


class ActionShowAccount(AccountAction):
    follows_named_customer = True

    def name(self) -> Text:
        return "action_show_account"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        send(dispatcher, coach.account_summary(store, rep, tracker.get_slot("customer_id"),
                                               config.today(), playbook.load()))
        return []
