"""channels/redaction.py: errors logged without a channel's token."""

from __future__ import annotations

from urllib.parse import quote

from channels.redaction import safe_error

TOKEN = "123456:SECRET-telegram-token"


def test_an_error_is_logged_with_the_token_cut_out_as_written_and_as_quoted():
    error = ValueError(f"http://x/bot{TOKEN}/sendMessage and {quote(TOKEN, safe='')}")
    shown = safe_error(error, TOKEN)
    assert "SECRET" not in shown and shown.count("<bot token>") == 2


def test_no_token_leaves_the_error_as_it_is():
    assert safe_error(ValueError("boom"), "") == "ValueError: boom"
