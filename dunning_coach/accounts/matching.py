"""Find which customer a rep means, from free text, tolerant of typos, never guessing.

Two readings of a message:
- `resolve`: the message asks for a customer ("I'm at Northwind", "pull up meridian"), so
  close names are offered as a choice.
- `spot`: the message is about something else (an excuse, a request, a note) and may name a
  customer on the way ("at Meridian, they say the cheque is in the post"). Most of its words
  are not a name, so only a strong match counts, and a lone word that merely starts a name
  counts only where a rep would put a name ("at", "visiting", "pull up"...).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

import numpy as np
from rapidfuzz import fuzz, process

from dunning_coach.accounts.models import Customer
from dunning_coach.language import languages

ACCEPT = 85.0  # a match this good is taken without asking...
CLEAR_LEAD = 8.0  # ...when no other customer comes within this many points of it
CONSIDER = 70.0  # below this a name is not offered at all
MAX_CHOICES = 3
# The start of a name stands for it ("Meridian" for "Meridian Hypermarket") when it has this many
# letters and is this similar; it scores PARTIAL_DISCOUNT below the whole name, which wins a tie.
PARTIAL_MIN_LETTERS = 5
PARTIAL_MIN_SIMILARITY = 90.0
PARTIAL_DISCOUNT = 5.0
# A name or alias this short ("HLT", "MOS") must stand exactly: "most" is not "MOS".
SHORT_NAME_LETTERS = 4
# A customer is scored only when one word of its names is at least this similar to a word of the
# message: far below what any accepted match needs, and it spares scoring thousands of names.
GATE = 60.0

_Filed = TypeVar("_Filed")  # what a word gate files under each name word

# Words reps wrap around a name ("I'm at Acme now") and legal forms that differ between
# the ERP and speech ("Acme Ltd" vs "Acme"); dropped from both sides before comparing.
_FILLER = set(
    [
        "i",
        "i'm",
        "im",
        "am",
        "are",
        "we",
        "we're",
        "were",
        "is",
        "it",
        "it's",
        "its",
        "at",
        "with",
        "in",
        "front",
        "of",
        "the",
        "a",
        "an",
        "now",
        "here",
        "just",
        "visiting",
        "visit",
        "meeting",
        "seeing",
        "talking",
        "to",
        "switch",
        "select",
        "pick",
        "open",
        "account",
        "customer",
        "client",
        "for",
        "on",
        "going",
        "see",
        "arrived",
        "into",
        "over",
        "this",
        "that",
        "my",
        "our",
        "currently",
        "please",
        "pls",
        "me",
        "let's",
        "lets",
        "about",
        "shop's",
        "ltd",
        "limited",
        "llc",
        "inc",
        "co",
        "corp",
        "gmbh",
        "sa",
        "sarl",
        "bv",
        "plc",
        "pty",
        "srl",
        "ag",
        "oy",
        "ab",
        "group",
        "holdings",
        "international",
        "company",
        "enterprises",
    ]
)
# Inside a longer message, a one-word start of a name counts only right after one of these.
_CUES = set(
    [
        "at",
        "visiting",
        "visit",
        "meeting",
        "seeing",
        "up",
        "open",
        "customer",
        "client",
        "into",
        "with",
        "to",
        # Spanish
        "en",
        "con",
        "visitando",
        "cliente",
    ]
)
# Chinese runs words together: "我在" (I'm at) and "到了" (got to) cue the name that follows.
_CJK_CUE_ENDINGS = ("在", "到", "到了")
_WORD = re.compile(r"[\w'&]+", re.UNICODE)
# Chinese is written without spaces and Korean fixes particles to words ("하나상사에"): a name in
# those scripts is found as it stands inside the text. A Latin name may run straight on from
# them ("我在Harbor Lights"), so the scripts are parted before the words are read.
_CJK = languages.CJK
_SCRIPT_CHANGE = re.compile(rf"(?<=[{_CJK}])(?=[^\s{_CJK}])|(?<=[^\s{_CJK}])(?=[{_CJK}])")
_HAS_CJK = re.compile(rf"[{_CJK}]")
# The words of `_parted` text, found in the text as written, so that each keeps its place.
_PLACED_WORD = re.compile(rf"(?:(?=[{_CJK}])\w)+|(?:(?![{_CJK}])[\w'&])+", re.UNICODE)


def _parted(text: str) -> str:
    return _SCRIPT_CHANGE.sub(" ", text.lower())


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(_parted(text)) if w not in _FILLER]


@functools.lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(_words(name))


class Outcome(Enum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    NONE = "none"


@dataclass(frozen=True)
class Candidate:
    customer: Customer
    score: float


@dataclass(frozen=True)
class Resolution:
    outcome: Outcome
    candidates: tuple[Candidate, ...] = ()

    @property
    def customer(self) -> Customer:
        return self.candidates[0].customer


@dataclass(frozen=True)
class _Message:
    words: tuple[str, ...]  # lower case, filler dropped
    cued: tuple[bool, ...]  # may a one-word start of a name stand at this word?
    places: tuple[tuple[int, int], ...] = ()  # where each word stands in the text


def _read(text: str, explicit: bool) -> _Message:
    words, cued, places, previous = [], [], [], ""
    for found in _PLACED_WORD.finditer(text):
        word = found.group().lower()
        if word not in _FILLER:
            words.append(word)
            cued.append(explicit or previous in _CUES or previous.endswith(_CJK_CUE_ENDINGS))
            places.append(found.span())
        previous = word
    if len(words) == 1:  # the message is the name alone ("meridian")
        cued = [True]
    return _Message(tuple(words), tuple(cued), tuple(places))


@dataclass(frozen=True)
class _Match:
    score: float
    span: tuple[int, int] = (0, 0)  # the message's words it covers

    def inside(self, other: _Match) -> bool:
        """Covers fewer words, all of them within `other`'s: "harbor" within "harbor lights"."""
        return (
            other.span[0] <= self.span[0]
            and self.span[1] <= other.span[1]
            and self.span != other.span
        )


