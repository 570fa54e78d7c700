"""components/hand_written_policy.py: the contract both our policies keep, checked on each."""

from __future__ import annotations

import pytest
from rasa.core.policies.policy import SupportedData
from rasa.shared.core.events import ActionExecuted

from components.intent_family_policy import IntentFamilyPolicy
from components.sender_gate_policy import SenderGatePolicy
from tests.rasa_components import Components
from tests.unit.components.policies import domain, sure_of

POLICIES = [IntentFamilyPolicy, SenderGatePolicy]


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.__name__)
def test_the_config_overrides_the_defaults_key_by_key(tmp_path, policy):
    built = Components(tmp_path).create(policy, "p", {"priority": 3})
    assert built.config["priority"] == 3 and built.priority == 3
    assert built.config["action"] == policy.get_default_config()["action"]


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.__name__)
def test_training_learns_nothing_and_loading_gives_the_same_policy(tmp_path, policy):
    components = Components(tmp_path)
    trained = components.create(policy, "p")
    assert policy.supported_data() is SupportedData.ML_AND_RULE_DATA
    assert trained.train([], domain()) == trained._resource
    loaded = components.load(policy, "p")
    after_its_action = [ActionExecuted(policy.get_default_config()["action"])]
    assert sure_of(loaded, after_its_action) == sure_of(trained, after_its_action) is not None
