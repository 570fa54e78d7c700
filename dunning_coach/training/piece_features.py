"""What the answer judge reads in a piece of an answer: the sentence encoder's vector, beside the
piece's character n-grams.

The encoder carries meaning across languages, but a linear model over it blurs the few words a
check turns on ("pay it the day he's back" against "when's he back?"); the n-grams keep them. They
are hashed into a fixed number of columns rather than counted against a vocabulary: no vocabulary
to fit or keep beside the models' weights, and the same text gives the same columns in every
process (CRC-32, not Python's salted `hash`). N-grams are taken within whitespace-separated words
(punctuation stays with its word), each padded with a space, so Chinese, which has no spaces, is
read as runs of characters and Korean as syllable blocks.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse

NGRAMS = range(2, 5)  # lengths of the n-grams, in characters
COLUMNS = 2**12  # hashed n-gram columns
_CACHE_SIZE = 200_000  # words whose n-gram columns are remembered (a server reads the same daily)

Encoder = Callable[[Sequence[str]], np.ndarray]

_words: dict[str, np.ndarray] = {}


def _word_columns(word: str) -> np.ndarray:
    """The columns of one word's n-grams, remembered: words recur far more than texts do."""
    columns = _words.get(word)
    if columns is None:
        if len(_words) >= _CACHE_SIZE:
            _words.clear()
        padded = f" {word} "
        columns = _words[word] = np.array(
            [
                zlib.crc32(padded[i : i + n].encode("utf-8")) % COLUMNS
                for n in NGRAMS
                for i in range(len(padded) - n + 1)
            ],
            np.int64,
        )
    return columns


def ngrams(texts: Sequence[str]) -> sparse.csr_matrix:
    """One row per text: how often each hashed n-gram occurs, scaled to unit length."""
    keys = [np.zeros(0, np.int64)]
    for row, text in enumerate(texts):
        keys += [_word_columns(word) + row * COLUMNS for word in text.lower().split()]
    found, counts = np.unique(np.concatenate(keys), return_counts=True)
    rows = found // COLUMNS
    weights = counts.astype(np.float32)
    lengths = np.sqrt(np.bincount(rows, weights * weights, minlength=len(texts)))
    weights /= lengths[rows].astype(np.float32)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(texts)))])
    return sparse.csr_matrix(
        (weights, (found % COLUMNS).astype(np.int32), indptr), shape=(len(texts), COLUMNS)
    )


def features(texts: Sequence[str], encode: Encoder, chars_weight: float) -> sparse.csr_matrix:
    """One row per text: the encoder's vector, then the n-grams times `chars_weight` (how much
    the words count beside the meaning)."""
    vectors = np.asarray(encode(texts), np.float32)
    grams = ngrams(texts)
    rows, dimensions = vectors.shape
    # Assembled directly, row by row the meaning then the n-grams: sparse.hstack costs more
    # than the rest of a judged answer.
    lengths = np.diff(grams.indptr)
    indptr = np.concatenate([[0], np.cumsum(lengths + dimensions)])
    indices = np.empty(indptr[-1], np.int32)
    data = np.empty(indptr[-1], np.float32)
    meaning = (indptr[:-1, None] + np.arange(dimensions)).ravel()
    indices[meaning] = np.tile(np.arange(dimensions), rows)
    data[meaning] = vectors.ravel()
    words = np.arange(grams.nnz) + np.repeat(np.arange(1, rows + 1), lengths) * dimensions
    indices[words] = grams.indices + dimensions
    data[words] = grams.data * np.float32(chars_weight)
    return sparse.csr_matrix((data, indices, indptr), shape=(rows, dimensions + COLUMNS))
