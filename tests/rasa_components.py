"""Build our Rasa graph components outside a Rasa server, on a model storage in a temporary
folder, the way Rasa's training and prediction graphs do."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from scripts.tune_nlu import featurizer_specs

CONFIG = Path(__file__).resolve().parent.parent / "config.yml"


class Components:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.storage = LocalModelStorage(folder)

    def create(self, clazz: Any, name: str, config: dict[str, Any] | None = None) -> Any:
        return clazz.create(
            {**clazz.get_default_config(), **(config or {})},
            self.storage,
            Resource(name),
            self.context(name),
        )

    def load(self, clazz: Any, name: str, config: dict[str, Any] | None = None) -> Any:
        return clazz.load(
            {**clazz.get_default_config(), **(config or {})},
            self.storage,
            Resource(name),
            self.context(name),
        )

    @staticmethod
    def context(name: str) -> ExecutionContext:
        return ExecutionContext(GraphSchema({}), node_name=name)

    def featurizers(self, data: TrainingData) -> list:
        """The tokenizer and featurizers config.yml names, read as the tuner reads them, trained
        on `data` (which they featurize); returns them to featurize more messages."""
        steps = [
            self.create(clazz, f"run_{clazz.__name__}{n}", config)
            for n, (clazz, config) in enumerate(featurizer_specs(CONFIG))
        ]
        for step in steps:
            if hasattr(step, "train"):
                step.train(data)
            step.process_training_data(data)
        return steps


def training_data(pairs: Sequence[tuple[str, str]]) -> TrainingData:
    return TrainingData(training_examples=[Message.build(text=t, intent=i) for t, i in pairs])


def featurize(steps: list, texts: Sequence[str]) -> list:
    messages = [Message.build(text=t) for t in texts]
    for step in steps:
        step.process(messages)
    return messages
