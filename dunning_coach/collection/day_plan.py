"""Whom to visit first: customers ranked by what collecting from them is worth today.

A ledger may hold 20,000 customers, so `best` does not assess every account: the database
ranks the customers by the most each could be worth, a bound it works out from totals
(`bound`); `best` bounds the first few dozen again (`refined`: from their promise books, then,
for those still in the running, from counts over their invoices) and assesses the customers
with the highest bounds, best first, until nobody left could pass the last line kept. `rank`,
which assesses everyone, is the ranking it must give.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from dunning_coach.accounts.models import InvoiceFacts, PromiseBook, ScoredTotals, TotalsScore
from dunning_coach.collection import promises, receivables, warning_signs
from dunning_coach.collection.promises import State
from dunning_coach.collection.standing import Standing
from dunning_coach.common.settings import DayPlan, Settings
from dunning_coach.language import messages
from dunning_coach.language.formatting import money
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import Playbook


@dataclass(frozen=True)
class PlanLine:
    standing: Standing
    worth: float  # ranking weight, in cents
    reasons: tuple[str, ...]

    @property
    def customer(self):
        return self.standing.account.customer


def line(
    standing: Standing, plan: DayPlan, playbook: Playbook, language: Language
) -> PlanLine | None:
    """The customer's line on the plan; None when nothing makes the visit worth anything."""
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

    reasons = []
    if account.overdue_cents:
        oldest = account.oldest_overdue
        assert oldest is not None  # money overdue means an overdue invoice
        reasons.append(
            messages.text(
                "plan.overdue",
                language,
                amount=money(account.overdue_cents, currency, language),
                days=oldest.days_overdue(account.today),
                **{"class": playbook.classes[standing.classes.worst].title.lower()},
            )
        )
    for status in due_now:
        when = "today" if status.promise.promised_for == account.today else "recently"
        amount = money(status.short_cents, currency, language)
        reasons.append(messages.text(f"plan.promised_{when}", language, amount=amount))
    run = standing.broken_in_a_row
    if standing.escalated:
        reasons.append(messages.text("standing.broken_short", language, count=run))
    elif run:
        reasons.append(messages.counted("plan.broken", run, language))
    reasons += [
        messages.text("plan.warning", language, sign=s.title.lower()) for s in standing.signs
    ]
    return PlanLine(standing, worth, tuple(reasons))


def rank(
    standings: Iterable[Standing],
    plan: DayPlan,
    playbook: Playbook,
    language: Language = Language.EN,
) -> list[PlanLine]:
    """Customers worth visiting, most valuable first; with nothing overdue and nothing promised,
    left out. The reasons are in `language`."""
    lines = [found for s in standings if (found := line(s, plan, playbook, language)) is not None]
    return sorted(lines, key=_order)


def _order(found: PlanLine) -> tuple[float, str, str]:
    return (-found.worth, found.customer.name, found.customer.customer_id)


def bound(settings: Settings, playbook: Playbook, today: dt.date) -> TotalsScore:
    """The score by which the database bounds `line`'s worth for each customer on `today`.

    Each term of the worth is bounded by its own: the weighted money is one of the two sums,
    with or without the classes raised for risk; each broken promise in a row is a promise
    lapsed; each warning sign is one of the playbook's rules on the data or a kind the rep
    reported; what is promised now is at most the promises falling due. With weights that
    are never negative (settings.parse), no term of the bound is below its twin.
    """
    plan, r = settings.day_plan, settings.receivables

    def weights(steps: int) -> tuple[float, ...]:
        return tuple(
            plan.class_weight.get(receivables.raised(cls, steps, r.raise_up_to), 0.0)
            for cls in receivables.CLASSES
        )

    return TotalsScore(
        # The bands the database sums are the classes, in order (settings.parse: they rise).
        ages=(r.in_collection_from, r.doubtful_from, r.bad_from, r.dead_from),
        weights=(weights(0), weights(r.raise_by)),
        per_lapsed=plan.broken_promise_bonus,
        grace_days=settings.promises.grace_days,
        per_sign=plan.warning_sign_bonus,
        signs_since=today - dt.timedelta(days=settings.warning_signs.reported_for_days),
        signs_base=sum(1 for entry in playbook.warning_signs.values() if entry.rule),
        per_due_cent=plan.promise_due_weight,
    )


