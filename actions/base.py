"""What every account action shares: a database per run, the rep behind the sender, the turn's
context built once, and replies."""

from __future__ import annotations

import dataclasses
import logging
import time
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ACTION_LISTEN_NAME

from dunning_coach.accounts import access, shared_store
from dunning_coach.accounts import replies as account_replies
from dunning_coach.accounts.models import Customer, Rep
from dunning_coach.accounts.store import AccountStore
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.common import environment, settings
from dunning_coach.common.rasa_names import Entity, Slot
from dunning_coach.common.reply import Reply
from dunning_coach.language import languages
from dunning_coach.language.languages import Language

Events = list[dict[str, Any]]
logger = logging.getLogger(__name__)


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(**reply.as_message())


def said(tracker: Tracker) -> str:
    """What the rep typed; for a button press ("/intent{...}"), the last thing they typed."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            text = (event.get("text") or "").strip()
            if text and not text.startswith("/"):
                return text
    return (tracker.latest_message.get("text") or "").strip()


def abandoned(tracker: Tracker, now: float, timeout_s: float) -> bool:
    """Whether Rasa has given up on this call. Rasa calls an action right after logging the turn's
    latest event and waits `timeout_s` for it; a call reaching us later (a stalled action server
    catching up) was answered without us, with "nothing was saved", so it must change nothing.
    Rasa and the action server must share a clock (both on NTP)."""
    # Events are in the order Rasa logged them: the last stamped one is the latest, found
    # without reading a long session's whole history.
    latest = next(
        (
            e["timestamp"]
            for e in reversed(tracker.events)
            if isinstance(e.get("timestamp"), int | float)
        ),
        None,
    )
    return latest is not None and now - latest > timeout_s


def given_up(action: Action, tracker: Tracker) -> bool:
    """Whether Rasa gave up on this call (`abandoned`); logged, as the call then does nothing."""
    if not abandoned(tracker, time.time(), environment.action_timeout_s()):
        return False
    logger.warning(
        "%s for %s arrived after Rasa gave up on it; nothing done.",
        action.name(),
        tracker.sender_id,
    )
    return True


def resuming(tracker: Tracker, form: str) -> bool:
    """Whether `form` validates after another action answered a message it rejected, rather
    than a message of the rep's. Rasa validates on a copy of the tracker that ends with the
    form's own run; before it comes action_listen for a new message, any other action when
    the form comes back."""
    ran = [e.get("name") for e in tracker.events if e.get("event") == "action"]
    if ran and ran[-1] == form:
        ran.pop()
    return bool(ran) and ran[-1] != ACTION_LISTEN_NAME


def intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def entities(tracker: Tracker) -> list[dict[str, Any]]:
    return list(tracker.latest_message.get("entities") or [])


def entity(tracker: Tracker, name: str) -> str | None:
    return next((str(e["value"]) for e in entities(tracker) if e.get("entity") == name), None)


def typed(tracker: Tracker) -> str:
    """The latest message as the rep typed it; "" for a button press, which carries its meaning
    in its intent and entities ("/intent{...}")."""
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text


def _conversation_language(tracker: Tracker, rep: Rep) -> str:
    """The language the conversation is in so far: the last one told, else the rep's own."""
    return tracker.get_slot(Slot.LANGUAGE) or rep.language


def spoken_language(tracker: Tracker, rep: Rep) -> Language:
    """The language of the rep's latest typed message; a button press, or a message too short to
    tell, keeps the conversation's language."""
    current = languages.known(_conversation_language(tracker, rep))
    return languages.detect(typed(tracker), current)


def guessed(tracker: Tracker) -> Language:
    """The language of a sender the reps table does not know: the one their message is in."""
    return languages.detect(typed(tracker))


def known_rep(
    store: AccountStore, tracker: Tracker, dispatcher: CollectingDispatcher
) -> Rep | None:
    """The rep this conversation belongs to; a sender the reps table does not know is told how
    to get registered, and gets None."""
    channel = tracker.get_latest_input_channel()
    rep = store.rep_for_sender(channel, tracker.sender_id)
    if rep is None:
        send(dispatcher, account_replies.unregistered(channel, tracker.sender_id, guessed(tracker)))
    return rep


class AccountAction(Action, ABC):
    """Works on the ledger this server keeps open (`shared_store`) and answers unknown senders
    without any data."""

    # Actions about the customer in front of the rep set this: a customer the message names
    # ("at Meridian, they say the cheque is in the post") is selected before the action's work.
    follows_named_customer = False
    # The intent that the buttons of a choice between named customers send again, with the
    # customer; None: the intent of this message (an excuse is then answered for the one tapped).
    retried_intent: str | None = None

    @abstractmethod
    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        """The action's work for a known rep; returns the events to apply."""

    def answer_named(
        self, turn: TurnContext, customer: Customer, dispatcher: CollectingDispatcher
    ) -> bool:
        """The message switched to `customer`: say so. True when that answers the turn."""
        send(dispatcher, account_replies.now_with(customer, turn.language))
        return False

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        if given_up(self, tracker):
            return []
        with shared_store.turn_store(environment.turn_write_wait_s()) as store:
            rep = known_rep(store, tracker, dispatcher)
            if rep is None:
                return []
            spoken = spoken_language(tracker, rep)
            turn = TurnContext.begin(
                store,
                rep,
                environment.today(),
                settings.load(),
                tracker.get_slot(Slot.CUSTOMER_ID),
                spoken,
            )
            events: Events = []
            # Kept only once it differs from what the conversation would assume anyway.
            if spoken.value != _conversation_language(tracker, rep):
                events.append(SlotSet(Slot.LANGUAGE, spoken.value))
            if self.follows_named_customer:
                naming = access.named_in(
                    store,
                    rep,
                    tracker.latest_message.get("text") or "",
                    entity(tracker, Entity.CUSTOMER_ID),
                )
                if naming.refused:
                    send(dispatcher, account_replies.refused(turn.language))
                    return []
                if naming.choices:
                    retried = self.retried_intent or intent(tracker) or ""
                    send(
                        dispatcher,
                        account_replies.choose_customer(
                            naming.choices, said(tracker), retried, turn.language
                        ),
                    )
                    return []
                chosen = naming.customer
                if chosen is not None and chosen.customer_id != turn.customer_id:
                    events.append(SlotSet(Slot.CUSTOMER_ID, chosen.customer_id))
                    # The rest of this run acts for the customer just named, as Rasa will once
                    # it applies the event.
                    turn = dataclasses.replace(turn, customer_id=chosen.customer_id)
                    if self.answer_named(turn, chosen, dispatcher):
                        return events
            return events + self.act(turn, dispatcher, tracker)
