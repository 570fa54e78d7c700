"""channels/markup.py: typed lines as Slack mrkdwn and Telegram HTML; every part escaped."""

from __future__ import annotations

from channels.markup import slack_literal, slack_mrkdwn, telegram_html
from dunning_coach.common.reply import Line

LINES = (
    Line.verdict("Cash is tight right now: ", "Likely excuse", "", "excuse"),
    Line.bullet("<b>Acme</b> *Ltd* & Co paid _late_"),
    Line.heading("Do:"),
    Line.step(1, "Ask for `part` payment ~today~"),
    Line.say("Say:", "Can we settle <script>?"),
    Line.plain("Northwind: a note: call Jo before 10:"),
)


def test_slack_gets_a_bold_verdict_and_nothing_from_the_text_formats():
    assert slack_mrkdwn(LINES).splitlines() == [
        "Cash is tight right now: 🔴 *Likely excuse*",
        "• &lt;b&gt;Acme&lt;/b&gt; ∗Ltd∗ &amp; Co paid ˍlateˍ",
        "*Do:*",
        "1. Ask for ˋpartˋ payment ∼today∼",
        ">*Say:* Can we settle &lt;script&gt;?",
        "Northwind: a note: call Jo before 10:",
    ]
    assert slack_literal("<@U123> *x*") == "&lt;@U123&gt; ∗x∗"


def test_telegram_gets_html_with_the_text_escaped():
    assert telegram_html(LINES).splitlines() == [
        "Cash is tight right now: 🔴 <b>Likely excuse</b>",
        "• &lt;b&gt;Acme&lt;/b&gt; *Ltd* &amp; Co paid _late_",
        "<b>Do:</b>",
        "1. Ask for `part` payment ~today~",
        "<b>Say:</b> <i>Can we settle &lt;script&gt;?</i>",
        "Northwind: a note: call Jo before 10:",
    ]


def test_a_line_is_drawn_by_its_kind_never_by_how_its_text_looks():
    looks_like = [Line.plain("Do:"), Line.plain("Cheque: Likely excuse"), Line.plain("1. x")]
    assert telegram_html(looks_like).splitlines() == ["Do:", "Cheque: Likely excuse", "1. x"]
