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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz, process

from dunning_coach.accounts.models import Customer
from dunning_coach.common import languages

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


def _run_match(message: _Message, target: str, size: int, partial: bool) -> _Match:
    """The run of `size` words of the message most similar to `target`."""
    best = _Match(0.0)
    for start in range(0, len(message.words) - size + 1):
        if partial and size == 1 and not message.cued[start]:
            continue
        score = fuzz.ratio(" ".join(message.words[start : start + size]), target)
        if score > best.score:
            best = _Match(score, (start, start + size))
    return best


def _name_match(message: _Message, name: str) -> _Match:
    target = list(_name_words(name))
    if not target or not message.words:
        return _Match(0.0)
    joined = " ".join(target)
    if len(joined.replace(" ", "")) <= SHORT_NAME_LETTERS:
        for i in range(len(message.words)):
            if list(message.words[i : i + len(target)]) == target:
                return _Match(100.0, (i, i + len(target)))
        return _Match(0.0)
    best = max(
        (
            _run_match(message, joined, size, partial=False)
            for size in {max(1, len(target) - 1), len(target), len(target) + 1}
        ),
        key=lambda m: m.score,
    )
    for size in range(len(target) - 1, 0, -1):  # longest first: it keeps a tie
        start = " ".join(target[:size])
        if len(start.replace(" ", "")) < PARTIAL_MIN_LETTERS:
            continue
        found = _run_match(message, start, size, partial=True)
        if found.score >= PARTIAL_MIN_SIMILARITY and found.score - PARTIAL_DISCOUNT > best.score:
            best = _Match(found.score - PARTIAL_DISCOUNT, found.span)
    return best


def _best_name_match(message: _Message, customer: Customer) -> _Match:
    return max(
        (_name_match(message, name) for name in (customer.name, *customer.aliases)),
        key=lambda m: m.score,
    )


def _match(message: _Message, text: str, customer: Customer) -> _Match:
    if text.strip().lower() == customer.customer_id.lower():
        return _Match(100.0, (0, len(message.words)))
    return _best_name_match(message, customer)


def _resembling(
    words: Sequence[str], by_word: Mapping[str, list[Customer]], known: list[str]
) -> dict[str, Customer]:
    """The customers filed under a name word (`by_word`, its keys in order as `known`) that
    resembles one of `words`: one pass in C++."""
    chosen: dict[str, Customer] = {}
    if words and known:
        similar = process.cdist(list(words), known, scorer=fuzz.ratio, score_cutoff=GATE).max(
            axis=0
        )
        for index in similar.nonzero()[0]:
            for customer in by_word[known[index]]:
                chosen[customer.customer_id] = customer
    return chosen


def _could_match(
    message: _Message, text: str, customers: Iterable[Customer], first_words: bool
) -> list[Customer]:
    """The customers one of whose name words resembles a word of the message (one pass in C++),
    and the one whose id is the whole message. With `first_words`, only the first word of each
    name counts: a name inside a longer message is matched from its start, and generic words
    ("foods", "trading") would otherwise let half the customers through."""
    by_word: dict[str, list[Customer]] = {}
    whole = text.strip().lower()
    chosen: dict[str, Customer] = {}
    for customer in customers:
        if customer.customer_id.lower() == whole:
            chosen[customer.customer_id] = customer
        for name in (customer.name, *customer.aliases):
            words = _name_words(name)
            for word in words[:1] if first_words else words:
                by_word.setdefault(word, []).append(customer)
    chosen.update(_resembling(message.words, by_word, list(by_word)))
    return list(chosen.values())


def _written_in(text: str, customers: Sequence[Customer]) -> list[tuple[Customer, _Match]]:
    """Customers with a Chinese or Korean name or alias that stands whole inside the text."""
    if not _HAS_CJK.search(text):
        return []
    lowered = text.lower()
    return [
        (c, _Match(100.0))
        for c in customers
        if any(_HAS_CJK.search(n) and n.lower() in lowered for n in (c.name, *c.aliases))
    ]


