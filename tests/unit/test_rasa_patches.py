"""rasa_patches: the same answers as unpatched Rasa, for good and bad action server responses."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import rasa_patches

GOOD = {
    "events": [{"event": "slot", "name": "customer_id", "value": "C1"}],
    "responses": [{"text": "hello"}],
}
BAD = {"events": [{"event": "slot", "name": 5}], "responses": "hello"}


@pytest.fixture
def patched(monkeypatch):
    # monkeypatch puts Rasa's own method back after the test.
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    assert rasa_patches.apply()
    return RemoteAction("action_x", None)


def stock_error(result: dict) -> str:
    with pytest.raises(ValidationError) as raised:
        RemoteAction("action_x", None)._validate_action_result(result)
    return raised.value.message


def test_a_good_response_passes(patched):
    assert patched._validate_action_result(GOOD) is True


def test_a_bad_response_fails_with_the_message_stock_rasa_gives():
    expected = stock_error(BAD)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
        assert rasa_patches.apply()
        with pytest.raises(ValidationError) as raised:
            RemoteAction("action_x", None)._validate_action_result(BAD)
    assert raised.value.message == expected and "Failed to validate Action server" in expected


def test_another_rasa_version_is_left_unpatched(monkeypatch):
    import rasa

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    original = RemoteAction._validate_action_result
    assert rasa_patches.apply() is False
    assert RemoteAction._validate_action_result is original
