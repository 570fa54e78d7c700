"""channels/webchat.py: what a reload of the web chat shows."""

from __future__ import annotations

import time
from types import SimpleNamespace

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from channels.collected import collected
from channels.webchat import SECURITY_HEADERS, WebChatInput, bot_messages, history
from dunning_coach.common import tokens
from dunning_coach.common.reply import Line, Reply


def test_history_shows_a_pressed_button_as_its_title_and_keeps_the_buttons():
    events = [
        UserUttered("hi"),
        ActionExecuted("utter_greet"),
        BotUttered(
            "Pick one", {"buttons": [{"title": "Open invoices", "payload": "/show_account"}]}
        ),
        UserUttered("/show_account"),
        BotUttered("Northwind: €1,000 open"),
    ]
    shown = [{k: v for k, v in m.items() if k != "lines"} for m in history(events)]
    assert shown == [
        {"from": "rep", "text": "hi"},
        {
            "from": "bot",
            "text": "Pick one",
            "buttons": [{"title": "Open invoices", "payload": "/show_account"}],
        },
        {"from": "rep", "text": "Open invoices"},
        {"from": "bot", "text": "Northwind: €1,000 open", "buttons": []},
    ]
    assert len(history(events * 100, limit=7)) == 7


def test_a_reply_reaches_the_page_with_its_lines_live_and_after_a_reload():
    reply = Reply.of(
        [
            Line.verdict("Cash is tight right now: ", "Likely excuse", "", "excuse"),
            Line.bullet("<b>Acme</b> *Ltd* paid late"),
            Line.say("Say:", "Can we settle <script> today?"),
        ]
    )
    message = reply.as_message()
    live = bot_messages([collected("dana", message)])
    stored = BotUttered(message.pop("text"), metadata=message)  # as Rasa keeps it
    assert history([stored]) == live
    assert live[0]["lines"] == [
        {
            "kind": "verdict",
            "text": "Cash is tight right now: ",
            "label": "Likely excuse",
            "after": "",
            "tone": "excuse",
        },
        {"kind": "bullet", "text": "<b>Acme</b> *Ltd* paid late"},
        {"kind": "say", "lead": "Say:", "text": "Can we settle <script> today?"},
    ]


def test_a_message_without_lines_shows_as_plain_lines_whatever_it_looks_like():
    (shown,) = history([BotUttered("Do:\n1. Acme: Likely excuse")])
    assert [line["kind"] for line in shown["lines"]] == ["text", "text"]


def test_the_page_may_not_be_framed_by_another_site():
    assert "frame-ancestors 'none'" in SECURITY_HEADERS["Content-Security-Policy"]
    assert SECURITY_HEADERS["X-Frame-Options"] == "DENY"


def _calling(code: str) -> SimpleNamespace:
    return SimpleNamespace(headers={"Authorization": f"Bearer {code}"})


def test_a_code_is_honoured_only_while_the_ledger_stands_behind_its_rep(build):
    build.rep("R1", rest_id="dana")
    chat = WebChatInput("s3cret", build.store.path)
    code = tokens.issue("s3cret", "dana", "R1")
    assert chat.signed_in(_calling(code)).web_id == "dana"
    assert chat.signed_in(_calling(tokens.issue("s3cret", "left-the-company", "R9"))) is None
    build.store.revoke_signins("R1")
    assert chat.signed_in(_calling(code)) is None
    time.sleep(0.01)  # a code issued in the revocation's own millisecond counts as revoked
    fresh = tokens.issue("s3cret", "dana", "R1")
    assert chat.signed_in(_calling(fresh)).web_id == "dana"
    build.rep("R1", rest_id="dana", active=0)
    assert chat.signed_in(_calling(fresh)) is None


def test_a_code_does_not_follow_its_web_id_to_another_rep(build):
    # Dana leaves; her web id goes to a newcomer: her code must not open the newcomer's account.
    build.rep("R1", rest_id="dana")
    chat = WebChatInput("s3cret", build.store.path)
    hers = tokens.issue("s3cret", "dana", "R1")
    assert chat.signed_in(_calling(hers)) is not None
    build.rep("R1", rest_id=None, active=0)
    build.rep("R9", rest_id="dana")
    assert chat.signed_in(_calling(hers)) is None
    assert chat.signed_in(_calling(tokens.issue("s3cret", "dana", "R9"))) is not None


def test_a_rebuilt_ledger_file_is_read_not_the_deleted_one(tmp_path):
    from dunning_coach.accounts.store import AccountStore
    from tests.conftest import Builder

    path = tmp_path / "ledger.db"
    with AccountStore(path) as store:
        Builder(store).rep("R1", rest_id="dana")
    chat = WebChatInput("s3cret", path)
    code = tokens.issue("s3cret", "dana", "R1")
    assert chat.signed_in(_calling(code)) is not None
    for old in tmp_path.glob("ledger.db*"):  # as make db rebuilds the demo database
        old.unlink()
    with AccountStore(path) as store:
        Builder(store).rep("R2", rest_id="sam")
    assert chat.signed_in(_calling(code)) is None
    assert chat.signed_in(_calling(tokens.issue("s3cret", "sam", "R2"))) is not None


def test_without_a_ledger_every_code_is_refused_and_none_is_made(tmp_path, caplog):
    # The Rasa server only reads the ledger: a wrong DUNNING_DB refuses sign-ins, and says so.
    chat = WebChatInput("s3cret", tmp_path / "nowhere" / "ledger.db")
    assert chat.signed_in(_calling(tokens.issue("s3cret", "dana", "R1"))) is None
    assert "cannot check sign-ins" in caplog.text
    assert not (tmp_path / "nowhere").exists()
