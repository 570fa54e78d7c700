"""components/sender_gate_policy.py: a sender the reps table does not know gets only the
registration answer, whatever they write."""

from __future__ import annotations

import pytest
import yaml
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

from components.intent_family_policy import IntentFamilyPolicy
from components.recording_gate_policy import RecordingGatePolicy
from components.sender_gate_policy import SenderGatePolicy
from dunning_coach.common.rasa_names import ActionName, Slot
from tests.conftest import ROOT
from tests.unit.components.policies import build, sure_of


def turn(registered: bool | None, intent: str = "greet") -> list:
    return [
        SlotSet(Slot.REGISTERED, registered),
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered("x", {"name": intent}),
    ]


@pytest.fixture
def gate(tmp_path):
    return build(SenderGatePolicy, tmp_path)


@pytest.mark.parametrize("intent", ["greet", "excuse_cheque_mailed", "start_roleplay", "help"])
def test_an_unknown_sender_gets_the_registration_answer_to_anything(gate, intent):
    assert sure_of(gate, turn(False, intent)) == ActionName.EXPLAIN_REGISTRATION


def test_after_the_answer_it_listens(gate):
    events = [*turn(False), ActionExecuted(ActionName.EXPLAIN_REGISTRATION)]
    assert sure_of(gate, events) == ACTION_LISTEN_NAME


@pytest.mark.parametrize("registered", [True, None])
def test_a_known_or_not_yet_checked_sender_is_left_to_the_other_policies(gate, registered):
    assert sure_of(gate, turn(registered)) is None


def test_it_outranks_every_other_policy_in_config_yml():
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    defaults = {
        "RulePolicy": RulePolicy.get_default_config(),
        "components.intent_family_policy.IntentFamilyPolicy": (
            IntentFamilyPolicy.get_default_config()
        ),
        "components.recording_gate_policy.RecordingGatePolicy": (
            RecordingGatePolicy.get_default_config()
        ),
    }
    others = [
        p.get("priority", defaults[p["name"]]["priority"])
        for p in config["policies"]
        if not p["name"].endswith("SenderGatePolicy")
    ]
    assert others and SenderGatePolicy.get_default_config()["priority"] > max(others)
