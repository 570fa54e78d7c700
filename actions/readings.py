"""The action asking which reading a message meant before anything is recorded from it."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AccountAction, Events, send
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.common.rasa_names import ActionName
from dunning_coach.nlu import readings
from dunning_coach.nlu.reading_question import question


class ActionAskReading(AccountAction):
    # "At Meridian, they say…": Meridian is selected now, so the button's answer is for it.
    follows_named_customer = True

    def name(self) -> str:
        return ActionName.ASK_READING

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        ranked = readings.ranked(tracker.latest_message.get("intent_ranking") or [])
        if not ranked:  # the policy asks only about a ranked message; never send nothing
            ranked = readings.ranked([tracker.latest_message.get("intent") or {}])
        top = ranked[0] if ranked else readings.Reading("nlu_fallback", 0.0)
        second = ranked[1] if len(ranked) > 1 else None
        send(dispatcher, question(turn.playbook, top, second, turn.language))
        return []
