"""Role-play training: `roleplay_form` keeps the round going, one trainee reply per turn.

`validate_roleplay_form` starts the round on activation and judges every reply after it;
`action_ask_roleplay_reply` shows the feedback and the debtor's next line; when the round ends
(stop, the debtor agrees to pay, or out of turns) `action_finish_roleplay` stores it and shows
the scorecard. The round itself is one slot, so a restarted server continues it.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dunning_coach import config, playbook, render_roleplay, training
from dunning_coach.db import AccountStore
from dunning_coach.models import Rep
from dunning_coach.roleplay import Round

from actions.base import AccountAction, entities, send

SLOT = "roleplay"
REPLY_SLOT = "roleplay_reply"


def _round(tracker: Tracker) -> Optional[Round]:
    return Round.from_slot(tracker.get_slot(SLOT))


class ValidateRoleplayForm(AccountAction):
    """Reads every message itself and never rejects, like the promise form."""

    def name(self) -> Text:
        return "validate_roleplay_form"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        text = (message.get("text") or "").strip()
        current = _round(tracker)
        if current is None or current.finished:
            started = training.begin(store, rep, text, entities(tracker), playbook.load(),
                                     config.today())
            if started.round is None:
                send(dispatcher, started.reply)
                return [SlotSet(SLOT, None), SlotSet("requested_slot", None)]
            return [SlotSet(SLOT, started.round.to_slot()), SlotSet("requested_slot", REPLY_SLOT)]
        played = training.play(current, text, (message.get("intent") or {}).get("name"),
                               entities(tracker), playbook.load(), config.today())
        return [SlotSet(SLOT, played.to_slot()),
                SlotSet("requested_slot", None if played.finished else REPLY_SLOT)]


class ActionAskRoleplayReply(AccountAction):
    def name(self) -> Text:
        return f"action_ask_{REPLY_SLOT}"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        current = _round(tracker)
        if current is not None:
            rules = playbook.load()
            send(dispatcher, render_roleplay.turn(rules, current) if current.turns
                 else render_roleplay.opening(rules, current))
        return []


class ActionFinishRoleplay(AccountAction):
    def name(self) -> Text:
        return "action_finish_roleplay"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        current = _round(tracker)
        if current is not None:
            send(dispatcher, training.finish(store, rep, current, playbook.load(), config.today()))
        return [SlotSet(SLOT, None), SlotSet(REPLY_SLOT, None)]


class ActionShowProgress(AccountAction):
    def name(self) -> Text:
        return "action_show_progress"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        send(dispatcher, training.progress(store, rep, playbook.load()))
        return []


class ActionShowLeaderboard(AccountAction):
    def name(self) -> Text:
        return "action_show_leaderboard"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        send(dispatcher, training.leaderboard(store, rep, playbook.load()))
        return []
