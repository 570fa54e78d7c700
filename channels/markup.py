"""A reply's typed lines (dunning_coach/common/reply.py) as Slack mrkdwn and as Telegram HTML:
the verdict's badge in bold, headings in bold, the line to say set apart. Every part of a line,
and above all what came from the database ("<b>Acme</b> *Ltd*", a note holding "<script>"), is
escaped so it shows as the text it is."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dunning_coach.common.reply import BULLET_MARK, Kind, Line

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


def slack_mrkdwn(lines: Iterable[Line]) -> str:
    return _drawn(lines, _SLACK)


def telegram_html(lines: Iterable[Line]) -> str:
    return _drawn(lines, _TELEGRAM)


def _drawn(lines: Iterable[Line], style: _Style) -> str:
    return "\n".join(_line(line, style) for line in lines)


def _line(line: Line, style: _Style) -> str:
    put = style.literal
    if line.kind is Kind.VERDICT:
        mark = _VERDICT_MARKS[line.tone]
        return f"{put(line.text)}{mark} {style.bold(put(line.label))}{put(line.after)}"
    if line.kind is Kind.HEADING:
        return style.bold(put(line.text))
    if line.kind is Kind.BULLET:
        return f"{BULLET_MARK}{put(line.text)}"
    if line.kind is Kind.STEP:
        return f"{line.number}. {put(line.text)}"
    if line.kind is Kind.SAY:
        return style.say(put(line.lead), put(line.text))
    return put(line.text)
