"""A Rasa component that hides customers' names from the featurizers and the classifier: each
name becomes one placeholder (dunning_coach/nlu/name_masking.py), in training and at run time.

It runs after the entity extractors, which keep reading the message as written (their spans
point into it), and before the featurizers, which read the masked words (`MASKED_TEXT` and the
tokens of it). The message's text itself is left alone: the actions read the names in it.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.word_tokenizer import WordTokenizer
from dunning_coach.accounts.matching import NameIndex
from dunning_coach.common import environment
from dunning_coach.nlu import name_masking


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class CustomerNameMasker(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # How often, at most, the ledger is asked whether its customers' names changed.
        return {"refresh_s": 2.0}

    def __init__(self, config: dict[str, Any]) -> None:
        self._ledger = name_masking.LedgerNames(environment.db_path, float(config["refresh_s"]))
        self._tokenizer = WordTokenizer(WordTokenizer.get_default_config())

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CustomerNameMasker:
        return cls({**cls.get_default_config(), **config})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        names = name_masking.index_of_names(
            name
            for table in training_data.lookup_tables
            if table.get("name") == name_masking.LOOKUP
            for name in table.get("elements") or []
        )
        for message in training_data.training_examples:
            self._mask(message, names)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        names = self._ledger.current()
        for message in messages:
            self._mask(message, names)
        return messages

    def _mask(self, message: Message, names: NameIndex) -> None:
        text = message.get(TEXT)
        if not text or text.startswith("/"):
            return
        spans = names.spans(text)
        if not spans:
            return
        hidden = name_masking.mask(text, spans)
        message.set(name_masking.MASKED_TEXT, hidden)
        message.set(TOKENS_NAMES[TEXT], self._tokenizer.tokenize(Message({TEXT: hidden}), TEXT))