def refined(
    batch: Sequence[ScoredTotals],
    books: Mapping[str, PromiseBook],
    facts_of: Callable[[list[str]], Mapping[str, InvoiceFacts]],
    score: TotalsScore,
    playbook: Playbook,
    settings: Settings,
    beaten: Callable[[float], bool] = lambda most: False,
) -> list[float]:
    """Tighter bounds for these customers: from their promise books, the promises broken in a
    row and the money due now that `line` will count, not every promise lapsed or falling due
    (most lapsed ones were kept); then, for those that bound leaves in the running (not
    `beaten`), counting only the data signs their invoices and excuses leave possible
    (`warning_signs.could_show`, from `facts_of`, the dearer read: 0.3 ms a customer)."""
    grace = settings.promises.grace_days
    known = []
    for t in batch:
        book = books.get(t.customer_id)
        if book is None:  # the customer gone since the ranking: the database's totals
            known.append(t)
            continue
        found = promises.statuses(book, grace)
        known.append(
            t._replace(
                lapsed=promises.broken_in_a_row(found),
                due=sum(s.short_cents for s in found if s.state is State.DUE),
            )
        )
    bounds = [score.of(k) for k in known]
    running = [n for n, most in enumerate(bounds) if not beaten(most)]
    facts = facts_of([batch[n].customer_id for n in running]) if running else {}
    for n in running:
        found_facts = facts.get(batch[n].customer_id, InvoiceFacts())
        bounds[n] = score.of(known[n], warning_signs.could_show(found_facts, playbook, settings))
    return bounds


# Adding the same numbers in another order may differ in the last bit: a bound this much
# under a worth is taken as equal.
_SLACK = 1e-9


def best(
    ranked: Iterable[ScoredTotals],
    lines_for: Callable[[list[str]], list[PlanLine]],
    count: int,
    refine: Callable[[list[ScoredTotals], Callable[[float], bool]], list[float]] | None = None,
) -> list[PlanLine]:
    """The `count` most valuable lines, as `rank` orders them, among customers `ranked` by the
    most their line could be worth, highest first.

    A few dozen at a time, `refine` may lower those bounds (knowing more; told which bound is
    already out of the running, it may stop lowering that one). `lines_for` assesses customers
    a few at a time and returns their lines (none for a customer worth nothing): assessing is
    the dear step, so once the list is full it assesses only the highest bounds, and only when
    no customer still unrefined could come before them. A refined bound is often the worth
    itself: the plan then assesses little more than the lines it shows."""
    kept: list[PlanLine] = []

    def beaten(most: float) -> bool:
        """Whether a customer worth at most this could not make the list: the lines kept only
        get better, so once beaten, always beaten."""
        return len(kept) >= count and most * (1 + _SLACK) < kept[-1].worth

    if count < 1:
        return []
    waiting = iter(ranked)
    upcoming = next(waiting, None)  # the highest bound not refined yet
    bounded: list[tuple[float, int, str]] = []  # refined bounds, a heap: the highest first
    taken = 0  # customers taken from `ranked`, to keep their order among equal bounds
    # Refined at a time: four times the list at first, so that the lines first assessed, the
    # best of these, set a high bar for the rest; then twice as many each time, so that a long
    # search makes a few queries.
    ahead = 4 * count
    while True:
        unrefined = upcoming.score if upcoming is not None else -math.inf
        highest = -bounded[0][0] if bounded else -math.inf
        if (upcoming is None and not bounded) or beaten(max(unrefined, highest)):
            return kept
        group: list[str] = []
        if len(kept) < count and bounded:
            # No bar yet: the best bounds refined so far give the first lines, which set it (a
            # list's worth at a time, as some may be worth nothing).
            while bounded and len(group) < count:
                group.append(heapq.heappop(bounded)[2])
        elif unrefined > highest:
            chunk: list[ScoredTotals] = []
            while upcoming is not None and not beaten(upcoming.score):
                chunk.append(upcoming)
                upcoming = next(waiting, None)
                if len(chunk) == (ahead if refine else count):
                    break
            else:
                upcoming = None  # nobody from here on could make the list
            ahead *= 2
            bounds = refine(chunk, beaten) if refine else [t.score for t in chunk]
            for most, totals in zip(bounds, chunk):
                if not beaten(most):
                    heapq.heappush(bounded, (-most, taken, totals.customer_id))
                taken += 1
            continue
        else:
            # The highest bounds, none below a bound not refined yet: each could make the list.
            while bounded and len(group) < count and -bounded[0][0] >= unrefined:
                most, _, customer_id = heapq.heappop(bounded)
                if not beaten(-most):
                    group.append(customer_id)
        if group:
            kept = sorted([*kept, *lines_for(group)], key=_order)[:count]
