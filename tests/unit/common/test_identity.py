"""Conversation ids per channel: Slack and Telegram namespaced, the web id plain."""

from dunning_coach.common import identity


def test_slack_and_telegram_ids_are_namespaced_and_read_back():
    assert identity.conversation_id("slack", "U1") == "slack:U1"
    assert identity.conversation_id("telegram", "42") == "telegram:42"
    assert identity.user_id("telegram", "telegram:42") == "42"
    assert identity.column("telegram") == "telegram_id"


def test_the_web_chat_rest_and_terminal_share_the_plain_web_id():
    for channel in ("chat", "rest", "cmdline", None):
        assert identity.conversation_id(channel or "rest", "demo-rep") == "demo-rep"
        assert identity.user_id(channel, "demo-rep") == "demo-rep"
        assert identity.column(channel) == "rest_id"


def test_a_conversation_id_of_the_wrong_shape_names_nobody():
    assert identity.user_id("slack", "U1") is None
    assert identity.user_id("slack", "telegram:42") is None
