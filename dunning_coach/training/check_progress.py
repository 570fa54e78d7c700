"""How each answer check went over a trainee's rounds: met or missed, round by round.

A round stores the checks it met; the checks it judged are its excuse's rubric's. Rounds stored
before checks were (criteria met, no checks) say nothing about checks and are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dunning_coach.accounts.models import RoleplayRound
from dunning_coach.playbook.playbook import Playbook


@dataclass(frozen=True)
class CheckProgress:
    check: str
    trail: tuple[bool, ...]  # met in each round that judged it, oldest first

    @property
    def met(self) -> int:
        return sum(self.trail)

    @property
    def share(self) -> float:
        return self.met / len(self.trail)


def _judged(played: RoleplayRound) -> bool:
    return bool(played.checks_met) or not played.met


def per_check(rounds: Sequence[RoleplayRound], playbook: Playbook) -> list[CheckProgress]:
    """Every check the rounds judged, in the order first met in the rounds."""
    trails: dict[str, list[bool]] = {}
    for played in rounds:
        if not _judged(played) or played.excuse not in playbook.excuses:
            continue
        for check in playbook.answer_checks(played.excuse):
            trails.setdefault(check, []).append(check in played.checks_met)
    return [CheckProgress(check, tuple(trail)) for check, trail in trails.items()]


def most_missed(
    rounds: Sequence[RoleplayRound], playbook: Playbook, count: int
) -> list[CheckProgress]:
    """The checks missed most: lowest share met, then the most rounds missed."""
    missed = [p for p in per_check(rounds, playbook) if p.met < len(p.trail)]
    return sorted(missed, key=lambda p: (p.share, -(len(p.trail) - p.met)))[:count]
