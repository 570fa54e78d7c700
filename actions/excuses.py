"""Actions for debtor excuses: the verdict, more tactics, and asking again when unsure."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AccountAction, Events, entities, entity, intent, said, send
from dunning_coach.accounts.models import Customer
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import account_turns
from dunning_coach.common.rasa_names import ActionName, Entity, Intent, Slot
from dunning_coach.excuses import turns


class ActionRespondExcuse(AccountAction):
    follows_named_customer = True

    def name(self) -> str:
        return ActionName.RESPOND_EXCUSE

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        excuse = intent(tracker) or ""
        result = turns.respond_to_excuse(turn, excuse, said(tracker), entities(tracker))
        send(dispatcher, result.reply)
        return [SlotSet(Slot.LAST_EXCUSE, excuse)]


class ActionShowTactics(AccountAction):
    follows_named_customer = True

    def name(self) -> str:
        return ActionName.SHOW_TACTICS

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        excuse = entity(tracker, Entity.EXCUSE) or tracker.get_slot(Slot.LAST_EXCUSE)
        send(dispatcher, turns.more_tactics(turn, excuse))
        return []


class ActionAskRephrase(AccountAction):
    """A message the classifier was unsure of: if it names a customer ("now visiting
    Meridian"), that customer is selected; otherwise ask again, offering the likeliest excuses."""

    follows_named_customer = True
    retried_intent = Intent.SELECT_CUSTOMER

    def name(self) -> str:
        return ActionName.ASK_REPHRASE

    def answer_named(
        self, turn: TurnContext, customer: Customer, dispatcher: CollectingDispatcher
    ) -> bool:
        send(dispatcher, account_turns.selected(turn, customer).reply)
        return True

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        ranking = tracker.latest_message.get("intent_ranking") or []
        send(dispatcher, turns.rephrase(turn, ranking))
        return []
