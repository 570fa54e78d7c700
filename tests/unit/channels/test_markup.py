"""channels/markup.py: our shape as Slack mrkdwn and Telegram HTML; database text escaped."""

from __future__ import annotations

from channels.markup import slack_literal, slack_mrkdwn, telegram_html

REPLY = (
    "Cash is tight right now: Likely excuse\n• <b>Acme</b> *Ltd* & Co paid _late_\n"
    "Do:\n1. Ask for `part` payment ~today~\nSay: Can we settle <script>?"
)


def test_slack_gets_a_bold_verdict_and_nothing_from_the_text_formats():
    assert slack_mrkdwn(REPLY).splitlines() == [
        "Cash is tight right now: 🔴 *Likely excuse*",
        "• &lt;b&gt;Acme&lt;/b&gt; ∗Ltd∗ &amp; Co paid ˍlateˍ",
        "*Do:*",
        "1. Ask for ˋpartˋ payment ∼today∼",
        ">*Say:* Can we settle &lt;script&gt;?",
    ]
    assert slack_literal("<@U123> *x*") == "&lt;@U123&gt; ∗x∗"


def test_telegram_gets_html_with_the_text_escaped():
    assert telegram_html(REPLY).splitlines() == [
        "Cash is tight right now: 🔴 <b>Likely excuse</b>",
        "• &lt;b&gt;Acme&lt;/b&gt; *Ltd* &amp; Co paid _late_",
        "<b>Do:</b>",
        "1. Ask for `part` payment ~today~",
        "<b>Say:</b> <i>Can we settle &lt;script&gt;?</i>",
    ]
