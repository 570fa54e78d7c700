"""A Rasa entity extractor built on a blank spaCy pipeline and an EntityRuler.

The patterns file is read at training time, stored inside the trained model and folded into the
fingerprint, so editing patterns retrains exactly when needed and the model runs from any folder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from dunning_coach.nlu import entities

_STORED = "patterns.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class SpacyEntityRuler(GraphComponent, EntityExtractorMixin):
    """Amounts, durations, dates, invoice and cheque numbers from token patterns; no model."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"patterns_path": "entity_patterns.jsonl"}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        path = Path(config.get("patterns_path", cls.get_default_config()["patterns_path"]))
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        patterns: list[dict[str, Any]] | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._patterns = patterns or []
        self._nlp = entities.build_pipeline(self._patterns) if self._patterns else None

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpacyEntityRuler:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self._patterns = entities.load_patterns(Path(self._config["patterns_path"]))
        self._nlp = entities.build_pipeline(self._patterns)
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / _STORED).write_text(json.dumps(self._patterns), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SpacyEntityRuler:
        with model_storage.read_from(resource) as directory:
            patterns = json.loads((Path(directory) / _STORED).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, patterns)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._nlp is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = self.add_extractor_name(entities.extract(self._nlp, text))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
