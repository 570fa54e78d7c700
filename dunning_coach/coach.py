"""One conversational turn's work, without Rasa: who is asking, which account, what to answer.

The Rasa actions translate a tracker into these calls and the returned Reply into messages.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional, Sequence

from dunning_coach import claims, identity, matching, render, settings as collection_settings, standing
from dunning_coach.db import AccountStore
from dunning_coach.models import Account, Customer, Rep
from dunning_coach.playbook import Playbook
from dunning_coach.render import Reply
from dunning_coach.settings import Settings
from dunning_coach.standing import Standing
from dunning_coach.verdicts import judge

ID_NAMES = {"slack": "Slack member id", "telegram": "Telegram user id"}


def unregistered(channel: Optional[str], sender_id: str) -> Reply:
    """The one answer a sender the reps table does not know gets: how to get registered."""
    id_name = ID_NAMES.get(channel or "", "user id")
    shown = identity.user_id(channel, sender_id) or sender_id
    return Reply(f"You're not registered with Dunning Coach yet. Ask your manager to add your "
                 f"{id_name} ({shown}) to the reps list, then write again.")

MAX_REPHRASE_CHOICES = 3


@dataclass(frozen=True)
class Outcome:
    reply: Reply
    customer_id: Optional[str] = None  # the customer to keep selected after this turn
    verdict: Optional[str] = None


def assess(account: Account, playbook: Playbook, settings: Optional[Settings] = None) -> Standing:
    return standing.assess(account, playbook, settings or collection_settings.load())


def visible_customer(store: AccountStore, rep: Rep, customer_id: Optional[str]) -> Optional[Customer]:
    """The customer if this rep may see it (`Rep.may_see`)."""
    if not customer_id:
        return None
    customer = store.customer(customer_id)
    if customer is None or not rep.may_see(customer):
        return None
    return customer


def respond_to_excuse(store: AccountStore, rep: Rep, customer_id: Optional[str], intent: str,
                      text: str, entities: Iterable[dict[str, Any]], today: dt.date,
                      playbook: Playbook) -> Outcome:
    """Verdict and countermeasures for this customer's account, and a line in the excuse log."""
    entry = playbook.excuse(intent)
    customer = visible_customer(store, rep, customer_id)
    if customer is None:
        reply = render.general_excuse_reply(entry, store.customers_visible_to(rep))
        store.log_excuse(customer_id=None, rep_id=rep.rep_id, intent=intent, text=text,
                         verdict=None, logged_on=today)
        return Outcome(reply)
    account = store.account(customer.customer_id, today)
    verdict = judge(account, entry, playbook, claims.from_entities(entities))
    store.log_excuse(customer_id=customer.customer_id, rep_id=rep.rep_id, intent=intent,
                     text=text, verdict=verdict.label.value, logged_on=today)
    reply = render.excuse_reply(entry, verdict, account, assess(account, playbook), playbook)
    return Outcome(reply, customer.customer_id, verdict.label.value)


def more_tactics(store: AccountStore, rep: Rep, customer_id: Optional[str],
                 intent: Optional[str], today: dt.date, playbook: Playbook) -> Reply:
    if not playbook.is_excuse(intent):
        return Reply("Tell me what the customer said first, and I'll give you the tactics for it.")
    entry = playbook.excuse(intent)
    customer = visible_customer(store, rep, customer_id)
    if customer is None:
        return render.more_tactics_reply(entry, None, None)
    account = store.account(customer.customer_id, today)
    # Re-judged without the original claim's figures; the log keeps the first verdict.
    return render.more_tactics_reply(entry, judge(account, entry, playbook), account,
                                     assess(account, playbook), playbook)


@dataclass(frozen=True)
class Naming:
    """Which customer a message names, as far as this rep may know: one of theirs, a choice
    between theirs, another rep's (refused, nothing about it shown), or none."""
    customer: Optional[Customer] = None
    choices: tuple[Customer, ...] = ()
    refused: bool = False


REFUSED = Reply("That's not one of your customers, so I can't show it. Ask its rep or your manager.")


def find_customer(store: AccountStore, rep: Rep, text: str,
                  read: Callable[[str, Sequence[Customer]], matching.Resolution]) -> Naming:
    """The customer `text` names, read by `matching.resolve` (a message asking for a customer)
    or `matching.spot` (a name inside any message)."""
    mine = read(text, store.customer_names(rep, visible=True))
    if not rep.is_manager:
        # Named clearly, and better than anything of the rep's own: someone else's customer.
        theirs = read(text, store.customer_names(rep, visible=False))
        best_mine = mine.candidates[0].score if mine.candidates else 0.0
        if theirs.outcome is matching.Outcome.FOUND and theirs.candidates[0].score > best_mine:
            return Naming(refused=True)
    if mine.outcome is matching.Outcome.FOUND:
        return Naming(customer=mine.customer)
    return Naming(choices=tuple(c.customer for c in mine.candidates))


def named_in(store: AccountStore, rep: Rep, text: str, picked: Optional[str]) -> Naming:
    """The customer a message about something else names: tapped on a button (`picked`), or
    written anywhere in it. A button press ("/intent{...}") has no words to read."""
    if picked:
        customer = visible_customer(store, rep, picked)
        return Naming(customer=customer) if customer else Naming(refused=True)
    if not text or text.startswith("/"):
        return Naming()
    return find_customer(store, rep, text, matching.spot)


def selected(store: AccountStore, customer: Customer, today: dt.date,
             playbook: Playbook) -> Outcome:
    """The answer to choosing a customer: where the account stands."""
    account = store.account(customer.customer_id, today)
    return Outcome(render.customer_selected(account, assess(account, playbook), playbook),
                   customer.customer_id)


def select_customer(store: AccountStore, rep: Rep, text: str, customer_id: Optional[str],
                    today: dt.date, playbook: Playbook) -> Outcome:
    """Resolve the customer the rep named: one clear match, a choice, or a plain 'no match'."""
    if customer_id:
        chosen = visible_customer(store, rep, customer_id)
        if chosen is None:
            return Outcome(render.no_customer_match(customer_id, store.customers_visible_to(rep)))
        return selected(store, chosen, today, playbook)
    naming = find_customer(store, rep, text, matching.resolve)
    if naming.refused:
        return Outcome(REFUSED)
    if naming.customer is not None:
        return selected(store, naming.customer, today, playbook)
    if naming.choices:
        return Outcome(render.choose_customer(naming.choices, text))
    return Outcome(render.no_customer_match(text, store.customers_visible_to(rep)))


def account_summary(store: AccountStore, rep: Rep, customer_id: Optional[str],
                    today: dt.date, playbook: Playbook) -> Reply:
    customer = visible_customer(store, rep, customer_id)
    if customer is None:
        return Reply("Which customer? Pick one or type the name.",
                     render.customer_buttons(store.customers_visible_to(rep)))
    account = store.account(customer.customer_id, today)
    return render.account_summary(account, standing=assess(account, playbook), playbook=playbook)


def rephrase(ranking: Sequence[dict[str, Any]], playbook: Playbook) -> Reply:
    """Ask again, offering the likeliest excuses the classifier considered."""
    likely = [r["name"] for r in ranking if playbook.is_excuse(r.get("name"))]
    return render.rephrase_reply([playbook.excuse(i) for i in likely[:MAX_REPHRASE_CHOICES]])
