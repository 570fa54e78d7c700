"""A linear intent model over feature blocks: what the intent classifier computes, without Rasa.

Each featurizer's sentence features form one block. Sparse n-gram counts are weighted by inverse
document frequency, and every block is scaled to unit length, so no block wins just by having
more columns or bigger counts (the character n-grams would otherwise drown the sentence encoder).
The n-gram blocks can be weighted below the encoder's (`sparse_weight`), the one knob besides C.
A multinomial logistic regression then gives a probability per intent. The fitted model is
plain arrays: saving and loading it never unpickles anything.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeAlias

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

Block: TypeAlias = np.ndarray | sp.spmatrix


def _idf(block: sp.spmatrix) -> np.ndarray:
    """Smoothed inverse document frequency of each column (as scikit-learn's TfidfTransformer)."""
    documents = block.shape[0]
    frequency = np.bincount(sp.csr_matrix(block).indices, minlength=block.shape[1])
    return (np.log((1 + documents) / (1 + frequency)) + 1).astype(np.float32)


def _norms(block: Block) -> np.ndarray:
    """Each row's length; 1 for an empty row, which then stays all zeros."""
    if sp.issparse(block):
        block = sp.csr_matrix(block)
        rows = np.repeat(np.arange(block.shape[0]), np.diff(block.indptr))
        norms = np.sqrt(
            np.bincount(rows, block.data.astype(np.float64) ** 2, minlength=block.shape[0])
        )
    else:
        norms = np.linalg.norm(block, axis=1)
    norms[norms == 0] = 1.0
    return norms


def _weigh_columns(block: Block, idf: np.ndarray) -> sp.csr_matrix:
    """The counts times each column's idf (on the stored values: scipy's multiply is 15x slower
    for one message)."""
    x = sp.csr_matrix(block, dtype=np.float32)
    return sp.csr_matrix((x.data * idf[x.indices], x.indices, x.indptr), shape=x.shape)


@dataclass(frozen=True)
class IntentModel:
    intents: tuple[str, ...]
    idf: tuple[np.ndarray | None, ...]  # per block: the idf weights (sparse blocks) or None
    weights: np.ndarray  # (intents, columns)
    bias: np.ndarray  # (intents,)
    widths: tuple[int, ...]  # columns per block
    sparse_weight: float = 1.0

    @classmethod
    def fit(
        cls,
        blocks: Sequence[Block],
        labels: Sequence[str],
        c: float,
        sparse_weight: float = 1.0,
        max_iter: int = 2000,
    ) -> IntentModel:
        idf = tuple(_idf(b) if sp.issparse(b) else None for b in blocks)
        x = _design(blocks, idf, sparse_weight)
        regression = LogisticRegression(C=c, max_iter=max_iter, class_weight="balanced")
        regression.fit(x, list(labels))
        return cls(
            tuple(str(i) for i in regression.classes_),
            idf,
            regression.coef_.astype(np.float32),
            regression.intercept_.astype(np.float32),
            tuple(int(b.shape[1]) for b in blocks),
            sparse_weight,
        )

    def probabilities(self, blocks: Sequence[Block]) -> np.ndarray:
        """(messages, intents): each row sums to 1, in the order of `intents`.

        The same sum as `_design(...) @ weights.T`, block by block: a message has a handful of
        non-zero n-grams, and building the design matrix for it cost more than the scoring."""
        _check(blocks, self.idf)
        scores = np.tile(self.bias, (blocks[0].shape[0], 1)).astype(np.float64)
        for block, idf, weights in zip(blocks, self.idf, self._block_weights):
            if block.shape[1] != weights.shape[0]:
                raise ValueError(
                    f"a block has {block.shape[1]} columns, expected {weights.shape[0]}"
                )
            if idf is not None:
                x, scale = _weigh_columns(block, idf), self.sparse_weight
            else:
                x, scale = np.asarray(block, dtype=np.float32), 1.0
            scores += np.asarray(x @ weights) * (scale / _norms(x))[:, None]
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    @cached_property
    def _block_weights(self) -> list[np.ndarray]:
        """Each block's (columns, intents) slice of the weights, contiguous, made once."""
        edges = np.cumsum((0, *self.widths))
        return [np.ascontiguousarray(self.weights[:, a:b].T) for a, b in itertools.pairwise(edges)]

    def prior(self) -> np.ndarray:
        """The probabilities for a message with no features at all (an empty one)."""
        exp = np.exp(self.bias - self.bias.max())
        return exp / exp.sum()

    def to_arrays(self) -> dict[str, np.ndarray]:
        arrays = {
            "intents": np.array(self.intents),
            "weights": self.weights,
            "bias": self.bias,
            "sparse_blocks": np.array([i is not None for i in self.idf]),
            "widths": np.array(self.widths),
            "sparse_weight": np.array(self.sparse_weight),
        }
        arrays.update({f"idf_{n}": i for n, i in enumerate(self.idf) if i is not None})
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> IntentModel:
        idf = tuple(
            arrays[f"idf_{n}"] if sparse else None
            for n, sparse in enumerate(arrays["sparse_blocks"])
        )
        return cls(
            tuple(str(i) for i in arrays["intents"]),
            idf,
            arrays["weights"],
            arrays["bias"],
            tuple(int(w) for w in arrays["widths"]),
            float(arrays["sparse_weight"]),
        )


def _check(blocks: Sequence[Block], idf: Sequence[np.ndarray | None]) -> None:
    if len(blocks) != len(idf):
        raise ValueError(f"expected {len(idf)} feature blocks, got {len(blocks)}")


def _design(
    blocks: Sequence[Block], idf: Sequence[np.ndarray | None], sparse_weight: float
) -> sp.csr_matrix:
    """The training matrix: idf-weighted n-gram blocks and the dense blocks, each row of each
    block scaled to unit length, the n-gram blocks then to `sparse_weight`."""
    _check(blocks, idf)
    scaled = []
    for block, weights in zip(blocks, idf):
        if weights is not None:
            block = _weigh_columns(block, weights)
            scaled.append(sp.diags(sparse_weight / _norms(block)) @ block)
        else:
            block = np.asarray(block, dtype=np.float32)
            scaled.append(sp.csr_matrix(block / _norms(block)[:, None]))
    return sp.hstack(scaled, format="csr")
