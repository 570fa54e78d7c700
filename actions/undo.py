"""The Undo button under a reply that recorded something: that one record removed again."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AccountAction, Events, entity, send
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import undo
from dunning_coach.common.rasa_names import ActionName, Entity


class ActionUndoRecord(AccountAction):
    def name(self) -> str:
        return ActionName.UNDO_RECORD

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        send(dispatcher, undo.undo_turn(turn, entity(tracker, Entity.RECORD_ID)))
        return []
