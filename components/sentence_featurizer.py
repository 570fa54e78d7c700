"""A Rasa dense featurizer: the multilingual sentence encoder's vector as a sentence feature.

It sits beside the sparse n-gram featurizers, so the classifier sees both what was written
(n-grams, typos and shorthand) and what it means (the encoder, in any of its languages).
The model stores which encoder it was trained with; loading it beside another one fails with a
clear message instead of classifying with vectors the classifier never saw.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.customer_name_masker import featurized_text
from dunning_coach.nlu import sentence_encoder

logger = logging.getLogger(__name__)

_MANIFEST = "encoder.json"
# Encoded at training time and again at load: the same vector means the same encoder.
PROBE = "the cheque is in the post"
_PROBE_TOLERANCE = 1e-4


class EncoderMismatch(RasaException):
    """The installed encoder is not the one the model was trained with."""


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds one 512-number sentence feature per message text; no sequence features."""

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # Another encoder (release, weights or our pass) retrains the model instead of reusing
        # a cached one.
        return sentence_encoder.fingerprint()

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def __init__(
        self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource
    ) -> None:
        super().__init__(name, {**self.get_default_config(), **config})
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        return cls(config, execution_context.node_name, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        manifest = {
            "package": sentence_encoder.PACKAGE,
            "version": sentence_encoder.version(),
            "weights_sha256": sentence_encoder.weights_digest(),
            "fingerprint": sentence_encoder.fingerprint(),
            "dimensions": sentence_encoder.DIMENSIONS,
            "probe": PROBE,
            "probe_vector": _probe_vector().tolist(),
        }
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceEncoderFeaturizer:
        with model_storage.read_from(resource) as directory:
            manifest = json.loads((Path(directory) / _MANIFEST).read_text(encoding="utf-8"))
        check_manifest(manifest)
        return cls(config, execution_context.node_name, model_storage, resource)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        with_text = [m for m in messages if m.get(TEXT)]
        # With customers' names hidden (components/customer_name_masker.py) where there were any.
        vectors = sentence_encoder.encode([featurized_text(m) for m in with_text])
        for message, vector in zip(with_text, vectors):
            message.add_features(
                Features(vector.reshape(1, -1), FEATURE_TYPE_SENTENCE, TEXT, self._identifier)
            )
        return messages


def _probe_vector() -> np.ndarray:
    return sentence_encoder.encode([PROBE])[0]


def check_manifest(manifest: dict[str, Any]) -> None:
    """Raise EncoderMismatch unless the installed encoder gives the model's probe vector."""
    stored = np.asarray(manifest.get("probe_vector") or [], dtype=np.float32)
    current = _probe_vector()
    if stored.shape != current.shape or not np.allclose(stored, current, atol=_PROBE_TOLERANCE):
        raise EncoderMismatch(
            f"This model was trained with {manifest.get('package')} {manifest.get('version')} "
            f"(encoder {manifest.get('fingerprint')}), but {sentence_encoder.PACKAGE} "
            f"{sentence_encoder.version()} (encoder {sentence_encoder.fingerprint()}) is "
            f"installed and encodes differently. Retrain the model (make run or make serve does) "
            f"before serving it."
        )
