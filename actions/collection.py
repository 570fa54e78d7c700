"""Actions for planning and recording: promises due, the day's plan, notes, warning signs."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dunning_coach import collection, config, playbook, settings
from dunning_coach.db import AccountStore
from dunning_coach.models import Rep

from actions.base import AccountAction, entity, said, send


class ActionListPromisesDue(AccountAction):
    def name(self) -> Text:
        return "action_list_promises_due"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        send(dispatcher, collection.promises_due(store, rep, said(tracker), entity(tracker, "period"),
                                                 config.today(), settings.load()))
        return []


class ActionShowDayPlan(AccountAction):
    def name(self) -> Text:
        return "action_show_day_plan"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        send(dispatcher, collection.day_plan(store, rep, config.today(), playbook.load(),
                                             settings.load()))
        return []


class ActionRecordVisit(AccountAction):
    """A note ("Note: …") or a warning sign the rep saw ("their buyer just left")."""

    follows_named_customer = True

    def name(self) -> Text:
        return "action_record_visit"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        intent = tracker.latest_message["intent"]["name"]
        recorded = collection.record(store, rep, tracker.get_slot("customer_id"), intent,
                                     said(tracker), config.today(), playbook.load())
        send(dispatcher, recorded.reply)
        return [SlotSet("pending_record", recorded.pending)]
