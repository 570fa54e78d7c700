"""The Rasa intent classifier over the project's featurizers, trained and loaded as Rasa does."""

import numpy as np
import pytest
from rasa.engine.storage.resource import Resource

from components.intent_classifier import LinearIntentClassifier
from tests.rasa_components import Components, featurize, training_data

PAIRS = [
    ("the cheque is in the post", "excuse_cheque_mailed"),
    ("we mailed the check yesterday", "excuse_cheque_mailed"),
    ("chq went out friday", "excuse_cheque_mailed"),
    ("we have no money right now", "excuse_money_tight"),
    ("cash is tight this month", "excuse_money_tight"),
    ("we're broke", "excuse_money_tight"),
    ("hello", "greet"),
    ("hi there", "greet"),
    ("good morning", "greet"),
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    components = Components(tmp_path_factory.mktemp("model"))
    steps = components.featurizers(training_data(PAIRS))
    data = training_data(PAIRS)
    for step in steps:
        step.process_training_data(data)
    classifier = components.create(LinearIntentClassifier, "classifier", {"C": 100})
    classifier.train(data)
    return components, steps, classifier


def test_it_ranks_every_intent_and_gets_unseen_phrasings_right(trained):
    _, steps, classifier = trained
    [cheque, cash] = featurize(steps, ["cheque is in the mail", "no cash at all"])
    classifier.process([cheque, cash])
    assert cheque.get("intent")["name"] == "excuse_cheque_mailed"
    assert cash.get("intent")["name"] == "excuse_money_tight"
    ranking = cheque.get("intent_ranking")
    assert next(r["name"] for r in ranking) == "excuse_cheque_mailed" and len(ranking) == 3
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_loaded_from_the_model_it_answers_the_same_without_pickle(trained):
    components, steps, classifier = trained
    with (
        components.storage.read_from(Resource("classifier")) as directory,
        np.load(directory / "intent_model.npz", allow_pickle=False) as arrays,
    ):
        assert "weights" in arrays.files
    loaded = components.load(LinearIntentClassifier, "classifier", {"C": 100})
    [a] = featurize(steps, ["we sent a cheque"])
    [b] = featurize(steps, ["we sent a cheque"])
    classifier.process([a])
    loaded.process([b])
    assert a.get("intent_ranking") == b.get("intent_ranking")


def test_no_intent_examples_trains_nothing_and_loads_empty(tmp_path):
    components = Components(tmp_path / "model")
    classifier = components.create(LinearIntentClassifier, "empty")
    classifier.train(training_data([]))
    loaded = components.load(LinearIntentClassifier, "empty")
    [message] = featurize([], ["anything"])
    loaded.process([message])
    assert message.get("intent") is None


def test_an_empty_message_gets_a_flat_ranking_for_the_fallback(trained):
    from rasa.shared.nlu.training_data.message import Message

    _, _, classifier = trained
    message = Message.build(text="")
    classifier.process([message])
    ranking = message.get("intent_ranking")
    assert len(ranking) == 3 and ranking[0]["confidence"] < 0.5
    assert message.get("intent")["name"] == ranking[0]["name"]
