"""Role-play training: `roleplay_form` keeps the round going, one trainee reply per turn.

`validate_roleplay_form` starts the round on activation and judges every reply after it;
`action_ask_roleplay_reply` shows the feedback and the debtor's next line; when the round ends
(stop, the debtor agrees to pay, or out of turns) `action_finish_roleplay` stores it and shows
the scorecard. The round itself is one slot, so a restarted server continues it.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AccountAction, Events, entities, intent, resuming, send
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.common.rasa_names import ActionName, Form, Intent, Slot
from dunning_coach.training import replies, turns
from dunning_coach.training.roleplay import Round


def _round(tracker: Tracker) -> Round | None:
    return Round.from_slot(tracker.get_slot(Slot.ROLEPLAY))


class ValidateRoleplayForm(AccountAction):
    """Reads every message itself and never rejects, like the promise form."""

    def name(self) -> str:
        return ActionName.VALIDATE_ROLEPLAY_FORM

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        current = _round(tracker)
        if current is not None and not current.finished:
            if intent(tracker) == Intent.UNDO_RECORD:
                # An Undo under an earlier reply is no line of the trainee's: the form rejects
                # it, action_undo_record answers it, and the form runs again (below).
                return []
            if resuming(tracker, Form.ROLEPLAY):
                # Back after that answer: the debtor's line again, the round as it was.
                return [SlotSet(Slot.REQUESTED_SLOT, Slot.ROLEPLAY_REPLY)]
        if current is None or current.finished:
            started = turns.begin(turn, text, entities(tracker))
            if started.round is None:
                send(dispatcher, started.reply)
                return [SlotSet(Slot.ROLEPLAY, None), SlotSet(Slot.REQUESTED_SLOT, None)]
            return [
                SlotSet(Slot.ROLEPLAY, started.round.to_slot()),
                SlotSet(Slot.REQUESTED_SLOT, Slot.ROLEPLAY_REPLY),
            ]
        played = turns.play(turn, current, text, intent(tracker))
        return [
            SlotSet(Slot.ROLEPLAY, played.to_slot()),
            SlotSet(Slot.REQUESTED_SLOT, None if played.finished else Slot.ROLEPLAY_REPLY),
        ]


class ActionAskRoleplayReply(Action):
    """Renders the round the validation just judged: it reads only the slot, so it opens no
    database (a role-play turn makes two action calls; the excuse turn one)."""

    def name(self) -> str:
        return ActionName.ASK_ROLEPLAY_REPLY

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        current = _round(tracker)
        if current is not None:
            book = turns.book(current)
            send(
                dispatcher,
                replies.turn(book, current) if current.turns else replies.opening(book, current),
            )
        return []


class ActionFinishRoleplay(AccountAction):
    def name(self) -> str:
        return ActionName.FINISH_ROLEPLAY

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        current = _round(tracker)
        if current is not None:
            send(dispatcher, turns.finish(turn, current))
        return [SlotSet(Slot.ROLEPLAY, None), SlotSet(Slot.ROLEPLAY_REPLY, None)]


class ActionShowProgress(AccountAction):
    def name(self) -> str:
        return ActionName.SHOW_PROGRESS

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        send(dispatcher, turns.progress(turn))
        return []


class ActionShowLeaderboard(AccountAction):
    def name(self) -> str:
        return ActionName.SHOW_LEADERBOARD

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        send(dispatcher, turns.leaderboard(turn))
        return []
