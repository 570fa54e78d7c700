"""Writing what the rep recorded in chat (a promise, a note, a warning sign) to the ledger: once,
and with an honest answer when the ledger refuses the write.

Once: a turn can be run again for the same words. Rasa gives up on an action after
ACTION_TIMEOUT_S while its write may still land, and the rep, told nothing was saved, sends it
again; a note waiting for its customer is kept in a slot that the same lost answer would have
cleared. So a record identical to one the rep already made for that customer today (same
amount, day and invoices; same note; same sign and words) is taken as that one, not written again:
the store's `once`, which looks and writes under one write lock.

Refused: another writer holding the database ("database is locked", a full disk) makes the
store raise one of `connection.UNAVAILABLE` with nothing written (the store rolls its transaction
back); the caller is told None (or False) and must say it was not saved.

Each save returns the record's id, which the reply's Undo button names (collection/undo.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TypeVar, cast

from dunning_coach.accounts.connection import UNAVAILABLE
from dunning_coach.accounts.models import Account
from dunning_coach.accounts.store import AccountStore
from dunning_coach.collection import promise_form

logger = logging.getLogger(__name__)

NOTE_CHARS = 2000
SIGN_CHARS = 500


T = TypeVar("T")
_REFUSED = object()


def _attempt(what: str, rep_id: str, write: Callable[[], object]) -> object:
    try:
        return write()
    except UNAVAILABLE as error:
        # No customer data here: the rep and the database's reason ("database is locked").
        logger.warning(
            "A %s of rep %s was not saved: %s: %s", what, rep_id, type(error).__name__, error
        )
        return _REFUSED


def written(what: str, rep_id: str, write: Callable[[], object]) -> bool:
    """Runs `write`; False, logged without customer data, when the ledger refused it."""
    return _attempt(what, rep_id, write) is not _REFUSED


def kept(what: str, rep_id: str, write: Callable[[], T]) -> T | None:
    """What `write` returned (the id of the record it wrote); None, logged as `written` logs it,
    when the ledger refused it."""
    result = _attempt(what, rep_id, write)
    return None if result is _REFUSED else cast(T, result)


def save_promise(
    store: AccountStore,
    rep_id: str,
    account: Account,
    values: promise_form.Values,
    today: dt.date,
) -> str | None:
    """Save a confirmed promise unless the rep already made this one today: the promise's id
    (the one already made, if so); None when the ledger refused it."""
    assert values.amount_cents is not None and values.date is not None  # confirmed
    amount, when, invoices = values.amount_cents, values.date, tuple(values.invoice_nos or ())
    return kept(
        "promise",
        rep_id,
        lambda: store.add_promise(
            customer_id=account.customer.customer_id,
            rep_id=rep_id,
            amount_cents=amount,
            promised_for=when,
            made_on=today,
            invoice_nos=invoices,
        ),
    )


def save_note(
    store: AccountStore, rep_id: str, account: Account, text: str, today: dt.date
) -> int | None:
    """Save a note unless the rep already noted these words on this customer today: the note's
    id (the earlier one's, if so); None when the ledger refused it."""
    kept_text = text[:NOTE_CHARS]
    return kept(
        "note",
        rep_id,
        lambda: store.add_note(
            customer_id=account.customer.customer_id,
            rep_id=rep_id,
            text=kept_text,
            noted_on=today,
            once=True,
        ),
    )


def save_sign(
    store: AccountStore, rep_id: str, account: Account, kind: str, text: str, today: dt.date
) -> str | None:
    """Save a reported warning sign unless the rep already reported it in these words on this
    customer today: the sign's id (the earlier one's, if so); None when the ledger refused
    it."""
    said = text[:SIGN_CHARS]
    return kept(
        "warning sign",
        rep_id,
        lambda: store.add_sign(
            customer_id=account.customer.customer_id,
            rep_id=rep_id,
            kind=kind,
            text=said,
            reported_on=today,
            once=True,
        ),
    )
