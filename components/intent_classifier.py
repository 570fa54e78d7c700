"""A Rasa intent classifier that trains in seconds: dunning_coach.nlu.intent_model over the
sentence features of every featurizer before it (n-grams and the sentence encoder).

Rasa's own LogisticRegressionClassifier fixes C at 1 and feeds raw counts beside the encoder's
unit vector, where the character n-grams outweigh everything else; here the regularisation is
configurable (chosen by scripts/tune_nlu.py on a validation split) and each block is weighted
equally. The model is stored as numpy arrays, loaded without pickle.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from dunning_coach.nlu.intent_model import Block, IntentModel

_ARRAYS = "intent_model.npz"
# Raised whenever what is stored changes, so a cached training result in the old form is not
# reused (Rasa fingerprints a component by its class and config, not its code).
STORED_FORMAT = "2"
_ORIGINS = "origins.json"


def _sentence_features(message: Message) -> Iterator[Features]:
    return (f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE)


def sentence_blocks(messages: Sequence[Message], origins: Sequence[str]) -> list[Block]:
    """One matrix per featurizer (in `origins` order), one row per message."""
    rows: dict[str, list[Any]] = {origin: [] for origin in origins}
    for message in messages:
        found = {f.origin: f.features for f in _sentence_features(message)}
        for origin in origins:
            if origin not in found:
                raise InvalidConfigException(
                    f"no sentence features from '{origin}' for '{message.get(TEXT)}'"
                )
            rows[origin].append(found[origin])
    return [
        sp.vstack(rows[o], format="csr") if sp.issparse(rows[o][0]) else np.vstack(rows[o])
        for o in origins
    ]


def sentence_origins(message: Message) -> list[str]:
    """The featurizers that gave this message a sentence feature, in pipeline order."""
    return [f.origin for f in _sentence_features(message)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    @classmethod
    def required_components(cls) -> list[type]:
        return [Featurizer]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        return STORED_FORMAT

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"C": 10.0, "sparse_weight": 1.0, "ranking_length": 10}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: IntentModel | None = None,
        origins: list[str] | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._model = model
        self._origins = origins or []

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        self._origins = sentence_origins(examples[0])
        self._model = IntentModel.fit(
            sentence_blocks(examples, self._origins),
            [e.get(INTENT) for e in examples],
            c=self._config["C"],
            sparse_weight=self._config["sparse_weight"],
        )
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(Path(directory) / _ARRAYS, **self._model.to_arrays())
            (Path(directory) / _ORIGINS).write_text(json.dumps(self._origins), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                with np.load(Path(directory) / _ARRAYS, allow_pickle=False) as arrays:
                    model = IntentModel.from_arrays(dict(arrays))
                origins = json.loads((Path(directory) / _ORIGINS).read_text(encoding="utf-8"))
        except ValueError:  # trained on no intent examples: nothing was stored
            return cls.create(config, model_storage, resource, execution_context)
        return cls(config, model_storage, resource, model, origins)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None:
            return messages
        with_text = [m for m in messages if m.get(TEXT)]
        rows: np.ndarray | list[np.ndarray] = (
            self._model.probabilities(sentence_blocks(with_text, self._origins))
            if with_text
            else []
        )
        for message, row in zip(with_text, rows):
            self._rank(message, row)
        for message in messages:
            if not message.get(TEXT) and not message.get(INTENT):
                # An empty message still gets an intent (a flat one, so the fallback asks
                # again): with none, Rasa would not answer at all.
                self._rank(message, self._model.prior())
        return messages

    def _rank(self, message: Message, row: np.ndarray) -> None:
        assert self._model is not None  # process() ranks only with a model
        order = np.argsort(-row)
        ranking = [
            {INTENT_NAME_KEY: self._model.intents[i], PREDICTED_CONFIDENCE_KEY: float(row[i])}
            for i in order[: self._config["ranking_length"]]
        ]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set("intent_ranking", ranking, add_to_output=True)
