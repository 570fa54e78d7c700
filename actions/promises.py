"""The promise-to-pay form: `validate_promise_form` reads each answer, the `action_ask_*`
actions ask the next question, and `action_save_promise` saves it (or says it was cancelled)."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from dunning_coach import collection, config, playbook, promise_form, settings
from dunning_coach.db import AccountStore
from dunning_coach.models import Rep

from actions.base import AccountAction, entity, send

EXTRA_SLOTS = ("promise_tries", "promise_problem")


def _form_slots(tracker: Tracker) -> Dict[Text, Any]:
    return {name: tracker.get_slot(name) for name in promise_form.SLOTS}


def _tries(tracker: Tracker) -> int:
    return int(tracker.get_slot("promise_tries") or 0)


class ValidatePromiseForm(AccountAction):
    """Reads the whole answer itself (amount, date and invoices can come in one message), so it
    always returns slots and the form never rejects: a bad answer is counted, not looped on."""

    def name(self) -> Text:
        return "validate_promise_form"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        if text.startswith("/"):
            text = ""  # a button press carries its meaning in the intent
        turn = collection.promise_turn(
            store, rep, _form_slots(tracker), tracker.get_slot("requested_slot"), _tries(tracker),
            text, (message.get("intent") or {}).get("name"), entity(tracker, "customer_id"),
            config.today(), settings.load())
        events = [SlotSet(name, value) for name, value in turn.slots.items()]
        return events + [SlotSet("requested_slot", turn.requested)]


class _AskPromiseSlot(AccountAction, ABC):
    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        send(dispatcher, collection.promise_question(
            store, rep, self.slot, _form_slots(tracker), tracker.get_slot("promise_problem"),
            config.today()))
        return []


class ActionAskPromiseCustomer(_AskPromiseSlot):
    slot = promise_form.CUSTOMER

    def name(self) -> Text:
        # Scoped to the form: customer_id is also set outside it.
        return "action_ask_promise_form_customer_id"


class ActionAskPromiseAmount(_AskPromiseSlot):
    slot = promise_form.AMOUNT


class ActionAskPromiseDate(_AskPromiseSlot):
    slot = promise_form.DATE


class ActionAskPromiseInvoices(_AskPromiseSlot):
    slot = promise_form.INVOICES


class ActionAskPromiseConfirmed(_AskPromiseSlot):
    slot = promise_form.CONFIRMED


class ActionSavePromise(AccountAction):
    def name(self) -> Text:
        return "action_save_promise"

    def act(self, store: AccountStore, rep: Rep, dispatcher: CollectingDispatcher,
            tracker: Tracker) -> List[Dict[Text, Any]]:
        send(dispatcher, collection.finish_promise(
            store, rep, _form_slots(tracker), tracker.get_slot("promise_problem"), config.today(),
            playbook.load()))
        # Clear the form for the next promise; the customer stays selected.
        cleared = [n for n in promise_form.SLOTS if n != promise_form.CUSTOMER] + list(EXTRA_SLOTS)
        return [SlotSet(name, None) for name in cleared]