def _prefixes(words: Sequence[str]) -> list[str]:
    """The starts of a name that may stand for it (`PARTIAL_MIN_LETTERS`), longest first."""
    starts = (" ".join(words[:size]) for size in range(len(words) - 1, 0, -1))
    return [s for s in starts if len(s.replace(" ", "")) >= PARTIAL_MIN_LETTERS]


def _is_short(words: Sequence[str]) -> bool:
    return len("".join(words)) <= SHORT_NAME_LETTERS


class _RunScores:
    """Every run of a message's words scored against many names and name starts at once: one
    pass in C++ (fuzz.ratio in a Python loop took 20 ms for the 400 customers whose first word
    resembles a word of a message, at 20,000 customers). The best run of a size for a target is
    looked up only for the few names some run comes near (`reaching`), the first one on a tie,
    as reading the runs in order would."""

    def __init__(self, message: _Message, targets: Iterable[str], longest: int) -> None:
        """`longest`: the most words a target has."""
        self.message = message
        self._columns = list(targets)
        self._column: dict[str, int] | None = None  # built at the first look at a run
        words = message.words
        runs: list[str] = []
        self._blocks: dict[int, int] = {}  # run size -> its first row
        for size in range(1, min(len(words), longest + 1) + 1):  # a name's words, and one
            self._blocks[size] = len(runs)
            runs += [" ".join(words[s : s + size]) for s in range(len(words) - size + 1)]
        self._cued = [n for n, c in enumerate(message.cued) if c]
        self._scores = np.zeros((len(runs), len(self._columns)))
        if runs and self._columns:
            self._scores = process.cdist(runs, self._columns, scorer=fuzz.ratio, dtype=np.float64)
        # Each target's best run of any size: a bound on its score.
        self._ceiling = self._scores.max(axis=0) if runs else np.zeros(len(self._columns))

    def run(self, target: str, size: int, cued_only: bool = False) -> _Match:
        """The run of `size` words most similar to `target`, the first of equals; none scores 0."""
        first = self._blocks.get(size)
        if first is None:
            return _Match(0.0)
        if self._column is None:
            self._column = {t: n for n, t in enumerate(self._columns)}
        column = self._column[target]
        if cued_only and size == 1:  # a one-word start of a name stands only at a cued word
            if not self._cued:
                return _Match(0.0)
            found = self._scores[self._cued, column]
            best = int(found.argmax())
            start = self._cued[best]
        else:
            found = self._scores[first : first + len(self.message.words) - size + 1, column]
            best = start = int(found.argmax())
        score = float(found[best])
        return _Match(score, (start, start + size)) if score > 0 else _Match(0.0)

    def reaching(self, floor: float) -> frozenset[str]:
        """The targets some run of any size scores `floor` or better: a handful of hundreds.
        A name none of whose targets is among them scores less (a start of it, 5 less)."""
        reached = np.flatnonzero(self._ceiling >= floor).tolist()
        return frozenset(self._columns[n] for n in reached)

    def name(self, name: str) -> _Match:
        """How well the message names `name`: the whole name in about as many words, or (less
        5 points) a start of it that is nearly exact."""
        target = _name_words(name)
        words = self.message.words
        if not target or not words:
            return _Match(0.0)
        if _is_short(target):  # only the exact words
            for i in range(len(words)):
                if words[i : i + len(target)] == target:
                    return _Match(100.0, (i, i + len(target)))
            return _Match(0.0)
        joined = " ".join(target)
        best = max(
            (
                self.run(joined, size)
                for size in {max(1, len(target) - 1), len(target), len(target) + 1}
            ),
            key=lambda m: m.score,
        )
        for start in _prefixes(target):  # longest first: it keeps a tie
            found = self.run(start, start.count(" ") + 1, cued_only=True)
            if (
                found.score >= PARTIAL_MIN_SIMILARITY
                and found.score - PARTIAL_DISCOUNT > best.score
            ):
                best = _Match(found.score - PARTIAL_DISCOUNT, found.span)
        return best


