"""Undo: one record a rep made in chat from one message (a warning sign, a note, a promise, an
excuse-log line) removed again, by the id the Undo button under that reply names.

The button names the record ("sign:WS-…"), not "the last thing I said", so it removes that one
row however many messages came after it, and never another. The rules:

- Only the rep who made the record may undo it: a manager or a colleague pressing the same
  button (or sending its payload) removes nothing.
- Only on the day it was recorded. By the next day others may have acted on it, and a promise
  undone once it fell due would hide a broken promise.
- Its effects go with it: the warning signs, the receivables class and standing, and the day's
  plan are worked out from the ledger's rows at every turn (collection/standing.py), and nothing
  keeps them between turns.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, replace
from enum import Enum

from dunning_coach.accounts.connection import UNAVAILABLE
from dunning_coach.accounts.schema import split_list
from dunning_coach.accounts.store import AccountStore
from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import replies
from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.common.reply import Button, Reply, intent_payload
from dunning_coach.language.languages import Language
from dunning_coach.language.messages import text as say

logger = logging.getLogger(__name__)


class Kind(Enum):
    SIGN = "sign"
    NOTE = "note"
    PROMISE = "promise"
    EXCUSE = "excuse"


@dataclass(frozen=True)
class _Records:
    table: str
    day: str  # the column holding the day the record was made
    numbered: bool  # its ids are the ledger's row numbers


_RECORDS = {
    Kind.SIGN: _Records("warning_signs", "reported_on", numbered=False),
    Kind.NOTE: _Records("notes", "noted_on", numbered=True),
    Kind.PROMISE: _Records("promises", "made_on", numbered=False),
    Kind.EXCUSE: _Records("excuse_log", "logged_on", numbered=True),
}
# Ids as chat makes them: a row number, or a prefix and hex digits ("WS-3f2a…"). Anything else
# in a payload is malformed: a number too big for SQLite, or text it cannot encode, never
# reaches the ledger.
_ROW_NUMBER = re.compile(r"[0-9]{1,18}")
_TEXT_ID = re.compile(r"[A-Za-z0-9_.\-]{1,64}")


@dataclass(frozen=True)
class RecordRef:
    """One record, as an Undo button names it: "kind:id"."""

    kind: Kind
    key: str | int

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.key}"


def parse(record_id: object) -> RecordRef | None:
    """The record a button's record_id names; None when it is malformed."""
    if not isinstance(record_id, str):
        return None
    kind_name, _, key = record_id.partition(":")
    kind = next((k for k in Kind if k.value == kind_name), None)
    if kind is None:
        return None
    if _RECORDS[kind].numbered:
        return RecordRef(kind, int(key)) if _ROW_NUMBER.fullmatch(key) else None
    return RecordRef(kind, key) if _TEXT_ID.fullmatch(key) else None


def undo_button(record: RecordRef, language: Language = Language.EN) -> Button:
    return Button(
        say("undo.button", language),
        intent_payload(Intent.UNDO_RECORD, {Entity.RECORD_ID: str(record)}),
    )


def with_undo(reply: Reply, record: RecordRef | None, language: Language = Language.EN) -> Reply:
    """The reply with an Undo button for `record` after its own buttons; unchanged for None
    (nothing was written)."""
    if record is None:
        return reply
    return replace(reply, buttons=(*reply.buttons, undo_button(record, language)))


class Outcome(Enum):
    REMOVED = "removed"
    NOTHING = "nothing"  # no such record: never made, already removed, or a malformed id
    NOT_YOURS = "not_yours"  # another rep made it (or an import brought it)
    TOO_LATE = "too_late"  # made on an earlier day
    NOT_REMOVED = "not_removed"  # the ledger refused the write


@dataclass(frozen=True)
class Undone:
    outcome: Outcome
    record: RecordRef | None = None
    row: dict | None = None  # the record as it was, when it is the rep's own


def undo(store: AccountStore, rep_id: str, record: RecordRef | None, today: dt.date) -> Undone:
    """Remove `record` if `rep_id` made it `today`; what happened."""
    if record is None:
        return Undone(Outcome.NOTHING)
    records = _RECORDS[record.kind]

    def theirs_today(row: dict) -> bool:
        return row.get("rep_id") == rep_id and row.get(records.day) == today.isoformat()

    try:
        deletion = store.delete_record(records.table, record.key, theirs_today)
    except UNAVAILABLE as error:
        # No customer data: the rep, the record's id and the database's reason.
        logger.warning(
            "An undo of %s by rep %s was not done: %s: %s",
            record,
            rep_id,
            type(error).__name__,
            error,
        )
        return Undone(Outcome.NOT_REMOVED, record)
    row = deletion.row
    if row is None:
        return Undone(Outcome.NOTHING, record)
    if row.get("rep_id") != rep_id:
        return Undone(Outcome.NOT_YOURS, record)  # nothing of another rep's record is told
    if deletion.deleted:
        return Undone(Outcome.REMOVED, record, row)
    return Undone(Outcome.TOO_LATE, record, row)


def undo_turn(turn: TurnContext, record_id: object) -> Reply:
    """An Undo button pressed: the record removed and named, or why it was not."""
    done = undo(turn.store, turn.rep.rep_id, parse(record_id), turn.today)
    language = turn.language
    if done.outcome is Outcome.NOT_REMOVED and done.record is not None:
        # The same button again, for the next try.
        return Reply(say("undo.not_removed", language), (undo_button(done.record, language),))
    if done.outcome in (Outcome.NOTHING, Outcome.NOT_YOURS, Outcome.NOT_REMOVED):
        return Reply(say(f"undo.{done.outcome.value}", language))
    assert done.record is not None and done.row is not None
    if done.outcome is Outcome.TOO_LATE:
        made_on = dt.date.fromisoformat(done.row[_RECORDS[done.record.kind].day])
        return replies.undo_too_late(done.record.kind.value, made_on, turn.today, language)
    return _removed(turn, done.record.kind, done.row)


def _removed(turn: TurnContext, kind: Kind, row: dict) -> Reply:
    """Says which record was removed, in the rep's words for it."""
    language = turn.language
    customer = turn.store.customer(row["customer_id"]) if row.get("customer_id") else None
    name = customer.name if customer else None
    if kind is Kind.SIGN:
        entry = turn.playbook.warning_signs.get(row["kind"])
        return replies.undone_sign(entry.title if entry else row["kind"], name, language)
    if kind is Kind.NOTE:
        return replies.undone_note(row.get("text") or "", name, language)
    if kind is Kind.EXCUSE:
        intent = str(row.get("intent") or "")
        title = turn.playbook.excuse(intent).title if turn.playbook.is_excuse(intent) else intent
        return replies.undone_excuse(title, name, language)
    account = turn.store.account(row["customer_id"], turn.today) if customer else None
    return replies.undone_promise(
        account,
        int(row["amount_cents"]),
        dt.date.fromisoformat(row["promised_for"]),
        split_list(row.get("invoice_nos")),
        turn.today,
        language,
    )
