"""Role-play training: `roleplay_form` keeps the round going, one trainee reply per turn.

`validate_roleplay_form` starts the round on activation and judges every reply after it, and
shows the feedback and the debtor's next line itself: the form has no ask action, so a reply
costs one action call, not two (Rasa asks nothing when no `action_ask_`/`utter_ask_` exists).
When the round ends (stop, the debtor agrees to pay, or out of turns) `action_finish_roleplay`
stores it and shows the scorecard. The round itself is one slot, so a restarted server continues
it.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AccountAction, Events, entities, given_up, intent, resuming, send
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.common import environment
from dunning_coach.common.rasa_names import ActionName, Form, Intent, Slot
from dunning_coach.training import replies, turns
from dunning_coach.training.roleplay import Round


def _text(tracker: Tracker) -> str:
    """The message as it came, a button's payload included (ending a round is one)."""
    return ((tracker.latest_message or {}).get("text") or "").strip()


def _round(tracker: Tracker) -> Round | None:
    return Round.from_slot(tracker.get_slot(Slot.ROLEPLAY))


class ValidateRoleplayForm(AccountAction):
    """Reads every message itself and never rejects, like the promise form. Only starting a
    round needs the ledger (the rep, the customer the debtor is modelled on); a reply inside a
    round is judged from the slot alone, without opening the database."""

    def name(self) -> str:
        return ActionName.VALIDATE_ROLEPLAY_FORM

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        current = _round(tracker)
        if current is None or current.finished:
            return await super().run(dispatcher, tracker, domain)
        if given_up(self, tracker):
            return []
        if intent(tracker) == Intent.UNDO_RECORD:
            # An Undo under an earlier reply is no line of the trainee's: the form rejects it,
            # action_undo_record answers it, and the form runs again (below).
            return []
        if not resuming(tracker, Form.ROLEPLAY):
            # Back after that answer the round stays as it was and the debtor's line is shown
            # again; otherwise this message is the trainee's reply.
            current = turns.play(environment.today(), current, _text(tracker), intent(tracker))
        if current.finished:
            return [SlotSet(Slot.ROLEPLAY, current.to_slot()), SlotSet(Slot.REQUESTED_SLOT, None)]
        _show(dispatcher, current)
        return [
            SlotSet(Slot.ROLEPLAY, current.to_slot()),
            SlotSet(Slot.REQUESTED_SLOT, Slot.ROLEPLAY_REPLY),
        ]

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        """Starts a round (the form's activation, or a new round asked for after one ended)."""
        started = turns.begin(turn, _text(tracker), entities(tracker))
        if started.round is None:
            send(dispatcher, started.reply)
            return [SlotSet(Slot.ROLEPLAY, None), SlotSet(Slot.REQUESTED_SLOT, None)]
        _show(dispatcher, started.round)
        return [
            SlotSet(Slot.ROLEPLAY, started.round.to_slot()),
            SlotSet(Slot.REQUESTED_SLOT, Slot.ROLEPLAY_REPLY),
        ]


def _show(dispatcher: CollectingDispatcher, current: Round) -> None:
    """The opening of a round, or the feedback on the latest reply and the debtor's next line."""
    book = turns.book(current)
    send(
        dispatcher, replies.turn(book, current) if current.turns else replies.opening(book, current)
    )


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
