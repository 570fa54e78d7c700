"""A reply's text as Slack mrkdwn and as Telegram HTML, drawn from its shape
(dunning_coach/excuses/layout.py): the verdict in bold, headings in bold, the line to say set
apart. Everything else, and above all what came from the database ("<b>Acme</b> *Ltd*", a note
holding "<script>"), is escaped so it shows as the text it is."""

from __future__ import annotations

import html

from dunning_coach.excuses.layout import BULLET, SAY, Kind, Line, lines

# Slack has no escape for its formatting characters; these look-alikes show the same and format
# nothing. & < > are escaped as Slack asks.
_SLACK_LITERAL = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"}
)
_VERDICT_MARKS = {"true": "🟢", "excuse": "🔴", "unsure": "🟡"}


def slack_literal(text: str) -> str:
    return text.translate(_SLACK_LITERAL)


def slack_mrkdwn(text: str) -> str:
    return "\n".join(_slack_line(line) for line in lines(text))


def _slack_line(line: Line) -> str:
    put = slack_literal
    if line.kind is Kind.VERDICT:
        mark = _VERDICT_MARKS[line.tone or ""]
        return f"{put(line.before_label)}{mark} *{put(line.label or '')}*{put(line.after_label)}"
    if line.kind is Kind.HEADING:
        return f"*{put(line.text)}:*"
    if line.kind is Kind.BULLET:
        return f"{BULLET}{put(line.text)}"
    if line.kind is Kind.STEP:
        return f"{line.number}. {put(line.text)}"
    if line.kind is Kind.SAY:
        return f">*{SAY.rstrip()}* {put(line.text)}"
    return put(line.text)


def telegram_html(text: str) -> str:
    return "\n".join(_telegram_line(line) for line in lines(text))


def _telegram_line(line: Line) -> str:
    def put(part: str) -> str:
        return html.escape(part, quote=False)

    if line.kind is Kind.VERDICT:
        mark = _VERDICT_MARKS[line.tone or ""]
        return (
            f"{put(line.before_label)}{mark} <b>{put(line.label or '')}</b>{put(line.after_label)}"
        )
    if line.kind is Kind.HEADING:
        return f"<b>{put(line.text)}:</b>"
    if line.kind is Kind.BULLET:
        return f"{BULLET}{put(line.text)}"
    if line.kind is Kind.STEP:
        return f"{line.number}. {put(line.text)}"
    if line.kind is Kind.SAY:
        return f"<b>{SAY.rstrip()}</b> <i>{put(line.text)}</i>"
    return put(line.text)
