"""Build our Rasa graph components outside a Rasa server, on a model storage in a temporary
folder, the way Rasa's training and prediction graphs do."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional, Sequence, Tuple

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_featurizer import SentenceEncoderFeaturizer


class Components:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.storage = LocalModelStorage(folder)

    def create(self, clazz: Any, name: str, config: Optional[Dict[str, Any]] = None) -> Any:
        return clazz.create({**clazz.get_default_config(), **(config or {})}, self.storage,
                            Resource(name), self.context(name))

    def load(self, clazz: Any, name: str, config: Optional[Dict[str, Any]] = None) -> Any:
        return clazz.load({**clazz.get_default_config(), **(config or {})}, self.storage,
                          Resource(name), self.context(name))

    @staticmethod
    def context(name: str) -> ExecutionContext:
        return ExecutionContext(GraphSchema({}), node_name=name)

    def featurizers(self, data: TrainingData) -> list:
        """Tokenizer, word and character n-grams and the encoder, as config.yml has them,
        trained on `data` (which they featurize); returns them to featurize more messages."""
        steps = [self.create(WhitespaceTokenizer, "tokens"),
                 self.create(CountVectorsFeaturizer, "words", {"max_ngram": 2}),
                 self.create(CountVectorsFeaturizer, "chars",
                             {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4}),
                 self.create(SentenceEncoderFeaturizer, "encoder")]
        for step in steps:
            if hasattr(step, "train"):
                step.train(data)
            step.process_training_data(data)
        return steps


def training_data(pairs: Sequence[Tuple[str, str]]) -> TrainingData:
    return TrainingData(training_examples=[Message.build(text=t, intent=i) for t, i in pairs])


def featurize(steps: list, texts: Sequence[str]) -> list:
    messages = [Message.build(text=t) for t in texts]
    for step in steps:
        step.process(messages)
    return messages
