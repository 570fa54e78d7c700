"""Rasa's whitespace tokenizer, except that Chinese and Korean words are kept.

Rasa's tokenizer drops every word that is all "emoji", and its emoji pattern spans U+24C2 to
U+1F251, which takes in every Han and Hangul character: "Northwind에 왔어요" came out as the one
word "Northwind에", and the word and character n-gram featurizers never saw "왔어요". Here only
real pictographs are dropped.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer

_PICTOGRAPHS = re.compile(
    "["
    "\U0001f000-\U0001faff"  # emoticons, pictographs, transport, flags, supplemental symbols
    "\u2190-\u21ff\u2300-\u23ff\u25a0-\u27bf\u2b00-\u2bff"  # arrows, dingbats, shapes, stars
    "\ufe0f\u200d\u200c"  # emoji presentation, joiners
    "]+"
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class WordTokenizer(WhitespaceTokenizer):
    def remove_emoji(self, text: str) -> str:
        return "" if _PICTOGRAPHS.fullmatch(text) else text
