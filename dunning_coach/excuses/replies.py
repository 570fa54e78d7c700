"""Replies as a rep reads them on a phone: short first answers, details behind buttons."""

from __future__ import annotations

from collections.abc import Sequence

from dunning_coach.accounts.models import Account, Customer
from dunning_coach.accounts.placeholders import Filled, fill, placeholders
from dunning_coach.accounts.replies import customer_buttons
from dunning_coach.collection.standing import Standing
from dunning_coach.collection.summary import standing_line, standing_lines
from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.common.reply import Button, Reply, intent_payload
from dunning_coach.excuses.layout import say_marker
from dunning_coach.excuses.verdicts import Label, Verdict
from dunning_coach.language import messages
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import ExcuseEntry, Playbook

FIRST_REPLY_LIMIT = 600  # about one phone screen
TOP_TACTICS = 3
SHOWN_LEVERS = 3


def _more_button(entry: ExcuseEntry, language: Language) -> Button:
    return Button(
        messages.text("excuse.button_more", language),
        intent_payload(Intent.MORE_TACTICS, {Entity.EXCUSE: entry.intent}),
    )


def excuse_buttons(
    entry: ExcuseEntry, account: Account | None, language: Language = Language.EN
) -> tuple[Button, ...]:
    buttons = [_more_button(entry, language)]
    if account is not None:
        buttons.append(
            Button(
                messages.text("excuse.button_invoices", language),
                intent_payload(Intent.ACCOUNT_SUMMARY),
            )
        )
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
    entry: ExcuseEntry,
    verdict: Verdict,
    account: Account,
    standing: Standing,
    playbook: Playbook,
    language: Language = Language.EN,
) -> Reply:
    """Excuse, verdict, the account's standing, evidence, top tactics and the line to say,
    within one phone screen when whole lines allow. `playbook` is in `language` already."""
    values = placeholders(account, language)
    line = standing_line(standing, playbook, language)
    context = [line] if line else []
    tactics = tactics_for(entry, standing, playbook, values, TOP_TACTICS)
    say = fill(entry.say, values)
    evidence = [f.text for f in verdict.findings]
    head = messages.text(
        "excuse.head", language, title=entry.title, label=verdict.label.text(language)
    )
    for shown, done, standing_shown in FIRST_REPLY_CUTS:
        text = _excuse_text(
            head, context[:standing_shown], evidence[:shown], tactics[:done], say, language
        )
        if len(text) <= FIRST_REPLY_LIMIT:
            break
    return Reply(text, excuse_buttons(entry, account, language))


def _steps(tactics: Sequence[str], say: str, language: Language) -> list[str]:
    """ "Do:", the numbered tactics and the line to say."""
    lines = [messages.text("excuse.do", language)]
    lines += [f"{n}. {t}" for n, t in enumerate(tactics, 1)]
    lines.append(f"{say_marker(language)}{say}")
    return lines


def _excuse_text(
    head: str,
    context: Sequence[str],
    evidence: Sequence[str],
    tactics: Sequence[str],
    say: str,
    language: Language,
) -> str:
    lines = [head, *context, *(f"• {e}" for e in evidence)]
    return "\n".join(lines + _steps(tactics, say, language))


def _general_advice(entry: ExcuseEntry, language: Language) -> list[str]:
    """The playbook's top tactics and line to say, for no particular account."""
    values = placeholders(None, language)
    tactics = [fill(t, values) for t in entry.countermeasures[:TOP_TACTICS]]
    return _steps(tactics, fill(entry.say, values), language)


def general_excuse_reply(
    entry: ExcuseEntry, customers: Sequence[Customer], language: Language = Language.EN
) -> Reply:
    """The playbook answer when no customer is selected, then: which customer?"""
    lines = [
        messages.text(
            "excuse.no_customer", language, title=entry.title, label=Label.CANT_TELL.text(language)
        ),
        *_general_advice(entry, language),
        messages.text("excuse.which_customer", language),
    ]
    return Reply("\n".join(lines), (*customer_buttons(customers), _more_button(entry, language)))


def more_tactics_reply(
    entry: ExcuseEntry,
    playbook: Playbook,
    verdict: Verdict | None,
    account: Account | None,
    standing: Standing | None,
    language: Language = Language.EN,
) -> Reply:
    """Everything on the excuse: analysis, all evidence, the account's standing, every tactic,
    the levers that fit and the questions; without a customer, the playbook's general part."""
    values = placeholders(account, language)
    lines = [
        messages.text("excuse.why_and_how", language, title=entry.title),
        fill(entry.analysis, values),
    ]
    if verdict is not None:
        lines.append(messages.text("excuse.evidence", language, label=verdict.label.text(language)))
        lines += [f"• {f.text}" for f in verdict.findings]
    if standing is not None:
        lines += standing_lines(standing, playbook, language)
        for sign in standing.signs:
            lines.append(f"⚠ {sign.title}: {sign.detail} {sign.advice}")
    lines.append(messages.text("excuse.all_tactics", language))
    tactics = tactics_for(entry, standing, playbook, values, len(entry.countermeasures) + 1)
    lines += [f"{n}. {t}" for n, t in enumerate(tactics, 1)]
    if standing is not None and standing.levers:
        lines.append(messages.text("excuse.levers", language))
        lines += [
            messages.text(
                "excuse.lever", language, title=lever.title, how=lever.how, reason=lever.reason
            )
            for lever in standing.levers[:SHOWN_LEVERS]
        ]
    lines.append(messages.text("excuse.ask_them", language))
    lines += [f"- {fill(q, values)}" for q in entry.questions]
    return Reply("\n".join(lines))


def rephrase_reply(entries: Sequence[ExcuseEntry], language: Language = Language.EN) -> Reply:
    key = "excuse.rephrase_choices" if entries else "excuse.rephrase"
    return Reply(
        messages.text(key, language),
        tuple(Button(e.title, intent_payload(e.intent)) for e in entries),
    )


def unavailable_reply(
    entry: ExcuseEntry | None, action_server_down: bool, language: Language = Language.EN
) -> Reply:
    """What the rep gets when a turn's action failed: never silence, never account figures."""
    if not action_server_down:
        return Reply(messages.text("excuse.failed", language))
    head = messages.text("excuse.unavailable", language)
    if entry is None:
        return Reply(f"{head} {messages.text('excuse.try_later', language)}")
    values = placeholders(None, language)
    lines = [
        head,
        messages.text("excuse.general_advice", language, title=entry.title),
        messages.text("excuse.fact_first", language),
        *[f"• {fill(q, values)}" for q in entry.questions[:2]],
        *_general_advice(entry, language),
        messages.text("excuse.tell_again", language),
    ]
    return Reply("\n".join(lines))
