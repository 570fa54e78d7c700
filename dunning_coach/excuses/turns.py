"""The excuse turn without Rasa: the verdict and countermeasures for what the debtor said, the
full tactics, and asking again when the classifier was unsure.

The Rasa actions translate a tracker into these calls and the returned Reply into messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection import undo
from dunning_coach.collection.saving import kept
from dunning_coach.collection.standing import assess
from dunning_coach.common.reply import Reply, TurnResult
from dunning_coach.excuses import replies
from dunning_coach.excuses.verdicts import judge
from dunning_coach.language import claims, claims_local, messages

MAX_REPHRASE_CHOICES = 3


def respond_to_excuse(
    turn: TurnContext, intent: str, text: str, entities: Iterable[dict[str, Any]]
) -> TurnResult:
    """Verdict and countermeasures for this customer's account, and a line in the excuse log.
    The rep gets the verdict even when the ledger cannot take the line (an import holding it
    longer than a turn waits): the reply never says it was logged, and the debtor is waiting.

    The reply carries an Undo button for the line this message logged. None when nothing was
    logged: the ledger refused it, or this excuse was already logged on this customer today (by
    an earlier message, or by another rep, as the log keeps one line per customer, excuse and
    day). That line is not this message's to undo: its own reply had the button, and another
    rep's line is not this rep's to remove."""
    entry = turn.playbook.excuse(intent)
    customer = turn.customer()
    rep_id = turn.rep.rep_id
    if customer is None:
        reply = replies.general_excuse_reply(entry, turn.customers(), turn.language)
        line_id = kept(
            "excuse log line",
            rep_id,
            lambda: turn.store.log_excuse(
                customer_id=None,
                rep_id=rep_id,
                intent=intent,
                text=text,
                verdict=None,
                logged_on=turn.today,
            ),
        )
        return TurnResult(undo.with_undo(reply, _logged(line_id), turn.language))
    account = turn.account(customer)
    verdict = judge(
        account,
        entry,
        turn.playbook,
        turn.settings.habits,
        claims_local.merged(claims.from_entities(entities), claims_local.read(text, turn.language)),
        turn.language,
    )
    line_id = kept(
        "excuse log line",
        rep_id,
        lambda: turn.store.log_excuse(
            customer_id=customer.customer_id,
            rep_id=rep_id,
            intent=intent,
            text=text,
            verdict=verdict.label.value,
            logged_on=turn.today,
        ),
    )
    standing = assess(account, turn.playbook, turn.settings, turn.language)
    reply = replies.excuse_reply(entry, verdict, account, standing, turn.playbook, turn.language)
    return TurnResult(undo.with_undo(reply, _logged(line_id), turn.language), customer.customer_id)


def _logged(line_id: int | None) -> undo.RecordRef | None:
    """The excuse log line this message wrote, if it wrote one."""
    return undo.RecordRef(undo.Kind.EXCUSE, line_id) if line_id is not None else None


def more_tactics(turn: TurnContext, intent: str | None) -> Reply:
    if intent is None or not turn.playbook.is_excuse(intent):
        return Reply(messages.text("excuse.tell_first", turn.language))
    entry = turn.playbook.excuse(intent)
    customer = turn.customer()
    if customer is None:
        return replies.more_tactics_reply(entry, turn.playbook, None, None, None, turn.language)
    account = turn.account(customer)
    # Re-judged without the original claim's figures; the log keeps the first verdict.
    return replies.more_tactics_reply(
        entry,
        turn.playbook,
        judge(account, entry, turn.playbook, turn.settings.habits, language=turn.language),
        account,
        assess(account, turn.playbook, turn.settings, turn.language),
        turn.language,
    )


def rephrase(turn: TurnContext, ranking: Sequence[dict[str, Any]]) -> Reply:
    """Ask again, offering the likeliest excuses the classifier considered."""
    likely = [r["name"] for r in ranking if turn.playbook.is_excuse(r.get("name"))]
    entries = [turn.playbook.excuse(i) for i in likely[:MAX_REPHRASE_CHOICES]]
    return replies.rephrase_reply(entries, turn.language)
