"""Token ids a word at a time: the same as the tokenizer's for the whole text, each word once."""

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from dunning_coach.nlu import sentence_encoder
from dunning_coach.nlu.word_pieces import WordPieces
from dunning_coach.training import answer_checks, labelled_answers

ROOT = Path(__file__).resolve().parents[3]
ODD = [
    "",
    " ",
    "\u200b",  # a zero-width space: unknown alone, nothing inside a text
    "pay \u200b now",
    "pay\tnow\nplease",
    "pay  now ",
    " pay now",
    "pay\u3000now",
    "pay\xa0now",
    "pay , now",
    "😀",
    "x" * 3000,
    "수요일까지 3,000 보내주세요",
    "我知道了，请你周五前付款",
    "¿Cuándo lo enviaron?",
]


def _tokenizer():
    return sentence_encoder._model().pieces._tokenizer


def _shipped_texts() -> list[str]:
    book = answer_checks.load()
    texts = [
        text
        for language in book.values()
        for check in language.checks.values()
        for text in (*check.examples, *check.refusals)
    ]
    texts += [m for language in book.values() for m in language.mentions]
    for folder in (labelled_answers.TRAINING, ROOT / "tests" / "roleplay" / "labelled"):
        texts += [a.answer for a in labelled_answers.load(folder)]
    texts += [m.get("text") for m in load_data(str(ROOT / "data" / "nlu")).intent_examples]
    return texts


@pytest.mark.parametrize("text", ODD, ids=[repr(t)[:24] for t in ODD])
def test_odd_texts_get_the_tokenizers_ids(text):
    assert WordPieces(_tokenizer()).ids(text) == _tokenizer().encode(text, out_type=int)


def test_every_text_the_project_ships_gets_the_tokenizers_ids():
    pieces = WordPieces(_tokenizer())
    texts = _shipped_texts()
    assert len(texts) > 10_000
    differ = [t for t in texts if pieces.ids(t) != _tokenizer().encode(t, out_type=int)]
    assert differ == []


def test_a_word_is_tokenized_once():
    seen: list[str] = []

    class Counting:
        def encode(self, text, out_type=int):
            seen.append(text)
            return _tokenizer().encode(text, out_type=out_type)

    pieces = WordPieces(Counting())
    first = pieces.ids("pay the 3,000 today")
    again = pieces.ids("pay today")
    assert seen == ["", "pay", "the", "3,000", "today"]  # "" once, to learn the edge ids
    assert first == _tokenizer().encode("pay the 3,000 today", out_type=int)
    assert again == _tokenizer().encode("pay today", out_type=int)
