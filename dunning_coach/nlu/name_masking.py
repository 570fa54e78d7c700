"""A customer's name never changes what a message means: before the classifier reads a message,
every customer name in it becomes one neutral placeholder, in training and at run time.

"하나상사에 왔어요" and "新天地에 왔어요" then read the same, whatever words or characters the
names are made of. Training replaces the names the training data lists (its `customer_name`
lookup); the running assistant replaces the ledger's names and aliases, read again only when
they change.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from dunning_coach.accounts.connection import UNREADABLE
from dunning_coach.accounts.matching import NameIndex
from dunning_coach.accounts.models import Customer
from dunning_coach.accounts.store import AccountStore
from dunning_coach.language.languages import CJK

logger = logging.getLogger(__name__)

# A made-up word: in no language, so it carries no meaning of its own; Latin letters, so the
# word featurizer sees it as one word in every script.
PLACEHOLDER = "Zqxname"
# The message attribute the featurizers read instead of the text, when a name was replaced.
MASKED_TEXT = "masked_text"
LOOKUP = "customer_name"  # the training data's lookup table of the names its examples use

_SPACES = re.compile(r"\s+")
_CJK = re.compile(f"[{CJK}]")


def rule_digest() -> str:
    """A digest of the code that decides what is masked (this module and the name matcher)."""
    from dunning_coach.accounts import matching

    digest = hashlib.sha256()
    for module in (matching, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span replaced by the placeholder, set apart by spaces (Chinese and
    Korean write a name against the next word: "到了新天地", "하나상사에")."""
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], f" {PLACEHOLDER} "]
        last = end
    parts.append(text[last:])
    return _SPACES.sub(" ", "".join(parts)).strip()


def renamed(text: str, spans: Sequence[tuple[int, int]], pool: Sequence[str]) -> str:
    """`text` with each named span replaced by another name of the same kind of script, picked
    from `pool` by the text itself (the same every training run).

    Training keeps this copy of each named example beside the masked one: a customer the ledger
    lacks (or that the rep names unlike any alias) is read from the words around it, since no
    one name goes with any one intent."""
    chosen = []
    for start, end in spans:
        written = text[start:end]
        cjk = bool(_CJK.search(written))
        alike = [n for n in pool if bool(_CJK.search(n)) == cjk and n != written]
        if not alike:
            return text
        chosen.append(alike[zlib.crc32(f"{text}|{start}".encode()) % len(alike)])
    parts, last = [], 0
    for (start, end), name in zip(spans, chosen):
        parts += [text[last:start], name]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def lookup_names(tables: Iterable[Mapping[str, Any]]) -> list[str]:
    """The names of the training data's `customer_name` lookup tables, once each, in order."""
    return list(
        dict.fromkeys(
            name.strip()
            for table in tables
            if table.get("name") == LOOKUP
            for name in table.get("elements") or []
            if name.strip()
        )
    )


def index_of_names(names: Sequence[str]) -> NameIndex:
    """An index of bare names (`lookup_names`), each its own customer."""
    return NameIndex(
        Customer(customer_id=f"name-{i}", name=name, rep_id="") for i, name in enumerate(names)
    )


class LedgerNames:
    """The ledger's customer names for a long-running process: read at first use, then again
    only when the ledger's count of name changes moved, looked at no more than every
    `refresh_s` seconds. No ledger (a model evaluated on its own): no names."""

    def __init__(
        self,
        path: Callable[[], Path | str],
        refresh_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._path = path
        self._refresh_s = refresh_s
        self._clock = clock
        self._lock = threading.Lock()
        self._index = NameIndex(())
        self._version: int | None = None
        self._checked_at: float | None = None

    def current(self) -> NameIndex:
        now = self._clock()
        with self._lock:
            if self._checked_at is not None and now - self._checked_at < self._refresh_s:
                return self._index
            self._checked_at = now
            try:
                self._reload_if_changed()
            except UNREADABLE as error:
                # Names are a help to the classifier, never a reason to fail a message: the
                # last names read stay in use. No customer data here: only the reason.
                logger.warning("Customer names not read from the ledger: %s", error)
            return self._index

    def _reload_if_changed(self) -> None:
        path = self._path()
        if isinstance(path, Path) and not path.is_file():
            self._index, self._version = NameIndex(()), None
            return
        with AccountStore(path, busy_timeout_s=0.5, read_only=True) as store:
            version = store.customer_names_version()
            if version is not None and version == self._version:
                return
            self._index = NameIndex(store.all_customer_names())
            self._version = version
