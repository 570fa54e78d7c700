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
import tempfile
import unicodedata
import warnings
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from dunning_coach.language import languages

_HANGUL = re.compile(f"[{languages.HANGUL}]")
_HAN = re.compile(f"[{languages.HAN}]")
# Punctuation, symbols and other marks say nothing of what a message means.
_SKIPPED_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "W_EMOJI"})


@functools.lru_cache(maxsize=1)
def _kiwi() -> Any:
    from kiwipiepy import Kiwi  # imported here: its model loads in about a second

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 0's meaning changed in 0.21
        # No worker threads (a turn splits one sentence); without the dictionary of multi-word
        # proper nouns, the analyser takes 290 MB instead of 490.
        return Kiwi(num_workers=0, load_multi_dict=False)


@functools.lru_cache(maxsize=1)
def _simplified() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs each dictionary load at DEBUG
    tokenizer = jieba.Tokenizer()
    # jieba caches its dictionary in a file: in the shared temp folder a stale or planted one would
    # change how Chinese is split, unchecked. A folder of our own, gone once the dictionary is in
    # memory, so a server that is killed leaves no 9 MB behind.
    with tempfile.TemporaryDirectory(prefix="dunning-coach-jieba-") as cache:
        tokenizer.tmp_dir = cache
        tokenizer.initialize()
    return tokenizer


def _visible(text: str) -> str:
    """Without format characters (zero-width spaces and joiners), which Kiwi takes for nouns."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _korean(text: str) -> list[str]:
    if not _HANGUL.search(text):
        return []
    return [f"{t.form}/{t.tag}" for t in _kiwi().tokenize(text) if t.tag not in _SKIPPED_TAGS]


def _chinese(text: str) -> list[str]:
    """The words that hold Han characters: digits, Latin and Hangul are the other blocks' job."""
    if not _HAN.search(text):
        return []
    words = _jieba().lcut(_simplified().convert(text), HMM=False)
    return [f"{w}/zh" for w in words if _HAN.search(w)]


def morphemes(text: str) -> list[str]:
    """The Korean morphemes of `text` as "form/tag" (as Kiwi tags them), then its Chinese words
    as "word/zh", in order; [] with neither Hangul nor Han."""
    text = _visible(text)
    return _korean(text) + _chinese(text)


def warm_up() -> None:
    """Load the analysers now: Kiwi's first sentence takes about 1.5 s, and a rep should not wait
    for it on the first Korean message after a start."""
    morphemes("준비 完成")  # both analysers and the folding


def grams(text: str) -> Iterator[str]:
    """Each morpheme, and each pair of neighbours from the same analyser ("었/EP 대요/EF" is a
    report of a past)."""
    text = _visible(text)
    for found in (_korean(text), _chinese(text)):
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
