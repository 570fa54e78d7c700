"""The sentence encoder's token ids for a text, tokenized a word at a time, each word once.

The encoder's tokenizer is pure Python: about 0.15 ms for a 30-token sentence, and a trainee's
answer is tokenized in every piece it is judged in (about 2.5 times its words). A space is
always a cut: no piece of the vocabulary holds a word boundary (U+2581) except as its first
character, and no normalisation rule spans a space. So a text's ids are its space-separated
words' ids end to end, and a word's ids can be remembered. The tests hold the first fact (the
second was checked over all the rules once), and these ids equal to the tokenizer's on every
text the project ships.
"""

from __future__ import annotations

from typing import Any

CACHE_SIZE = 50_000  # words remembered (a server reads the same words daily)
LONGEST_CACHED = 64  # characters: a longer "word" (a run of Chinese, a pasted code) rarely recurs


class WordTokens:
    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer
        # What it makes of nothing: the first and last ids are the ones it puts around any text.
        nothing = tokenizer.encode("", out_type=int)
        self._first, self._unknown, self._last = nothing
        self._words: dict[str, list[int]] = {}

    def ids(self, text: str) -> list[int]:
        words = [w for w in text.split(" ") if w]
        if not words:
            return list(self._tokenizer.encode(text, out_type=int))
        ids = [self._first]
        for word in words:
            tokens = self._words.get(word)
            if tokens is None:
                tokens = self._tokenizer.encode(word, out_type=int)[1:-1]
                if tokens == [self._unknown]:
                    # A word of nothing but what the tokenizer reads as space (a zero-width
                    # space, a tab) is unknown alone but only a space inside a text: only the
                    # whole text says which.
                    return list(self._tokenizer.encode(text, out_type=int))
                if len(word) <= LONGEST_CACHED:
                    if len(self._words) >= CACHE_SIZE:
                        self._words.clear()
                    self._words[word] = tokens
            ids += tokens
        ids.append(self._last)
        return ids
