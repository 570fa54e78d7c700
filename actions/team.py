"""The team's figures: every team_* intent (config.yml routes the family here)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AccountAction, Events, entity, intent, send, typed
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.common.rasa_names import ActionName, Entity, Intent
from dunning_coach.team import turns


class ActionShowTeamFigures(AccountAction):
    def name(self) -> str:
        return ActionName.SHOW_TEAM_FIGURES

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        asked = intent(tracker) or Intent.TEAM_OVERVIEW
        send(dispatcher, turns.answer(turn, asked, entity(tracker, Entity.REP_ID), typed(tracker)))
        return []
