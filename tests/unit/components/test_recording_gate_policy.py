"""components/recording_gate_policy.py: an unsure excuse or sign is asked about, then listen;
a sure one, a button's, or any other intent is left to the other policies."""

from __future__ import annotations

import pytest
import yaml
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered

from components.recording_gate_policy import RecordingGatePolicy
from dunning_coach.common.rasa_names import ActionName, Form
from tests.conftest import ROOT
from tests.unit.components.policies import build, domain, sure_of


def said(*ranking: tuple[str, float]) -> list:
    top = {"name": ranking[0][0], "confidence": ranking[0][1]}
    parsed = {"intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}
    return [ActionExecuted(ACTION_LISTEN_NAME), UserUttered("x", top, [], parsed)]


@pytest.fixture
def gate(tmp_path):
    return build(RecordingGatePolicy, tmp_path, {"threshold": 0.8, "margin": 0.2})


def test_an_unsure_sign_is_asked_about_then_the_assistant_listens(gate):
    events = said(("sign_staff_change", 0.6), ("select_customer", 0.3))
    assert sure_of(gate, events) == ActionName.ASK_READING
    assert sure_of(gate, [*events, ActionExecuted(ActionName.ASK_READING)]) == ACTION_LISTEN_NAME


def test_a_close_runner_up_is_asked_about(gate):
    assert sure_of(gate, said(("excuse_already_paid", 0.85), ("promise_to_pay", 0.7))) == (
        ActionName.ASK_READING
    )


@pytest.mark.parametrize(
    "ranking",
    [
        [("excuse_cheque_mailed", 0.97), ("excuse_already_paid", 0.01)],  # sure
        [("excuse_cheque_mailed", 1.0)],  # a button
        [("select_customer", 0.5), ("sign_moving", 0.45)],  # records nothing
    ],
)
def test_sure_readings_buttons_and_other_intents_are_left_alone(gate, ranking):
    assert sure_of(gate, said(*ranking)) is None


def test_it_stays_out_of_an_active_form(gate):
    events = [ActiveLoop(Form.PROMISE), *said(("excuse_money_tight", 0.5), ("inform", 0.4))]
    assert sure_of(gate, events) is None


def test_config_yml_declares_the_action_and_outranks_the_family_policies():
    policies = yaml.safe_load((ROOT / "config.yml").read_text())["policies"]
    [gate] = [p for p in policies if p["name"].endswith("RecordingGatePolicy")]
    assert RecordingGatePolicy.get_default_config()["action"] in domain().action_names_or_texts
    assert 0.4 < gate["threshold"] <= 1.0 and gate["margin"] >= 0
    from components.intent_family_policy import IntentFamilyPolicy

    assert (
        RecordingGatePolicy.get_default_config()["priority"]
        > IntentFamilyPolicy.get_default_config()["priority"]
    )
