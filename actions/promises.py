"""The promise-to-pay form: `validate_promise_form` reads each answer and saves the confirmed
promise, the `action_ask_*` actions ask the next question, and `action_save_promise` closes the
form (saying so when it was cancelled) and clears it for the next promise."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AccountAction, Events, entity, intent, resuming, send, typed
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import promise_form, turns
from dunning_coach.common.rasa_names import ActionName, Entity, Form, Intent, Slot, ask

EXTRA_SLOTS = (Slot.PROMISE_TRIES, Slot.PROMISE_PROBLEM, Slot.PROMISE_SWITCH_TO)


def _form_slots(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in promise_form.SLOTS}


class ValidatePromiseForm(AccountAction):
    """Reads the whole answer itself (amount, date and invoices can come in one message), so it
    returns slots for every answer: a bad answer is counted, not looped on. It returns none for
    a message that is clearly something else, and Rasa's form then rejects it: the policies
    answer it as outside the form, and the form runs again (after that answer, not after the
    rep's message), when this says what it holds so far before its question."""

    def name(self) -> str:
        return ActionName.VALIDATE_PROMISE_FORM

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        if resuming(tracker, Form.PROMISE):
            back = turns.promise_resumed(
                turn, _form_slots(tracker), tracker.get_slot(Slot.REQUESTED_SLOT)
            )
            return _events(back)
        if intent(tracker) == Intent.UNDO_RECORD:
            # An Undo under an earlier reply, pressed while the form asks: no answer (its payload
            # holds a number), so the form rejects it, action_undo_record removes the record and
            # the form asks its question again with its answers kept.
            return []
        answer = turns.FormAnswer(
            slots=_form_slots(tracker),
            requested=tracker.get_slot(Slot.REQUESTED_SLOT),
            tries=int(tracker.get_slot(Slot.PROMISE_TRIES) or 0),
            text=typed(tracker),
            intent=intent(tracker),
            picked_customer=entity(tracker, Entity.CUSTOMER_ID),
        )
        form = turns.promise_turn(turn, answer)
        if form.stepped_out:
            return []  # no slot filled: the form rejects the message
        if form.reply is not None:
            send(dispatcher, form.reply)
        return _events(form)


def _events(form: turns.FormTurn) -> Events:
    events: Events = [SlotSet(name, value) for name, value in form.slots.items()]
    return [*events, SlotSet(Slot.REQUESTED_SLOT, form.requested)]


class _AskPromiseSlot(AccountAction, ABC):
    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return ask(self.slot)

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        send(
            dispatcher,
            turns.promise_question(
                turn,
                self.slot,
                _form_slots(tracker),
                tracker.get_slot(Slot.PROMISE_PROBLEM),
                int(tracker.get_slot(Slot.PROMISE_TRIES) or 0),
                tracker.get_slot(Slot.PROMISE_SWITCH_TO),
            ),
        )
        return []


class ActionAskPromiseCustomer(_AskPromiseSlot):
    slot = promise_form.CUSTOMER

    def name(self) -> str:
        # Scoped to the form: customer_id is also set outside it.
        return ask(self.slot, Form.PROMISE)


class ActionAskPromiseAmount(_AskPromiseSlot):
    slot = promise_form.AMOUNT


class ActionAskPromiseDate(_AskPromiseSlot):
    slot = promise_form.DATE


class ActionAskPromiseInvoices(_AskPromiseSlot):
    slot = promise_form.INVOICES


class ActionAskPromiseConfirmed(_AskPromiseSlot):
    slot = promise_form.CONFIRMED


class ActionSavePromise(AccountAction):
    def name(self) -> str:
        return ActionName.SAVE_PROMISE

    def act(self, turn: TurnContext, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        closing = turns.finish_promise(
            turn, _form_slots(tracker), tracker.get_slot(Slot.PROMISE_PROBLEM)
        )
        if closing is not None:
            send(dispatcher, closing)
        # Clear the form for the next promise; the customer stays selected.
        cleared = [n for n in promise_form.SLOTS if n != promise_form.CUSTOMER] + list(EXTRA_SLOTS)
        return [SlotSet(name, None) for name in cleared]
