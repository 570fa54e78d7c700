"""Replies as a rep reads them on a phone: short first answers, details behind buttons."""

from __future__ import annotations

from collections.abc import Sequence

from dunning_coach.accounts.models import Account, Customer
from dunning_coach.accounts.placeholders import Filled, fill, placeholders
from dunning_coach.accounts.replies import customer_buttons
from dunning_coach.collection.standing import Standing
from dunning_coach.collection.summary import standing_line, standing_lines
from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.common.reply import Button, Line, Reply, intent_payload
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
    context = [Line.plain(line)] if line else []
    tactics = tactics_for(entry, standing, playbook, values, TOP_TACTICS)
    say = fill(entry.say, values)
    evidence = [Line.bullet(f.text) for f in verdict.findings]
    head = verdict_line("excuse.head", entry, verdict.label, language)
    buttons = excuse_buttons(entry, account, language)
    for shown, done, standing_shown in FIRST_REPLY_CUTS:
        reply = Reply.of(
            [
                head,
                *context[:standing_shown],
                *evidence[:shown],
                *_steps(tactics[:done], say, language),
            ],
            buttons,
        )
        if len(reply.text) <= FIRST_REPLY_LIMIT:
            break
    return reply


def verdict_line(key: str, entry: ExcuseEntry, label: Label, language: Language) -> Line:
    """The excuse's title with the verdict's badge, where `key` puts it in this language."""
    before, after = messages.around(key, "label", language, title=entry.title)
    return Line.verdict(before, label.text(language), after, label.tone)


def _steps(tactics: Sequence[str], say: str, language: Language) -> list[Line]:
    """ "Do:", the numbered tactics and the line to say."""
    return [
        Line.heading(messages.text("excuse.do", language)),
        *(Line.step(n, t) for n, t in enumerate(tactics, 1)),
        Line.say(messages.text("excuse.say", language) + ":", say),
    ]


def _general_advice(entry: ExcuseEntry, language: Language) -> list[Line]:
    """The playbook's top tactics and line to say, for no particular account."""
    values = placeholders(None, language)
    tactics = [fill(t, values) for t in entry.countermeasures[:TOP_TACTICS]]
    return _steps(tactics, fill(entry.say, values), language)


def general_excuse_reply(
    entry: ExcuseEntry, customers: Sequence[Customer], language: Language = Language.EN
) -> Reply:
    """The playbook answer when no customer is selected, then: which customer?"""
    lines = [
        verdict_line("excuse.no_customer", entry, Label.CANT_TELL, language),
        *_general_advice(entry, language),
        Line.plain(messages.text("excuse.which_customer", language)),
    ]
    return Reply.of(lines, (*customer_buttons(customers), _more_button(entry, language)))


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
        Line.plain(messages.text("excuse.why_and_how", language, title=entry.title)),
        Line.plain(fill(entry.analysis, values)),
    ]
    if verdict is not None:
        evidence = messages.text("excuse.evidence", language, label=verdict.label.text(language))
        lines.append(Line.heading(evidence))
        lines += [Line.bullet(f.text) for f in verdict.findings]
    if standing is not None:
        lines += [Line.plain(t) for t in standing_lines(standing, playbook, language)]
        for sign in standing.signs:
            lines.append(Line.plain(f"⚠ {sign.title}: {sign.detail} {sign.advice}"))
    lines.append(Line.heading(messages.text("excuse.all_tactics", language)))
    tactics = tactics_for(entry, standing, playbook, values, len(entry.countermeasures) + 1)
    lines += [Line.step(n, t) for n, t in enumerate(tactics, 1)]
    if standing is not None and standing.levers:
        lines.append(Line.heading(messages.text("excuse.levers", language)))
        lines += [
            Line.plain(
                messages.text(
                    "excuse.lever", language, title=lever.title, how=lever.how, reason=lever.reason
                )
            )
            for lever in standing.levers[:SHOWN_LEVERS]
        ]
    lines.append(Line.heading(messages.text("excuse.ask_them", language)))
    lines += [Line.plain(f"- {fill(q, values)}") for q in entry.questions]
    return Reply.of(lines)


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
        Line.plain(head),
        Line.heading(messages.text("excuse.general_advice", language, title=entry.title)),
        Line.heading(messages.text("excuse.fact_first", language)),
        *[Line.bullet(fill(q, values)) for q in entry.questions[:2]],
        *_general_advice(entry, language),
        Line.plain(messages.text("excuse.tell_again", language)),
    ]
    return Reply.of(lines)
