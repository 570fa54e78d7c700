"""read_ahead: which turn's text is read ahead and in which language, the request both servers
agree on, and a reading that reaches the judge that role-play uses."""

import dataclasses

import pytest

from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook_languages
from dunning_coach.training import read_ahead, roleplay, shared_judge
from tests.conftest import TODAY

CHEQUE = "excuse_cheque_mailed"
KOREAN = "수표 번호가 어떻게 되나요? 금요일까지 3,000을 입금해 주세요."


def _slot(language=Language.KO, **changes):
    opened = roleplay.start(
        playbook_languages.load(language), CHEQUE, "easy", None, 7, TODAY, language
    )
    return dataclasses.replace(opened, **changes).to_slot()


def test_an_answer_in_a_round_is_sent_in_the_rounds_language():
    body = read_ahead.request(f"  {KOREAN}\n", "roleplay_form", _slot())
    assert body == {"answer": KOREAN, "language": "ko"}
    assert read_ahead.wanted(body) == (KOREAN, Language.KO)


@pytest.mark.parametrize(
    "text, loop, slot",
    [
        (KOREAN, None, _slot()),  # no form on
        (KOREAN, "promise_form", _slot()),  # another form
        (KOREAN, "roleplay_form", None),  # no round
        (KOREAN, "roleplay_form", {"excuse": CHEQUE}),  # a slot no round is read from
        (KOREAN, "roleplay_form", _slot(outcome="stopped")),  # the round is over
        ("/stop_roleplay", "roleplay_form", _slot()),  # a button's payload
        ("   ", "roleplay_form", _slot()),
        (None, "roleplay_form", _slot()),
    ],
)
def test_nothing_else_is_read_ahead(text, loop, slot):
    assert read_ahead.request(text, loop, slot) is None


def test_a_longer_text_than_any_message_is_cut():
    body = read_ahead.request("x" * 9000, "roleplay_form", _slot())
    assert body is not None and len(body["answer"]) == read_ahead.MAX_CHARS
    assert read_ahead.wanted(body) is not None


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "text",
        {},
        {"answer": KOREAN},
        {"language": "ko"},
        {"answer": "", "language": "ko"},
        {"answer": 3, "language": "ko"},
        {"answer": KOREAN, "language": "fr"},
        {"answer": KOREAN, "language": ["ko"]},
        {"answer": "x" * (read_ahead.MAX_CHARS + 1), "language": "ko"},
    ],
)
def test_any_other_body_is_refused(body):
    assert read_ahead.wanted(body) is None


@pytest.fixture
def counted(monkeypatch):
    """The shared judge, counting the texts it encodes."""
    judge = shared_judge.shared()
    encoded: list[str] = []
    encode = judge.encode

    def counting(texts):
        encoded.extend(texts)
        return encode(texts)

    monkeypatch.setattr(judge, "encode", counting)
    return judge, encoded


def test_a_reading_reaches_the_judge_role_play_uses_and_judges_alike(counted):
    judge, encoded = counted
    answer = f"{KOREAN} 언제 보내셨어요?"
    checks = ("asks_cheque_number", "asks_posting_date", "names_amount", "names_date")
    unread = judge.judge(answer, Language.KO, checks)  # read as the action reads it
    encoded.clear()
    assert read_ahead.read(answer, Language.KO)  # read on one thread, beside Rasa's parse
    read = len(encoded)
    assert read > 0
    assert judge.judge(answer, Language.KO, checks) == unread
    assert len(encoded) == read  # judged from the reading, nothing encoded again
    assert unread["asks_cheque_number"].met and unread["names_amount"].met


def test_nothing_is_read_while_the_judge_loads(counted, monkeypatch):
    _, encoded = counted
    monkeypatch.setattr(shared_judge, "loaded", lambda: None)
    assert not read_ahead.read(KOREAN, Language.KO)
    assert encoded == []
