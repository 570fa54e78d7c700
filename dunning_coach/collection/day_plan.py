"""Whom to visit first: customers ranked by what collecting from them is worth today."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dunning_coach.collection.promises import State
from dunning_coach.collection.standing import Standing
from dunning_coach.common import messages
from dunning_coach.common.formatting import money
from dunning_coach.common.languages import Language
from dunning_coach.common.playbook import Playbook
from dunning_coach.common.settings import DayPlan


@dataclass(frozen=True)
class PlanLine:
    standing: Standing
    worth: float  # ranking weight, in cents
    reasons: tuple[str, ...]

    @property
    def customer(self):
        return self.standing.account.customer


def _line(
    standing: Standing, plan: DayPlan, playbook: Playbook, language: Language
) -> PlanLine | None:
    account = standing.account
    currency = account.currency
    weighted = sum(
        plan.class_weight.get(cls, 0.0) * cents for cls, cents in standing.classes.amounts()
    )
    risk = plan.broken_promise_bonus * standing.broken_in_a_row + plan.warning_sign_bonus * len(
        standing.signs
    )
    due_now = [p for p in standing.promises if p.state is State.DUE]
    promised = sum(p.short_cents for p in due_now)
    worth = weighted * (1 + risk) + plan.promise_due_weight * promised
    if worth <= 0:
        return None

    def say(key: str, **values: object) -> str:
        return messages.text(key, language, **values)

    reasons = []
    if account.overdue_cents:
        oldest = account.oldest_overdue
        assert oldest is not None  # money overdue means an overdue invoice
        reasons.append(
            say(
                "plan.overdue",
                amount=money(account.overdue_cents, currency, language),
                days=oldest.days_overdue(account.today),
                **{"class": playbook.classes[standing.classes.worst].title.lower()},
            )
        )
    for status in due_now:
        when = "today" if status.promise.promised_for == account.today else "recently"
        amount = money(status.short_cents, currency, language)
        reasons.append(say(f"plan.promised_{when}", amount=amount))
    run = standing.broken_in_a_row
    if standing.escalated:
        reasons.append(say("standing.broken_short", count=run))
    elif run:
        reasons.append(messages.counted("plan.broken", run, language))
    reasons += [say("plan.warning", sign=s.title.lower()) for s in standing.signs]
    return PlanLine(standing, worth, tuple(reasons))


def rank(
    standings: Iterable[Standing],
    plan: DayPlan,
    playbook: Playbook,
    language: Language = Language.EN,
) -> list[PlanLine]:
    """Customers worth visiting, most valuable first; with nothing overdue and nothing promised,
    left out. The reasons are in `language`."""
    lines = [line for s in standings if (line := _line(s, plan, playbook, language)) is not None]
    return sorted(lines, key=lambda line: (-line.worth, line.customer.name))
