"""Token ids a word at a time: the same as the tokenizer's for the whole text, each word once."""

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from dunning_coach.nlu import sentence_encoder, word_tokens
from dunning_coach.nlu.word_tokens import WordTokens
from dunning_coach.training import answer_checks, labelled_answers

ROOT = Path(__file__).resolve().parents[3]
ODD = [
    "",
    " ",
    "\u200b",  # a zero-width space: unknown alone, a space inside a text
    "pay \u200b now",
    "pay \t now",
    "pay \n now",
    "pay\u3000 now",
    "pay\u2581 now",  # the tokenizer's own word boundary, typed
    "pay ▁ now",
    "pay ﷺ now",  # one character that normalises to four words
    "pay \u0301now",  # a combining accent just after a space
    "a\u00b4 b",
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
    return sentence_encoder._model().tokens._tokenizer


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


def test_a_space_is_always_a_cut():
    """What word-at-a-time rests on: no vocabulary piece holds the word boundary but first."""
    pieces = _tokenizer()._pieces
    assert len(pieces) > 100_000
    assert not [p for p in pieces if "\u2581" in p[1:]]


@pytest.mark.parametrize("text", ODD, ids=[repr(t)[:24] for t in ODD])
def test_odd_texts_get_the_tokenizers_ids(text):
    assert WordTokens(_tokenizer()).ids(text) == _tokenizer().encode(text, out_type=int)


def test_every_text_the_project_ships_gets_the_tokenizers_ids():
    pieces = WordTokens(_tokenizer())
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

    pieces = WordTokens(Counting())
    first = pieces.ids("pay the 3,000 today")
    again = pieces.ids("pay today")
    assert seen == ["", "pay", "the", "3,000", "today"]  # "" once, to learn the edge ids
    assert first == _tokenizer().encode("pay the 3,000 today", out_type=int)
    assert again == _tokenizer().encode("pay today", out_type=int)


def test_long_words_are_not_remembered_and_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(word_tokens, "CACHE_SIZE", 2)
    tokens = WordTokens(_tokenizer())
    long = "長" * (word_tokens.LONGEST_CACHED + 1)
    for text in ["pay", "now", "today", long]:
        assert tokens.ids(text) == _tokenizer().encode(text, out_type=int)
    assert len(tokens._words) <= 2 and long not in tokens._words
