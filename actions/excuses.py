"""Actions for debtor excuses: the verdict, more tactics, and asking again when unsure."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dunning_coach import coach, config, playbook
from dunning_coach.db import AccountStore
from dunning_coach.models import Customer, Rep

from actions.base import AccountAction, entities, entity, said, send


class ActionRespondExcuse(AccountAction):
    follows_named_customer = True

    def name(self) -> Text:
        return "action_respond_excuse"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        intent = tracker.latest_message["intent"]["name"]
        outcome = coach.respond_to_excuse(
            store, rep, tracker.get_slot("customer_id"), intent, said(tracker),
            entities(tracker), config.today(), playbook.load())
        send(dispatcher, outcome.reply)
        return [SlotSet("last_excuse", intent)]


class ActionShowTactics(AccountAction):
    follows_named_customer = True

    def name(self) -> Text:
        return "action_show_tactics"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        intent = entity(tracker, "excuse") or tracker.get_slot("last_excuse")
        send(dispatcher, coach.more_tactics(store, rep, tracker.get_slot("customer_id"), intent,
                                            config.today(), playbook.load()))
        return []


class ActionAskRephrase(AccountAction):
    """A message the classifier was unsure of: if it names a customer ("now visiting
    Meridian"), that customer is selected; otherwise ask again, offering the likeliest excuses."""

    follows_named_customer = True
    retried_intent = "select_customer"

    def name(self) -> Text:
        return "action_ask_rephrase"

    def answer_named(self, store: AccountStore, customer: Customer,
                     dispatcher: CollectingDispatcher) -> bool:
        send(dispatcher, coach.selected(store, customer, config.today(), playbook.load()).reply)
        return True

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        send(dispatcher, coach.rephrase(ranking, playbook.load()))
        return []
