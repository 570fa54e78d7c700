"""domain.yml's responses: Rasa's own answers (utter_*) in every language, chosen by the
`language` slot, with English for a conversation in no other language."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain

from dunning_coach.common.rasa_names import Slot
from dunning_coach.language import messages
from dunning_coach.language.languages import CODES, DEFAULT
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def _by_language(name: str) -> dict[str | None, str]:
    found: dict[str | None, str] = {}
    for variation in DOMAIN.responses[name]:
        conditions = variation.get("condition") or []
        assert all(c["name"] == Slot.LANGUAGE for c in conditions), name
        code = conditions[0]["value"] if conditions else None
        assert code not in found, (name, code)
        found[code] = variation["text"]
    return found


@pytest.mark.parametrize("name", sorted(DOMAIN.responses))
def test_every_response_has_one_text_per_language(name):
    texts = _by_language(name)
    others = {code for code in CODES if code != DEFAULT.value}
    assert set(texts) == others | {None}, name
    english = messages.placeholders(texts[None])
    assert all(messages.placeholders(t) == english for t in texts.values()), name


def test_the_language_slot_is_filled_from_the_language_entity():
    slot = next(s for s in DOMAIN.slots if s.name == Slot.LANGUAGE)
    assert slot.mappings == [{"type": "from_entity", "entity": "language"}]
    assert not slot.influence_conversation