@functools.lru_cache(maxsize=65536)
def _targets(name: str) -> tuple[str, ...]:
    """What a name is compared with: its words, then its starts; none for a short name."""
    words = _name_words(name)
    return () if not words or _is_short(words) else (" ".join(words), *_prefixes(words))


@dataclass(frozen=True)
class _Named:
    """A customer with what matching its names needs, worked out once: an index keeps these,
    so a message compared with hundreds of customers builds nothing per customer."""

    customer: Customer
    names: tuple[str, ...]  # the name, then the aliases
    targets: frozenset[str]  # every name's words and starts (`_targets`)
    short: bool  # a name is short: matched word for word, with no targets
    longest: int  # the most words a name has


def _names_of_customer(customer: Customer) -> tuple[str, ...]:
    """The names a customer goes by: its name, then its aliases."""
    return (customer.name, *customer.aliases)


def _named(customer: Customer) -> _Named:
    names = _names_of_customer(customer)
    words = [_name_words(name) for name in names]
    short = any(_is_short(w) for w in words if w)
    targets = frozenset(t for name in names for t in _targets(name))
    return _Named(customer, names, targets, short, max(len(w) for w in words))


def _best_matches(message: _Message, named: Sequence[_Named], floor: float) -> list[_Match | None]:
    """For each customer, its best name or alias in the message (the first of equals), or None
    where none scores `floor`. Of the hundreds of customers a message's words let through, a
    handful have a name some run of words comes near; only those are scored run by run."""
    scores = _RunScores(
        message,
        frozenset().union(*(n.targets for n in named)),
        max((n.longest for n in named), default=0),
    )
    near = scores.reaching(floor)
    found: list[_Match | None] = []
    for one in named:
        if floor > 0 and not one.short and near.isdisjoint(one.targets):
            found.append(None)
            continue
        best = max((scores.name(n) for n in one.names), key=lambda m: m.score)
        found.append(best if best.score >= floor else None)
    return found


