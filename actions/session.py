"""Who is writing: looked up once per session, so senders the reps table does not know get
only the registration answer (components/sender_gate_policy.py) for the whole session."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import known_rep
from dunning_coach.accounts import shared_store
from dunning_coach.common import environment
from dunning_coach.common.rasa_names import ActionName, Slot
from dunning_coach.language import messages
from dunning_coach.language.languages import Language


def _channel(tracker: Tracker) -> str | None:
    """The channel of the message that opened the session: our channels put it in the
    metadata, because the user event that names it is logged only after the session starts."""
    metadata = tracker.get_slot(Slot.SESSION_STARTED_METADATA) or {}
    return metadata.get("channel") if isinstance(metadata, dict) else None


class ActionSessionStart(Action):
    def name(self) -> str:
        return ActionName.SESSION_START

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with shared_store.turn_store(environment.turn_write_wait_s()) as store:
            rep = store.rep_for_sender(_channel(tracker), tracker.sender_id)
        events = [SessionStarted(), SlotSet(Slot.REGISTERED, rep is not None)]
        if rep is not None:
            # Rasa's own responses answer in it until a message tells another language.
            events.append(SlotSet(Slot.LANGUAGE, rep.language))
        return [*events, ActionExecuted("action_listen")]


class ActionExplainRegistration(Action):
    def name(self) -> str:
        return ActionName.EXPLAIN_REGISTRATION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with shared_store.turn_store(environment.turn_write_wait_s()) as store:
            rep = known_rep(store, tracker, dispatcher)
        if rep is None:
            return []
        # Added to the reps table since the session began: let them in from the next message.
        language = Language(rep.language)
        dispatcher.utter_message(
            text=messages.text("account.registered_now", language, name=rep.name)
        )
        return [SlotSet(Slot.REGISTERED, True)]
