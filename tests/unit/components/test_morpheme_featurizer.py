"""The Rasa featurizer of Korean morphemes and Chinese words: one sparse sentence feature over the
training grams."""

import pytest
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.morpheme_featurizer import MorphemeFeaturizer
from dunning_coach.nlu import morphemes, name_masking
from tests.rasa_components import Components, training_data


@pytest.fixture
def components(tmp_path):
    return Components(tmp_path / "model")


def _row(message: Message, origin: str = "morphemes") -> dict[int, float]:
    [feature] = [f for f in message.features if f.origin == origin]
    assert (feature.type, feature.attribute) == (FEATURE_TYPE_SENTENCE, TEXT)
    row = feature.features.tocoo()
    return dict(zip(row.col.tolist(), row.data.tolist()))


def test_counts_the_training_grams_and_ignores_unseen_ones(components):
    featurizer = components.create(MorphemeFeaturizer, "morphemes")
    data = training_data([("송금했대요", "excuse_already_paid"), ("hello", "greet")])
    featurizer.train(data)
    featurizer.process_training_data(data)
    korean, english = data.training_examples
    grams = list(morphemes.grams("송금했대요"))
    assert sorted(_row(korean).values()) == [1.0] * len(set(grams))
    assert _row(english) == {}  # no Hangul: an empty row of the same width
    [feature] = english.features
    assert feature.features.shape == (1, len(set(grams)))

    unseen = Message.build(text="내일 송금할게요")
    featurizer.process([unseen])
    known = set(morphemes.grams("내일 송금할게요")) & set(grams)
    assert known and len(_row(unseen)) == len(known)


def test_the_loaded_model_reads_with_the_trained_vocabulary(components):
    trained = components.create(MorphemeFeaturizer, "morphemes")
    trained.train(training_data([("돈이 없대요", "excuse_money_tight"), ("사장님 출장", "x")]))
    loaded = components.load(MorphemeFeaturizer, "morphemes")
    first, second = Message.build(text="돈이 없대요"), Message.build(text="돈이 없대요")
    trained.process([first])
    loaded.process([second])
    assert _row(first) == _row(second) and _row(first)


def test_names_are_read_hidden(components):
    featurizer = components.create(MorphemeFeaturizer, "morphemes")
    featurizer.train(training_data([("하나상사에 왔어요", "select_customer")]))
    message = Message.build(text="하나상사에 왔어요")
    message.set(name_masking.MASKED_TEXT, f"{name_masking.PLACEHOLDER} 에 왔어요")
    featurizer.process([message])
    vocabulary = set(morphemes.grams("하나상사에 왔어요"))
    hidden = set(morphemes.grams(f"{name_masking.PLACEHOLDER} 에 왔어요"))
    assert len(_row(message)) == len(vocabulary & hidden) < len(vocabulary)


def test_a_message_without_text_is_left_alone(components):
    featurizer = components.create(MorphemeFeaturizer, "morphemes")
    featurizer.train(training_data([("돈이 없대요", "excuse_money_tight")]))
    message = Message(data={"intent": "greet"})
    featurizer.process([message])
    assert message.features == []


def test_loading_the_model_loads_the_analysers_before_the_first_message(components):
    components.create(MorphemeFeaturizer, "morphemes").train(training_data([("돈이 없대요", "x")]))
    loaders = (morphemes._kiwi, morphemes._simplified, morphemes._jieba)
    for loader in loaders:
        loader.cache_clear()
    components.load(MorphemeFeaturizer, "morphemes")
    assert [loader.cache_info().currsize for loader in loaders] == [1, 1, 1]
    assert morphemes._jieba().initialized  # its dictionary read, not only the module imported


def test_a_traditional_message_reads_the_simplified_training_words(components):
    featurizer = components.create(MorphemeFeaturizer, "morphemes")
    featurizer.train(training_data([("门口贴了跳楼大拍卖", "sign_clearance_sale")]))
    traditional = Message.build(text="門口貼了跳樓大拍賣")
    featurizer.process([traditional])
    assert len(_row(traditional)) == len(set(morphemes.grams("门口贴了跳楼大拍卖")))
