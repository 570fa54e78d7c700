"""What every turn works with, built once per action run: the database, who is asking, the day,
the playbook and settings, and the customer selected in the conversation (if any)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dunning_coach.accounts import access
from dunning_coach.accounts.models import Account, Customer, Rep
from dunning_coach.accounts.store import AccountStore
from dunning_coach.common.settings import Settings
from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook_languages
from dunning_coach.playbook.playbook import Playbook


def answer_language(rep: Rep, spoken: Language | None) -> Language:
    """The language to answer in: the message's, else the rep's own (reps.csv)."""
    return spoken or Language(rep.language)


@dataclass(frozen=True)
class TurnContext:
    store: AccountStore
    rep: Rep
    today: dt.date
    playbook: Playbook
    settings: Settings
    customer_id: str | None = None  # the conversation's selected customer, unchecked
    spoken: Language | None = None  # the language of the message this turn answers

    @classmethod
    def begin(
        cls,
        store: AccountStore,
        rep: Rep,
        today: dt.date,
        settings: Settings,
        customer_id: str | None = None,
        spoken: Language | None = None,
    ) -> TurnContext:
        """A turn's context, with the playbook in the language the turn answers in."""
        book = playbook_languages.load(answer_language(rep, spoken))
        return cls(store, rep, today, book, settings, customer_id, spoken)

    @property
    def language(self) -> Language:
        return answer_language(self.rep, self.spoken)

    def visible(self, customer_id: str | None) -> Customer | None:
        """The customer if this rep may see it (`Rep.may_see`); None for anyone else's."""
        return access.visible_customer(self.store, self.rep, customer_id)

    def customer(self) -> Customer | None:
        """The selected customer, if this rep may see it."""
        return self.visible(self.customer_id)

    def account(self, customer: Customer) -> Account:
        account = self.store.account(customer.customer_id, self.today)
        if account is None:  # the customer was read from this same database a moment ago
            raise LookupError(f"customer {customer.customer_id} vanished")
        return account

    def customers(self) -> list[Customer]:
        """The customers this rep may see, for buttons and matching."""
        return self.store.customers_visible_to(self.rep)
