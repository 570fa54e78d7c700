"""Score a role-play round by the observable checks its answers met, criterion by criterion.

Criteria are data (playbook.yml): each has a weight and the answer checks that judge it
(answer_judge.py decides, answer by answer, which checks a reply meets or breaks). A criterion
earns the share of its checks met over the round; a check the trainee refused ("no need for the
number") or a conduct check broken ("pay whenever you like") counts against its criterion until
the trainee meets it (conduct stays broken for the round). Partial credit is that share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dunning_coach.playbook.playbook import Criterion

JUDGED_CHARS = 1200  # a spoken reply; the rest of a pasted essay is not read
# A key criterion counts as met, for the debtor to agree, once half its checks are: a trainee who
# asks for the cheque's number has challenged the claim even without asking for a photo as well.
MET_SHARE = 0.5

_TOKEN = re.compile(r"[a-z0-9#]+")


def words(text: str) -> list[str]:
    """Lower-case words of Latin script, for reading requests ("let's practise, hard")."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"n't\b", "nt", text)  # don't -> dont, can't -> cant
    text = re.sub(r"'(?:s|ll|re|ve|d|m)\b", " ", text)
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Standing:
    """A round's checks so far: those met, and those refused or broken."""

    met: frozenset[str] = frozenset()
    broken: frozenset[str] = frozenset()

    @property
    def holding(self) -> frozenset[str]:
        """Met and not since refused: what the round has to its credit."""
        return self.met - self.broken


def update(
    standing: Standing, met: Iterable[str], broken: Iterable[str], conduct: frozenset[str]
) -> Standing:
    """The round after one answer. Meeting a check clears an earlier refusal of it; a broken
    conduct check stays broken."""
    met, broken = frozenset(met), frozenset(broken)
    still_broken = (standing.broken - (met - conduct)) | broken
    return Standing(frozenset((standing.met | met) - (still_broken & conduct)), still_broken)


def credit(criterion: Criterion, standing: Standing) -> float:
    """The share of the criterion's checks met, less one for each refused or broken."""
    checks = criterion.answer_checks
    met = sum(c in standing.holding for c in checks)
    against = sum(c in standing.broken for c in checks)
    return max(0, met - against) / len(checks)


def score(criteria: Sequence[Criterion], standing: Standing) -> int:
    """Points out of 100: each criterion's weight times its credit, over the weight of them all."""
    total = sum(c.weight for c in criteria)
    earned = sum(c.weight * credit(c, standing) for c in criteria)
    return round(100 * earned / total) if total else 0


def criteria_met(criteria: Sequence[Criterion], standing: Standing) -> frozenset[str]:
    return frozenset(c.id for c in criteria if credit(c, standing) >= MET_SHARE)


def most_important_missed(criteria: Sequence[Criterion], standing: Standing) -> list[Criterion]:
    """Criteria not fully met, key ones first, then by weight (the playbook's order breaks
    ties)."""
    missed = [c for c in criteria if credit(c, standing) < 1]
    return sorted(missed, key=lambda c: (not c.key, -c.weight))


def missed_checks(criteria: Sequence[Criterion], standing: Standing) -> list[str]:
    """Checks not met, most important criterion first; broken ones before unmet ones."""
    order: dict[str, None] = {}
    for criterion in most_important_missed(criteria, standing):
        for check in sorted(criterion.answer_checks, key=lambda c: c not in standing.broken):
            if check not in standing.met or check in standing.broken:
                order.setdefault(check, None)
    return list(order)


def check_ids(criteria: Sequence[Criterion]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for criterion in criteria for c in criterion.answer_checks))


def by_criterion(criteria: Sequence[Criterion]) -> Mapping[str, Criterion]:
    """Each check's criterion (a check judges one criterion of a rubric)."""
    return {check: c for c in criteria for check in c.answer_checks}
