"""A reply's text as Slack mrkdwn and as Telegram HTML, drawn from its shape
(dunning_coach/excuses/layout.py): the verdict in bold, headings in bold, the line to say set
apart. Everything else, and above all what came from the database ("<b>Acme</b> *Ltd*", a note
holding "<script>"), is escaped so it shows as the text it is."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from dunning_coach.excuses.layout import BULLET, Kind, Line, lines

# Slack has no escape for its formatting characters; these look-alikes show the same and format
# nothing. & < > are escaped as Slack asks.
_SLACK_LITERAL = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"}
)
_VERDICT_MARKS = {"true": "🟢", "excuse": "🔴", "unsure": "🟡"}


def slack_literal(text: str) -> str:
    return text.translate(_SLACK_LITERAL)


@dataclass(frozen=True)
class _Style:
    literal: Callable[[str], str]  # database text as text
    bold: Callable[[str], str]  # on text already made literal
    say: Callable[[str, str], str]  # the marker and the (literal) line to say


_SLACK = _Style(slack_literal, lambda t: f"*{t}*", lambda lead, t: f">*{lead}* {t}")
_TELEGRAM = _Style(
    lambda t: html.escape(t, quote=False),
    lambda t: f"<b>{t}</b>",
    lambda lead, t: f"<b>{lead}</b> <i>{t}</i>",
)


def slack_mrkdwn(text: str) -> str:
    return _drawn(text, _SLACK)


def telegram_html(text: str) -> str:
    return _drawn(text, _TELEGRAM)


def _drawn(text: str, style: _Style) -> str:
    return "\n".join(_line(line, style) for line in lines(text))


def _line(line: Line, style: _Style) -> str:
    put = style.literal
    if line.kind is Kind.VERDICT:
        mark = _VERDICT_MARKS[line.tone or ""]
        label = style.bold(put(line.label or ""))
        return f"{put(line.before_label)}{mark} {label}{put(line.after_label)}"
    if line.kind is Kind.HEADING:
        return style.bold(put(line.text) + ":")
    if line.kind is Kind.BULLET:
        return f"{BULLET}{put(line.text)}"
    if line.kind is Kind.STEP:
        return f"{line.number}. {put(line.text)}"
    if line.kind is Kind.SAY:
        return style.say(line.lead or "", put(line.text))
    return put(line.text)
