"""Actions for planning and recording: promises due, the day's plan, notes, warning signs."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AccountAction, Events, entity, intent, said, send, typed
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import turns
from dunning_coach.common.rasa_names import ActionName, Entity, Slot


class ActionListPromisesDue(AccountAction):
    def name(self) -> str:
        return ActionName.LIST_PROMISES_DUE

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        # Typed words are read whole; a button says what it asks in its period entity.
        asked = typed(tracker) or entity(tracker, Entity.PERIOD) or ""
        send(dispatcher, turns.promises_due(turn, asked))
        return []


class ActionShowDayPlan(AccountAction):
    def name(self) -> str:
        return ActionName.SHOW_DAY_PLAN

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        send(dispatcher, turns.day_plan(turn))
        return []


class ActionRecordVisit(AccountAction):
    """A note ("Note: …") or a warning sign the rep saw ("their buyer just left")."""

    follows_named_customer = True

    def name(self) -> str:
        return ActionName.RECORD_VISIT

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        recorded = turns.record(turn, intent(tracker) or "", said(tracker))
        send(dispatcher, recorded.reply)
        return [SlotSet(Slot.PENDING_RECORD, recorded.pending)]