def _matches(
    message: _Message, text: str, named: Sequence[_Named], floor: float
) -> list[_Match | None]:
    """`_best_matches`, where a message that is a customer's id names it outright."""
    whole = text.strip().lower()
    return [
        _Match(100.0, (0, len(message.words))) if n.customer.customer_id.lower() == whole else m
        for n, m in zip(named, _best_matches(message, named, floor))
    ]


class _WordGate(Generic[_Filed]):
    """The words of many names, each filed with its customers, and which of them resemble a
    word of a message (`GATE`). A word is compared with every name word in one pass in C++,
    once: a rep's messages use the same words again and again, names included, and comparing
    each word of each message with 20,000 name words cost 2-3 ms in each server."""

    _REMEMBERED = 4096  # words; past this the gate starts remembering afresh

    def __init__(
        self,
        items: Iterable[_Filed],
        names: Callable[[_Filed], Iterable[str]],
        key: Callable[[_Filed], str],
        first_words: bool,
    ) -> None:
        """Each item filed under each word of its `names` (with `first_words`, the first only);
        `key`: its customer id."""
        by_word: dict[str, list[_Filed]] = {}
        for item in items:
            for name in names(item):
                words = _name_words(name)
                for word in words[:1] if first_words else words:
                    by_word.setdefault(word, []).append(item)
        self._by_word = by_word
        self._known = list(by_word)
        self._key = key
        self._seen: dict[str, tuple[int, ...]] = {}

    def _similar(self, word: str) -> tuple[int, ...]:
        found = self._seen.get(word)
        if found is None:
            found = ()
            if self._known:
                scores = process.cdist([word], self._known, scorer=fuzz.ratio, score_cutoff=GATE)
                found = tuple(scores[0].nonzero()[0].tolist())
            if len(self._seen) >= self._REMEMBERED:
                self._seen.clear()
            self._seen[word] = found
        return found

    def customers(self, words: Iterable[str]) -> dict[str, _Filed]:
        """The customers filed under a name word resembling one of `words`, by id, in the
        order their words were filed."""
        found = sorted({n for word in words for n in self._similar(word)})
        key = self._key
        return {key(c): c for n in found for c in self._by_word[self._known[n]]}


def _id_of_named(named: _Named) -> str:
    return named.customer.customer_id


def _names_of_named(named: _Named) -> tuple[str, ...]:
    return named.names


def _latin_names(named: _Named) -> list[str]:
    """The names not in Chinese or Korean: those are found only as they stand (`NameIndex`)."""
    return [name for name in named.names if not _HAS_CJK.search(name)]


def _could_match(
    message: _Message, text: str, customers: Sequence[Customer], first_words: bool
) -> list[_Named]:
    """The customers one of whose name words resembles a word of the message (compared in C++),
    and the one whose id is the whole message. With `first_words`, only the first word of each
    name counts: a name inside a longer message is matched from its start, and generic words
    ("foods", "trading") would otherwise let half the customers through. Only the customers let
    through are worked out for matching (`_named`): a manager's list can be the whole ledger."""
    whole = text.strip().lower()
    chosen = {c.customer_id: c for c in customers if c.customer_id.lower() == whole}
    gate = _WordGate(customers, _names_of_customer, _id_of_customer, first_words)
    chosen.update(gate.customers(message.words))
    return [_named(c) for c in chosen.values()]


def _id_of_customer(customer: Customer) -> str:
    return customer.customer_id


def _written_in(text: str, customers: Sequence[Customer]) -> list[tuple[Customer, _Match]]:
    """Customers with a Chinese or Korean name or alias that stands whole inside the text."""
    if not _HAS_CJK.search(text):
        return []
    lowered = text.lower()
    return [
        (c, _Match(100.0))
        for c in customers
        if any(_HAS_CJK.search(n) and n.lower() in lowered for n in _names_of_customer(c))
    ]


