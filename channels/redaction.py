"""Errors as log lines without a channel's secret: an API client's error often quotes the whole
address it called, and Telegram's carries the bot token in its path."""

from __future__ import annotations

import urllib.parse


def hide_token(text: str, token: str) -> str:
    """`text` with the token cut out, as written or as quoted in an address."""
    for form in {token, urllib.parse.quote(token), urllib.parse.quote(token, safe="")} - {""}:
        text = text.replace(form, "<bot token>")
    return text


def safe_error(error: BaseException, token: str) -> str:
    """An error as a log line without the token, whatever the error quotes."""
    return hide_token(f"{type(error).__name__}: {error}", token)
