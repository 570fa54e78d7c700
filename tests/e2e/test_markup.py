"""Text from the database stays text in every channel: a customer named `<b>Acme</b> *Ltd*` with a
note holding `<script>` is shown as written, and formats nothing, in the REST channel, Slack's
mrkdwn, Telegram's HTML and the terminal (the web chat's page: tests/e2e/test_webchat.py)."""

from __future__ import annotations

from terminal.screen import show
from tests.e2e.hostile_data import ASK, NAME, NOTE, hostile_customer
from tests.e2e.platforms import dm_event, exchange, post_event, signed, to
from tests.harness import text_of


def test_rest_and_the_terminal_show_database_text_as_written(servers):
    hostile_customer(servers, "R71", rest_id="mark-rest")
    servers.say("mark-rest", ASK[0])
    summary = servers.say("mark-rest", ASK[1])
    assert NAME in text_of(summary) and NOTE in text_of(summary)
    shown = show(summary, colour=True).text
    assert NAME in shown and NOTE in shown


def test_slack_escapes_database_text_and_formats_only_our_own(servers, mock_apis):
    hostile_customer(servers, "R72", slack_id="U0MARK072")
    secret = servers.env["SLACK_SIGNING_SECRET"]
    for n, text in enumerate(ASK, 1):
        body = dm_event("U0MARK072", "D0MARK72", text)
        assert post_event(servers, body, signed(secret, body)) == 200
        mock_apis.wait_for(to("D0MARK72"), count=n)
    posted = mock_apis.taken(to("D0MARK72"))[-1].body["text"]
    assert "&lt;b&gt;Acme&lt;/b&gt; ∗Ltd∗" in posted
    assert "&lt;script&gt;alert('x')&lt;/script&gt; pay ˍbeforeˍ ∼friday∼ ˋnowˋ" in posted
    for raw in ("<b>", "<script>", "*Ltd*", "_before_", "~friday~", "`now`"):
        assert raw not in posted


def test_telegram_escapes_database_text_in_its_html(servers, mock_apis):
    hostile_customer(servers, "R73", telegram_id=300073)
    exchange(servers, mock_apis, 300073, ASK[0])
    (summary,) = exchange(servers, mock_apis, 300073, ASK[1])
    assert summary["parse_mode"] == "HTML"
    assert "&lt;b&gt;Acme&lt;/b&gt; *Ltd*" in summary["text"]
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in summary["text"]
    assert "<b>Acme" not in summary["text"] and "<script>" not in summary["text"]
