"""Every Rasa name the code uses is declared in domain.yml, and the code spells none of them out
elsewhere: a rename in the domain fails here, not in a conversation."""

import ast

import pytest
import yaml

from dunning_coach.common.rasa_names import (
    EXCUSE_PREFIX,
    SIGN_PREFIX,
    ActionName,
    Entity,
    Form,
    Intent,
    Slot,
)
from tests.conftest import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
BUILT_IN_SLOTS = {Slot.REQUESTED_SLOT, Slot.SESSION_STARTED_METADATA}
BUILT_IN_INTENTS = {Intent.NLU_FALLBACK}


def values(names: type) -> set[str]:
    return {v for k, v in vars(names).items() if k.isupper()}


def test_intents_entities_slots_forms_and_actions_are_in_the_domain():
    assert values(Intent) - BUILT_IN_INTENTS <= set(DOMAIN["intents"])
    # An entity is a name, or a one-key mapping of its name to its settings.
    entities = {e if isinstance(e, str) else next(iter(e)) for e in DOMAIN["entities"]}
    assert values(Entity) <= entities
    assert values(Slot) - BUILT_IN_SLOTS <= set(DOMAIN["slots"])
    assert values(Form) <= set(DOMAIN["forms"])
    assert values(ActionName) <= set(DOMAIN["actions"])


def test_the_intent_families_have_members_in_the_domain():
    assert any(i.startswith(EXCUSE_PREFIX) for i in DOMAIN["intents"])
    assert any(i.startswith(SIGN_PREFIX) for i in DOMAIN["intents"])


def _literal_names(path):
    """String literals passed where a Rasa name goes: intent_payload(), get_slot(), SlotSet()."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if called in {"intent_payload", "get_slot", "SlotSet"} and isinstance(
                first, ast.Constant
            ):
                yield f"{path.relative_to(ROOT)}:{node.lineno} {called}({first.value!r})"


@pytest.mark.parametrize("folder", ["dunning_coach", "actions", "channels", "components"])
def test_no_rasa_name_is_written_as_a_literal(folder):
    found = [hit for p in sorted((ROOT / folder).rglob("*.py")) for hit in _literal_names(p)]
    assert found == [], "use dunning_coach.common.rasa_names"
