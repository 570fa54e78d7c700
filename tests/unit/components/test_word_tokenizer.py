"""components/word_tokenizer.py: Rasa's whitespace tokenizer that keeps Chinese and Korean words
and still drops pictographs."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.word_tokenizer import WordTokenizer


def words(text: str) -> list[str]:
    tokenizer = WordTokenizer(WordTokenizer.get_default_config())
    return [t.text for t in tokenizer.tokenize(Message({"text": text}), "text")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Northwind에 왔어요", ["Northwind에", "왔어요"]),
        ("하나상사에 왔어요", ["하나상사에", "왔어요"]),
        ("他说支票已经寄出去了，明天到", ["他说支票已经寄出去了", "明天到"]),
        ("the cheque is in the post 👍", ["the", "cheque", "is", "in", "the", "post"]),
    ],
)
def test_words_of_every_script_are_kept_and_pictographs_dropped(text, expected):
    assert words(text) == expected
