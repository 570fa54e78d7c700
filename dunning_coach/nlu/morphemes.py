"""Korean words split into morphemes, and Chinese text into words, for the classifier.

A Korean word carries its tense, mood and case as endings glued to the stem: "송금했대요" ("they
say they transferred") and "송금하겠대요" ("they say they will transfer") share no whole word, and
their character n-grams differ by one syllable among many. Split, they share the stem (송금/NNG)
and differ in exactly the morpheme that decides paid against will-pay (었/EP against 겠/EP).

Chinese is written without spaces, so the word n-grams see a whole clause as one word. Here it is
first folded to Simplified characters (OpenCC), so a Traditional message shares its words with
the Simplified training examples and the other way round, then cut into words (jieba).

Kiwi (kiwipiepy), OpenCC and jieba ship their models and dictionaries in their packages, read no
network, and split a sentence in well under a millisecond. Text with neither Hangul nor Han gives
nothing: the other languages keep their word and character n-grams.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import re
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w")
# Punctuation, symbols and other marks say nothing of what a message means.
_SKIPPED_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "W_EMOJI"})


@functools.lru_cache(maxsize=1)
def _kiwi() -> Any:
    from kiwipiepy import Kiwi  # imported here: its model loads in about a second

    return Kiwi(num_workers=-1)  # -1: this thread, no pool (a turn splits one sentence)


@functools.lru_cache(maxsize=1)
def _simplified() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs each dictionary load at DEBUG
    return jieba


def morphemes(text: str) -> list[str]:
    """The Korean morphemes of `text` as "form/tag" (as Kiwi tags them), then its Chinese words
    as "word/zh", in order; [] with neither Hangul nor Han."""
    found = []
    if _HANGUL.search(text):
        found += [f"{t.form}/{t.tag}" for t in _kiwi().tokenize(text) if t.tag not in _SKIPPED_TAGS]
    if _HAN.search(text):
        words = _jieba().lcut(_simplified().convert(text), HMM=False)
        found += [f"{w}/zh" for w in words if _WORD.search(w)]
    return found


def warm_up() -> None:
    """Load the analysers now: Kiwi's first sentence takes about 1.5 s, and a rep should not wait
    for it on the first Korean message after a start."""
    morphemes("준비 完成")


def grams(text: str) -> Iterator[str]:
    """Each morpheme, and each pair of neighbouring ones ("었/EP 대요/EF" is a report of a past)."""
    found = morphemes(text)
    yield from found
    for first, second in itertools.pairwise(found):
        yield f"{first} {second}"


def rule_digest() -> str:
    """What decides the split: this module and the analysers' releases (Rasa's cache keys on the
    config and the data, not on code, so a change here must train again)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for package in ("kiwipiepy", "kiwipiepy_model", "opencc", "jieba"):
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()[:16]