def _scored(
    text: str, customers: Iterable[Customer], explicit: bool, floor: float
) -> list[tuple[Customer, _Match]]:
    """The customers named in `text` at `floor` or better, or written in it whole."""
    customers = list(customers)
    message = _read(text, explicit)
    could = _could_match(message, text, customers, first_words=not explicit)
    matches = [(n.customer, m) for n, m in zip(could, _matches(message, text, could, floor)) if m]
    written = _written_in(text, customers)
    found = {c.customer_id for c, _ in written}
    return written + [(c, m) for c, m in matches if c.customer_id not in found]


def _floor(explicit: bool) -> float:
    return CONSIDER if explicit else ACCEPT


def _rank(text: str, customers: Iterable[Customer], explicit: bool) -> list[Candidate]:
    matches = _scored(text, customers, explicit, _floor(explicit))
    # A name that explains only part of what another strong match explains is not a rival.
    strong = [m for _, m in matches if m.score >= ACCEPT]
    kept = [Candidate(c, m.score) for c, m in matches if not any(m.inside(s) for s in strong)]
    # Equals by name: the order (and the choices offered) never hangs on which customers the
    # reading was given, so a few contenders decide as everyone would.
    return sorted(kept, key=lambda c: (-c.score, c.customer.name, c.customer.customer_id))


def _decide(scored: Sequence[Candidate]) -> Resolution:
    if not scored:
        return Resolution(Outcome.NONE)
    best = scored[0]
    rivals = [c for c in scored[1:] if c.score > best.score - CLEAR_LEAD]
    if best.score >= ACCEPT and not rivals:
        return Resolution(Outcome.FOUND, (best,))
    return Resolution(Outcome.AMBIGUOUS, tuple(scored[:MAX_CHOICES]))


def resolve(text: str, customers: Iterable[Customer]) -> Resolution:
    """A message that asks for a customer: one clear customer, a short list, or none."""
    return _decide(_rank(text, customers, explicit=True))


def spot(text: str, customers: Iterable[Customer]) -> Resolution:
    """A customer named anywhere in a message about something else: one clear customer, a choice
    between strong matches (one word that starts two names), or none; weak hints are ignored."""
    return _decide(_rank(text, customers, explicit=False))


class NameIndex:
    """Every customer's names, read once, for finding where names stand in many messages: the
    same rule as `spot` (a strong match of a name or alias, typos allowed; a one-word start of a
    name only where a rep puts a name; a Chinese or Korean name as it stands inside the text)."""

    def __init__(self, customers: Iterable[Customer]) -> None:
        named = [_named(c) for c in customers]
        # Chinese and Korean names, lower case, found only as they stand: a Chinese run holds
        # more than the name, and a close-enough run would be the whole message
        # ("現在在台北市永豐餘…").
        self._written = [name.lower() for n in named for name in n.names if _HAS_CJK.search(name)]
        self._gate = _WordGate(named, _latin_names, _id_of_named, first_words=True)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where customers' names stand in `text` (start, end), in order, never overlapping."""
        message = _read(text, explicit=False)
        found: list[tuple[int, int]] = []
        could = list(self._gate.customers(message.words).values())
        lowered = text.lower() if text.isascii() else None
        for named, match in zip(could, _best_matches(message, could, ACCEPT)):
            # A name as written, legal form and punctuation included ("Blue Ridge Supply Co.",
            # "JB's"), stands whole; only a name not found so is matched loosely, by its words.
            written = [place for name in named.names for place in _standing(name, text, lowered)]
            if written:
                found += written
                continue
            if match is not None and match.span[1] > match.span[0]:
                found.append(
                    (message.places[match.span[0]][0], message.places[match.span[1] - 1][1])
                )
        if self._written and _HAS_CJK.search(text):
            lowered = text.lower()
            if len(lowered) == len(text):  # places in the lowered text are places in the text
                for name in self._written:
                    start = lowered.find(name)
                    while start >= 0:
                        found.append((start, start + len(name)))
                        start = lowered.find(name, start + len(name))
        return _apart(found)


