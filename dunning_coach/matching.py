"""Find which customer a rep means, from free text, tolerant of typos, never guessing."""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from dunning_coach.models import Customer

ACCEPT = 85.0  # a match this good is taken without asking...
CLEAR_LEAD = 8.0  # ...when no other customer comes within this many points of it
CONSIDER = 70.0  # below this a name is not offered at all
MAX_CHOICES = 3

# Words reps wrap around a name ("I'm at Acme now") and legal forms that differ between
# the ERP and speech ("Acme Ltd" vs "Acme"); dropped from both sides before comparing.
_FILLER = set("""
    i i'm im am are we we're were is it it's its at with in front of the a an now here just
    visiting visit meeting seeing talking to switch select pick open account customer client
    for on going see arrived into over this that my our currently please pls me let's lets
    about shop's ltd limited llc inc co corp gmbh sa sarl bv plc pty srl ag oy ab
    group holdings international company enterprises
""".split())
_WORD = re.compile(r"[\w'&]+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _FILLER]


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


def _score(query_words: Sequence[str], name: str) -> float:
    """Best similarity of `name` to any run of words in the query of about its length."""
    target = _words(name)
    if not target or not query_words:
        return 0.0
    joined = " ".join(target)
    best = 0.0
    for size in {max(1, len(target) - 1), len(target), len(target) + 1}:
        for start in range(0, max(1, len(query_words) - size + 1)):
            window = " ".join(query_words[start:start + size])
            best = max(best, fuzz.ratio(window, joined))
    return best


def score_customer(text: str, customer: Customer) -> float:
    if text.strip().lower() == customer.customer_id.lower():
        return 100.0
    words = _words(text)
    return max(_score(words, name) for name in (customer.name, *customer.aliases))


def resolve(text: str, customers: Iterable[Customer]) -> Resolution:
    """One clear customer, a short list to choose from, or none: never a guess."""
    scored = sorted(
        (Candidate(c, s) for c in customers if (s := score_customer(text, c)) >= CONSIDER),
        key=lambda c: c.score, reverse=True,
    )
    if not scored:
        return Resolution(Outcome.NONE)
    best = scored[0]
    rivals = [c for c in scored[1:] if c.score > best.score - CLEAR_LEAD]
    if best.score >= ACCEPT and not rivals:
        return Resolution(Outcome.FOUND, (best,))
    return Resolution(Outcome.AMBIGUOUS, tuple(scored[:MAX_CHOICES]))
