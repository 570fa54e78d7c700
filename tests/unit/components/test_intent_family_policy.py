"""components/intent_family_policy.py: one action for every intent of a family, then listen."""

from __future__ import annotations

import pytest
import yaml
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    UserUttered,
)

from components.intent_family_policy import IntentFamilyPolicy
from dunning_coach.common.rasa_names import SIGN_PREFIX, ActionName, Form
from tests.conftest import ROOT
from tests.unit.components.policies import build, domain, sure_of


def said(intent: str) -> list:
    return [ActionExecuted(ACTION_LISTEN_NAME), UserUttered("x", {"name": intent})]


@pytest.fixture
def excuses(tmp_path):
    return build(IntentFamilyPolicy, tmp_path)


def test_every_excuse_intent_gets_the_excuse_action_then_listen(excuses):
    family = [i for i in domain().intents if i.startswith("excuse_")]
    assert len(family) >= 9
    for intent in family:
        assert sure_of(excuses, said(intent)) == ActionName.RESPOND_EXCUSE, intent
    after = [*said(family[0]), ActionExecuted(ActionName.RESPOND_EXCUSE)]
    assert sure_of(excuses, after) == ACTION_LISTEN_NAME


@pytest.mark.parametrize("intent", ["greet", "help", "sign_staff_change"])
def test_other_intents_are_left_to_the_other_policies(excuses, intent):
    assert sure_of(excuses, said(intent)) is None


def test_it_stays_out_of_an_active_form(excuses):
    events = [ActiveLoop(Form.PROMISE), *said("excuse_cheque_mailed")]
    assert sure_of(excuses, events) is None


def test_a_form_that_rejected_the_message_gets_the_answer_then_resumes(excuses):
    # The promise form took "the cheque is in the post" for no answer to its question: the
    # excuse is answered as outside the form, then the form asks its question again.
    rejected = [
        ActiveLoop(Form.PROMISE),
        *said("excuse_cheque_mailed"),
        ActionExecutionRejected(Form.PROMISE),
    ]
    assert sure_of(excuses, rejected) == ActionName.RESPOND_EXCUSE
    answered = [*rejected, ActionExecuted(ActionName.RESPOND_EXCUSE)]
    assert sure_of(excuses, answered) == Form.PROMISE


def test_the_prefix_and_action_come_from_the_config(tmp_path):
    signs = build(
        IntentFamilyPolicy,
        tmp_path,
        {"intent_prefix": SIGN_PREFIX, "action": ActionName.RECORD_VISIT},
    )
    assert sure_of(signs, said("sign_staff_change")) == ActionName.RECORD_VISIT
    assert sure_of(signs, said("excuse_cheque_mailed")) is None


def test_each_family_in_config_yml_has_intents_and_a_declared_action():
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    families = [p for p in config["policies"] if p["name"].endswith("IntentFamilyPolicy")]
    assert {p["intent_prefix"] for p in families} == {"excuse_", "sign_", "team_"}
    for policy in families:
        assert policy["action"] in domain().action_names_or_texts
        assert any(i.startswith(policy["intent_prefix"]) for i in domain().intents)
