"""The Rasa featurizer around the sentence encoder."""

import json

import numpy as np
import pytest
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.sentence_featurizer import EncoderMismatch, SentenceEncoderFeaturizer
from dunning_coach.nlu import sentence_encoder
from tests.rasa_components import Components, training_data


@pytest.fixture
def components(tmp_path):
    return Components(tmp_path / "model")


def test_each_text_gets_one_sentence_feature_and_no_sequence_feature(components):
    featurizer = components.create(SentenceEncoderFeaturizer, "encoder")
    messages = [
        Message.build(text="the cheque is in the post"),
        Message.build(text="hi"),
        Message(data={"intent": "greet"}),
    ]  # no text: left alone
    featurizer.process(messages)
    for message in messages[:2]:
        [feature] = message.features
        assert (feature.type, feature.attribute, feature.origin) == (
            FEATURE_TYPE_SENTENCE,
            TEXT,
            "encoder",
        )
        assert feature.features.shape == (1, sentence_encoder.DIMENSIONS)
    # Batches sum in another order: equal to float32 rounding.
    assert np.allclose(
        messages[0].features[0].features[0],
        sentence_encoder.encode(["the cheque is in the post"])[0],
        atol=1e-5,
    )
    assert messages[2].features == []


def test_the_model_keeps_which_encoder_it_was_trained_with(components):
    featurizer = components.create(SentenceEncoderFeaturizer, "encoder")
    featurizer.train(training_data([("hi", "greet")]))
    with components.storage.read_from(Resource("encoder")) as d:
        manifest = json.loads((d / "encoder.json").read_text())
    assert manifest["version"] == sentence_encoder.version()
    assert manifest["weights_sha256"] == sentence_encoder.weights_digest()
    assert manifest["fingerprint"] == sentence_encoder.fingerprint()
    assert len(manifest["probe_vector"]) == sentence_encoder.DIMENSIONS
    loaded = components.load(SentenceEncoderFeaturizer, "encoder")
    message = Message.build(text="hi")
    loaded.process([message])
    assert message.features[0].features.shape == (1, sentence_encoder.DIMENSIONS)


def test_a_model_from_another_encoder_is_refused_with_a_clear_message(components, tmp_path):
    featurizer = components.create(SentenceEncoderFeaturizer, "encoder")
    featurizer.train(training_data([("hi", "greet")]))
    manifest_path = next(tmp_path.glob("model/encoder/encoder.json"))
    manifest = json.loads(manifest_path.read_text())
    manifest["version"] = "0.0.1"
    manifest["fingerprint"] = "0123456789abcdef"
    manifest["probe_vector"] = [v + 0.01 for v in manifest["probe_vector"]]
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(
        EncoderMismatch, match=r"0\.0\.1 \(encoder 0123456789abcdef\).*Retrain the model"
    ):
        components.load(SentenceEncoderFeaturizer, "encoder")


def test_the_fingerprint_follows_the_installed_encoder():
    assert SentenceEncoderFeaturizer.fingerprint_addon({}) == sentence_encoder.fingerprint()
