"""components/language_entity.py: a `language` entity when the message tells its language, and
nothing when it cannot, so the slot keeps the conversation's."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from components.language_entity import LanguageEntityExtractor


def languages_of(text: str) -> list[str]:
    extractor = LanguageEntityExtractor()
    [message] = extractor.process([Message.build(text=text)])
    return [e["value"] for e in message.get(ENTITIES, []) if e["entity"] == "language"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("dice que no le ha llegado la factura", ["es"]),
        ("他说支票已经寄出去了", ["zh-Hans"]),
        ("他說支票已經寄出去了", ["zh-Hant"]),
        ("사장님이 출장 중이래요", ["ko"]),
        ("they say the cheque is in the post", ["en"]),
        ("ok", []),
        ("好的", []),
        ("", []),
    ],
)
def test_the_language_entity_only_when_the_message_tells(text, found):
    assert languages_of(text) == found


def test_other_entities_are_kept():
    message = Message.build(text="这是鸿福五金")
    message.set(ENTITIES, [{"entity": "amount", "value": 1}])
    [out] = LanguageEntityExtractor().process([message])
    assert [e["entity"] for e in out.get(ENTITIES)] == ["amount", "language"]