# A letter or digit of a word that a name must not run into; Chinese or Korean against a name is
# not one word with it ("到Blue Ridge Supply Co.了", "JB에").
_INSIDE_A_WORD = re.compile(rf"[^\W{_CJK}]")


@functools.lru_cache(maxsize=65536)
def _as_written(name: str) -> re.Pattern[str]:
    # The name alone, so compiling it is cheap: the word edges, a class over every script, cost
    # 13 ms to compile with it, once per customer a message could name.
    return re.compile(re.escape(name.strip()), re.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def _ascii_lower(name: str) -> str | None:
    return name.strip().lower() if name.isascii() else None


def _standing(name: str, text: str, lowered: str | None = None) -> list[tuple[int, int]]:
    """Where `name` stands in `text` as written, not inside a longer word. `lowered`: the text
    in lower case, when it is all ASCII."""
    plain = _ascii_lower(name)
    if plain is not None and lowered is not None and plain not in lowered:
        # In ASCII, ignoring case is comparing in lower case: no need to search (a message is
        # searched for each of the hundreds of names whose first word resembles one of its).
        return []
    pattern, places, position = _as_written(name), [], 0
    while (found := pattern.search(text, position)) is not None:
        start, end = found.span()
        if end == start:
            break
        inside = (start > 0 and _INSIDE_A_WORD.match(text, start - 1)) or (
            end < len(text) and _INSIDE_A_WORD.match(text, end)
        )
        if inside:
            position = start + 1
        else:
            places.append((start, end))
            position = end
    return places


def _apart(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest of overlapping spans, in order: "Harbor Lights" over "Harbor"."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and start < kept[-1][1]:
            if end > kept[-1][1]:
                kept[-1] = (kept[-1][0], end)
            continue
        kept.append((start, end))
    return kept


class Shortlist:
    """Every customer's names, indexed once, for `resolve` and `spot` over many customers: the
    few customers the two readings would weigh.

    `resolve` and `spot` compare each message with every name, which costs a turn more the more
    customers the ledger holds (14 ms over 20,000 customers, with the index built per call). The
    readings themselves depend only on the customers they score at their floor or better (among
    those a word of the message resembles, or whose id is the whole message), and those whose
    Chinese or Korean name stands in it; run on these they decide exactly as on everyone."""

    def __init__(self, customers: Iterable[Customer]) -> None:
        named = [_named(c) for c in customers]
        self._by_id = {n.customer.customer_id.lower(): n for n in named}
        # Chinese and Korean names, lower case
        self._written = [
            (name.lower(), n) for n in named for name in n.names if _HAS_CJK.search(name)
        ]
        self._first_word_gate = _WordGate(named, _names_of_named, _id_of_named, first_words=True)
        self._word_gate = _WordGate(named, _names_of_named, _id_of_named, first_words=False)

    def contenders(self, text: str, explicit: bool) -> list[Customer]:
        """The customers `resolve` (explicit) or `spot` weighs in `text`: either reading decides
        on any part of the customers exactly as on the contenders in that part, so only these
        need reading again from the ledger (a word can resemble the start of hundreds of names,
        and reading those took 8 ms a turn)."""
        message = _read(text, explicit)
        gate = self._word_gate if explicit else self._first_word_gate
        could = gate.customers(message.words)
        by_id = self._by_id.get(text.strip().lower())
        if by_id is not None:
            could[by_id.customer.customer_id] = by_id
        written: dict[str, Customer] = {}
        if self._written and _HAS_CJK.search(text):
            lowered = text.lower()
            for name, one in self._written:
                if name in lowered:
                    written[one.customer.customer_id] = one.customer
        gated = list(could.values())
        scored = _matches(message, text, gated, _floor(explicit))
        return [
            *written.values(),
            *(
                n.customer
                for n, m in zip(gated, scored)
                if m and n.customer.customer_id not in written
            ),
        ]
