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
from rasa.shared.nlu.constants import INTENT, TEXT
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

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # Rasa's cache keys on the config and the data, not on our code: a change in how names
        # are found must train again rather than reuse masked examples from before it.
        return name_masking.rule_digest()

    def __init__(self, config: dict[str, Any]) -> None:
        self._ledger = name_masking.LedgerNames(environment.db_location, float(config["refresh_s"]))
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
        """Each named example is masked, and a copy of it carrying another name is added."""
        pool = name_masking.lookup_names(training_data.lookup_tables)
        names = name_masking.index_of_names(pool)
        copies = []
        for message in training_data.training_examples:
            text = message.get(TEXT)
            spans = names.spans(text) if text and message.get(INTENT) else []
            if not spans:
                continue
            other = name_masking.renamed(text, spans, pool)
            if other != text:
                copy = Message.build(text=other, intent=message.get(INTENT))
                copy.set(TOKENS_NAMES[TEXT], self._tokenizer.tokenize(copy, TEXT))
                copies.append(copy)
            self._hide(message, spans)
        if not copies:
            return training_data
        # A new TrainingData: its example lists are computed once, on first use.
        return TrainingData(
            training_examples=training_data.training_examples + copies,
            entity_synonyms=training_data.entity_synonyms,
            regex_features=training_data.regex_features,
            lookup_tables=training_data.lookup_tables,
            responses=training_data.responses,
        )

    def process(self, messages: list[Message]) -> list[Message]:
        names = self._ledger.current()
        for message in messages:
            self._mask(message, names)
        return messages

    def _mask(self, message: Message, names: NameIndex) -> None:
        text = message.get(TEXT)
        if not text or text.startswith("/"):
            return
        self._hide(message, names.spans(text))

    def _hide(self, message: Message, spans: list[tuple[int, int]]) -> None:
        if not spans:
            return
        hidden = name_masking.mask(message.get(TEXT), spans)
        message.set(name_masking.MASKED_TEXT, hidden)
        message.set(TOKENS_NAMES[TEXT], self._tokenizer.tokenize(Message({TEXT: hidden}), TEXT))


def featurized_text(message: Message) -> str:
    """The words the featurizers read: the text with names hidden where a name was found, else
    the text as written."""
    return message.get(name_masking.MASKED_TEXT) or message.get(TEXT) or ""
