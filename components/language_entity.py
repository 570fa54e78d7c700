"""The language a message is written in, as a `language` entity when the text alone tells.

Its slot (domain.yml) follows it, so that Rasa's own responses (utter_*) can pick the variation in
the rep's language before any action runs. A message that cannot tell ("ok", "1") adds nothing,
and the slot keeps the conversation's language, set from the rep's when the session starts.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from dunning_coach.common.rasa_names import Entity
from dunning_coach.language import languages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageEntityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageEntityExtractor:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            language = languages.decided(text)
            if language is None:
                continue
            found = {
                "entity": Entity.LANGUAGE,
                "value": language.value,
                "start": 0,
                "end": len(text),
            }
            message.set(
                ENTITIES,
                message.get(ENTITIES, []) + self.add_extractor_name([found]),
                add_to_output=True,
            )
        return messages
