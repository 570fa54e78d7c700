"""A Rasa sparse featurizer: counts of a message's Korean morphemes and Chinese words, and of
their neighbouring pairs (dunning_coach/nlu/morphemes.py), as one sentence feature beside the word
and character n-grams.

The vocabulary is the training data's grams; a message with neither Hangul nor Han, or with none
of those grams, gets an empty row, which the classifier leaves at zero. Names are read hidden, as
the other featurizers read them (components/customer_name_masker.py).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.customer_name_masker import featurized_text
from dunning_coach.nlu import morphemes

_VOCABULARY = "vocabulary.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class MorphemeFeaturizer(SparseFeaturizer, GraphComponent):
    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # Another analyser release, or a change in how text is split or counted, must train again.
        own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
        return f"{morphemes.rule_digest()}:{own}"

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: dict[str, int] | None = None,
    ) -> None:
        super().__init__(name, {**self.get_default_config(), **config})
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MorphemeFeaturizer:
        return cls(config, execution_context.node_name, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        seen = sorted(
            {
                gram
                for m in training_data.training_examples
                for gram in morphemes.grams(featurized_text(m))
            }
        )
        self._vocabulary = {gram: n for n, gram in enumerate(seen)}
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / _VOCABULARY).write_text(
                json.dumps(seen, ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MorphemeFeaturizer:
        with model_storage.read_from(resource) as directory:
            seen = json.loads((Path(directory) / _VOCABULARY).read_text(encoding="utf-8"))
        vocabulary = {gram: n for n, gram in enumerate(seen)}
        morphemes.warm_up()  # the server loads the model once, before the first message
        return cls(config, execution_context.node_name, model_storage, resource, vocabulary)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        width = max(1, len(self._vocabulary))
        for message in messages:
            if not message.get(TEXT):
                continue
            counts: dict[int, int] = {}
            for gram in morphemes.grams(featurized_text(message)):
                column = self._vocabulary.get(gram)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            row = sp.coo_matrix(
                (list(counts.values()), ([0] * len(counts), list(counts.keys()))),
                shape=(1, width),
                dtype="float32",
            )
            message.add_features(Features(row, FEATURE_TYPE_SENTENCE, TEXT, self._identifier))
        return messages
