"""Where one account stands: promises, warning signs, receivables class and the levers that fit.

The verdict, the account summary and the day's plan all read this one picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from dunning_coach.accounts.models import Account
from dunning_coach.collection import levers as lever_rules
from dunning_coach.collection import promises as promise_rules
from dunning_coach.collection import warning_signs
from dunning_coach.collection.levers import Lever, Situation
from dunning_coach.collection.promises import PromiseStatus, State
from dunning_coach.collection.receivables import Classes, classify
from dunning_coach.collection.warning_signs import Sign
from dunning_coach.common.settings import Settings
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import Playbook


@dataclass(frozen=True)
class Standing:
    account: Account
    promises: tuple[PromiseStatus, ...]
    broken_in_a_row: int
    escalated: bool
    signs: tuple[Sign, ...]
    classes: Classes
    levers: tuple[Lever, ...]

    @property
    def broken(self) -> list[PromiseStatus]:
        return [p for p in self.promises if p.state is State.BROKEN]

    @property
    def pending(self) -> list[PromiseStatus]:
        """Promises still to be paid: open or due now."""
        return [p for p in self.promises if p.state in (State.OPEN, State.DUE)]


def assess(
    account: Account,
    playbook: Playbook,
    settings: Settings,
    language: Language = Language.EN,
    *,
    with_levers: bool = True,
) -> Standing:
    """The account's standing, its texts in `language` (`playbook` is in it already); without
    levers (a third of the work) for the day plan, which ranks without them."""
    found = promise_rules.statuses(account, settings.promises.grace_days)
    run = promise_rules.broken_in_a_row(found)
    escalated = run >= settings.promises.broken_in_a_row_to_escalate
    signs = warning_signs.detect(account, playbook, settings, language)
    classes = classify(account, settings.receivables, raise_for_risk=bool(signs) or run > 0)
    situation = Situation(
        account, classes, run, escalated, tuple(s.title for s in signs), settings.habits
    )
    return Standing(
        account,
        tuple(found),
        run,
        escalated,
        tuple(signs),
        classes,
        tuple(lever_rules.choose(situation, playbook, language)) if with_levers else (),
    )