def _rank(
    text: str, customers: Iterable[Customer], explicit: bool, floor: float
) -> list[Candidate]:
    customers = list(customers)
    message = _read(text, explicit)
    matches = [
        (c, m)
        for c in _could_match(message, text, customers, first_words=not explicit)
        if (m := _match(message, text, c)).score >= floor
    ]
    written = _written_in(text, customers)
    found = {c.customer_id for c, _ in written}
    matches = written + [(c, m) for c, m in matches if c.customer_id not in found]
    # A name that explains only part of what another strong match explains is not a rival.
    strong = [m for _, m in matches if m.score >= ACCEPT]
    kept = [Candidate(c, m.score) for c, m in matches if not any(m.inside(s) for s in strong)]
    return sorted(kept, key=lambda c: c.score, reverse=True)


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
    return _decide(_rank(text, customers, explicit=True, floor=CONSIDER))


def spot(text: str, customers: Iterable[Customer]) -> Resolution:
    """A customer named anywhere in a message about something else: one clear customer, a choice
    between strong matches (one word that starts two names), or none; weak hints are ignored."""
    return _decide(_rank(text, customers, explicit=False, floor=ACCEPT))


class NameIndex:
    """Every customer's names, read once, for finding where names stand in many messages: the
    same rule as `spot` (a strong match of a name or alias, typos allowed; a one-word start of a
    name only where a rep puts a name; a Chinese or Korean name as it stands inside the text)."""

    def __init__(self, customers: Iterable[Customer]) -> None:
        self._by_word: dict[str, list[Customer]] = {}
        self._written: list[str] = []  # Chinese and Korean names, lower case
        for customer in customers:
            for name in (customer.name, *customer.aliases):
                if _HAS_CJK.search(name):
                    # Found only as it stands: a Chinese run holds more than the name, and a
                    # close-enough run would be the whole message ("現在在台北市永豐餘…").
                    self._written.append(name.lower())
                    continue
                first = _name_words(name)[:1]
                for word in first:
                    self._by_word.setdefault(word, []).append(customer)
        self._known = list(self._by_word)

    def _could_match(self, message: _Message) -> list[Customer]:
        return list(_resembling(message.words, self._by_word, self._known).values())

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where customers' names stand in `text` (start, end), in order, never overlapping."""
        message = _read(text, explicit=False)
        found: list[tuple[int, int]] = []
        for customer in self._could_match(message):
            # A name as written, legal form and punctuation included ("Blue Ridge Supply Co.",
            # "JB's"), stands whole; only a name not found so is matched loosely, by its words.
            written = [
                place
                for name in (customer.name, *customer.aliases)
                for place in _standing(name, text)
            ]
            if written:
                found += written
                continue
            match = _best_name_match(message, customer)
            if match.score >= ACCEPT and match.span[1] > match.span[0]:
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


def _standing(name: str, text: str) -> list[tuple[int, int]]:
    """Where `name` stands in `text` as written, not inside a longer word."""
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
    customers a message could name, a superset of those the two readings would score.

    `resolve` and `spot` compare each message with every name, which costs a turn more the more
    customers the ledger holds (14 ms over 20,000 customers, with the index built per call). The
    readings themselves depend only on the customers a word of the message resembles, whose id is
    the whole message, or whose Chinese or Korean name stands in it; run on this shortlist they
    decide exactly as on everyone."""

    def __init__(self, customers: Iterable[Customer]) -> None:
        self._by_first_word: dict[str, list[Customer]] = {}
        self._by_word: dict[str, list[Customer]] = {}
        self._by_id: dict[str, Customer] = {}
        self._written: list[tuple[str, Customer]] = []  # Chinese and Korean names, lower case
        for customer in customers:
            self._by_id[customer.customer_id.lower()] = customer
            for name in (customer.name, *customer.aliases):
                words = _name_words(name)
                for word in words[:1]:
                    self._by_first_word.setdefault(word, []).append(customer)
                for word in words:
                    self._by_word.setdefault(word, []).append(customer)
                if _HAS_CJK.search(name):
                    self._written.append((name.lower(), customer))
        self._first_words = list(self._by_first_word)
        self._words = list(self._by_word)

    def could_name(self, text: str, explicit: bool) -> list[Customer]:
        """The customers `resolve` (explicit) or `spot` could find in `text`."""
        message = _read(text, explicit)
        chosen = (
            _resembling(message.words, self._by_word, self._words)
            if explicit
            else _resembling(message.words, self._by_first_word, self._first_words)
        )
        named = self._by_id.get(text.strip().lower())
        if named is not None:
            chosen[named.customer_id] = named
        if self._written and _HAS_CJK.search(text):
            lowered = text.lower()
            for name, customer in self._written:
                if name in lowered:
                    chosen[customer.customer_id] = customer
        return list(chosen.values())
