"""Replies as a rep reads them on a phone: short first answers, details behind buttons."""

from __future__ import annotations

from collections.abc import Sequence

from dunning_coach.accounts.models import Account, Customer
from dunning_coach.accounts.placeholders import Filled, fill, placeholders
from dunning_coach.accounts.replies import customer_buttons
from dunning_coach.collection.standing import Standing
from dunning_coach.collection.summary import standing_line, standing_lines
from dunning_coach.common.playbook import ExcuseEntry, Playbook
from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.common.reply import Button, Reply, intent_payload
from dunning_coach.excuses.layout import SAY
from dunning_coach.excuses.verdicts import Label, Verdict

FIRST_REPLY_LIMIT = 600  # about one phone screen
TOP_TACTICS = 3
SHOWN_LEVERS = 3


def excuse_buttons(entry: ExcuseEntry, account: Account | None) -> tuple[Button, ...]:
    buttons = [
        Button("More tactics", intent_payload(Intent.MORE_TACTICS, {Entity.EXCUSE: entry.intent}))
    ]
    if account is not None:
        buttons.append(Button("Open invoices", intent_payload(Intent.ACCOUNT_SUMMARY)))
    return tuple(buttons)


def tactics_for(
    entry: ExcuseEntry, standing: Standing | None, playbook: Playbook, values: Filled, count: int
) -> list[str]:
    """The excuse's countermeasures, led by the firmer tactic of a worse class when the account's
    standing is known."""
    lead = []
    if standing is not None:
        tactic = playbook.classes[standing.classes.worst].tactic
        if tactic:
            lead.append(tactic)
    return (lead + [fill(t, values) for t in entry.countermeasures])[:count]


# What the first answer shows when it does not all fit one screen, from everything down to the
# least: (evidence lines, countermeasures, the standing line). Whole lines go, never part of a
# sentence: first the third countermeasure, then evidence beyond the first two, and so on. The
# line to say always stays, whole; "More tactics" shows everything.
FIRST_REPLY_CUTS = ((3, 3, 1), (3, 2, 1), (2, 2, 1), (1, 2, 1), (1, 1, 1), (0, 1, 1), (0, 1, 0))


def excuse_reply(
    entry: ExcuseEntry, verdict: Verdict, account: Account, standing: Standing, playbook: Playbook
) -> Reply:
    """Excuse, verdict, the account's standing, evidence, top tactics and the line to say,
    within one phone screen when whole lines allow."""
    values = placeholders(account)
    line = standing_line(standing, playbook)
    context = [line] if line else []
    tactics = tactics_for(entry, standing, playbook, values, TOP_TACTICS)
    say = fill(entry.say, values)
    evidence = [f.text for f in verdict.findings]
    head = f"{entry.title}: {verdict.label.value}"
    for shown, done, standing_shown in FIRST_REPLY_CUTS:
        text = _excuse_text(head, context[:standing_shown], evidence[:shown], tactics[:done], say)
        if len(text) <= FIRST_REPLY_LIMIT:
            break
    return Reply(text, excuse_buttons(entry, account))


def _excuse_text(
    head: str,
    context: Sequence[str],
    evidence: Sequence[str],
    tactics: Sequence[str],
    say: str,
) -> str:
    lines = [head, *context, *(f"• {e}" for e in evidence), "Do:"]
    lines += [f"{n}. {t}" for n, t in enumerate(tactics, 1)]
    lines.append(f"{SAY}{say}")
    return "\n".join(lines)


def _general_advice(entry: ExcuseEntry) -> list[str]:
    """The playbook's top tactics and line to say, for no particular account."""
    values = placeholders(None)
    return (
        ["Do:"]
        + [f"{n}. {fill(t, values)}" for n, t in enumerate(entry.countermeasures[:TOP_TACTICS], 1)]
        + [f"{SAY}{fill(entry.say, values)}"]
    )


def general_excuse_reply(entry: ExcuseEntry, customers: Sequence[Customer]) -> Reply:
    """The playbook answer when no customer is selected, then: which customer?"""
    lines = [
        f"{entry.title}: {Label.CANT_TELL.value} (no customer selected).",
        *_general_advice(entry),
        "Which customer are you with? I'll check their account.",
    ]
    return Reply(
        "\n".join(lines),
        (
            *customer_buttons(customers),
            Button(
                "More tactics", intent_payload(Intent.MORE_TACTICS, {Entity.EXCUSE: entry.intent})
            ),
        ),
    )


def more_tactics_reply(
    entry: ExcuseEntry,
    playbook: Playbook,
    verdict: Verdict | None,
    account: Account | None,
    standing: Standing | None,
) -> Reply:
    """Everything on the excuse: analysis, all evidence, the account's standing, every tactic,
    the levers that fit and the questions; without a customer, the playbook's general part."""
    values = placeholders(account)
    lines = [f"{entry.title}: why and how", fill(entry.analysis, values)]
    if verdict is not None:
        lines.append(f"Evidence ({verdict.label.value}):")
        lines += [f"• {f.text}" for f in verdict.findings]
    if standing is not None:
        lines += standing_lines(standing, playbook)
        for sign in standing.signs:
            lines.append(f"⚠ {sign.title}: {sign.detail} {sign.advice}")
    lines.append("All tactics:")
    tactics = tactics_for(entry, standing, playbook, values, len(entry.countermeasures) + 1)
    lines += [f"{n}. {t}" for n, t in enumerate(tactics, 1)]
    if standing is not None and standing.levers:
        lines.append("Pressure that fits:")
        lines += [
            f"- {lever.title}: {lever.how} Why: {lever.reason}"
            for lever in standing.levers[:SHOWN_LEVERS]
        ]
    lines.append("Ask them:")
    lines += [f"- {fill(q, values)}" for q in entry.questions]
    return Reply("\n".join(lines))


def rephrase_reply(entries: Sequence[ExcuseEntry]) -> Reply:
    text = "I didn't catch that. Could you rephrase what the customer said?"
    if entries:
        text += " Or is it one of these?"
    return Reply(text, tuple(Button(e.title, intent_payload(e.intent)) for e in entries))


def unavailable_reply(entry: ExcuseEntry | None, action_server_down: bool) -> Reply:
    """What the rep gets when a turn's action failed: never silence, never account figures."""
    if not action_server_down:
        return Reply(
            "Something went wrong on my side with that message, and nothing from it was "
            "saved. Please send it again."
        )
    head = (
        "Account data is unavailable right now (the account service isn't answering), "
        "so nothing from this message was saved."
    )
    if entry is None:
        return Reply(f"{head} Try again in a minute.")
    values = placeholders(None)
    lines = [
        head,
        f'General playbook advice for "{entry.title}":',
        "First tell fact from excuse. Ask:",
        *[f"• {fill(q, values)}" for q in entry.questions[:2]],
        *_general_advice(entry),
        "Tell me the excuse again once I'm back and I'll check the account and log it.",
    ]
    return Reply("\n".join(lines))
