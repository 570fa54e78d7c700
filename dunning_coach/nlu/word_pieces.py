"""The sentence encoder's token ids for a text, tokenized a word at a time, each word once.

The encoder's tokenizer is pure Python: about 0.15 ms for a 30-token sentence, and a trainee's
answer is tokenized in every piece it is judged in (about 2.5 times its words). No piece of its
vocabulary holds a word boundary inside it, so a text's ids are its space-separated words' ids
end to end, and a word's ids can be remembered. The tests hold these ids to the tokenizer's on
every text the project ships.
"""

from __future__ import annotations

from typing import Any

_CACHE_SIZE = 200_000  # words remembered (a server reads the same words daily)


class WordPieces:
    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer
        # What it makes of nothing: the first and last ids are the ones it puts around any text.
        nothing = tokenizer.encode("", out_type=int)
        self._first, self._unknown, self._last = nothing
        self._words: dict[str, list[int]] = {}

    def ids(self, text: str) -> list[int]:
        words = [w for w in text.split(" ") if w]
        ids = [self._first]
        for word in words:
            pieces = self._words.get(word)
            if pieces is None:
                pieces = self._tokenizer.encode(word, out_type=int)[1:-1]
                if pieces == [self._unknown]:
                    # A word the tokenizer reads as nothing at all (a zero-width space) is
                    # unknown alone but vanishes inside a text: only the whole text says which.
                    return list(self._tokenizer.encode(text, out_type=int))
                if len(self._words) >= _CACHE_SIZE:
                    self._words.clear()
                self._words[word] = pieces
            ids += pieces
        if not words:
            return list(self._tokenizer.encode(text, out_type=int))
        ids.append(self._last)
        return ids
