"""The figures of a manager's view, for whoever asks: a manager gets their team's, a rep their
own, someone who oversees everyone the whole ledger's (`Rep.may_see` decides, as everywhere).

The database sums the money and counts the rows (`accounts.team_totals`); what is judged here
uses the same rules the rest of the assistant judges with: a promise is kept or broken by
`collection.promises`, a customer's warning signs by `collection.warning_signs`, a trainee's
misses by `training.check_progress`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from dunning_coach.accounts import team_totals
from dunning_coach.accounts.models import DEFAULT_CURRENCY, Customer, Rep
from dunning_coach.accounts.store import AccountStore
from dunning_coach.accounts.team_totals import (
    ClassTotal,
    CustomerOwing,
    ExcuseCount,
    Excuser,
    SignedCustomer,
    Unseen,
)
from dunning_coach.collection import promises, receivables, warning_signs
from dunning_coach.collection.warning_signs import Sign
from dunning_coach.common.settings import Settings
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import Playbook
from dunning_coach.training import check_progress
from dunning_coach.training.check_progress import CheckProgress

OVERDUE_WEEKS = 12
PROMISE_WEEKS = 8
TOP_CUSTOMERS = 10
NOT_SEEN_DAYS = 30  # a customer nothing was recorded about for this long was not visited lately
MISSED_CHECKS = 3  # per trainee


@dataclass(frozen=True)
class Viewer:
    """Who asks, and the day and rules the figures are worked out with."""

    store: AccountStore
    rep: Rep
    today: dt.date
    playbook: Playbook
    settings: Settings
    language: Language = Language.EN


def week_ends(today: dt.date, weeks: int) -> list[dt.date]:
    """The last days of the `weeks` seven-day weeks up to today, oldest first."""
    return [today - dt.timedelta(weeks=n) for n in reversed(range(weeks))]


def due_by(viewer: Viewer) -> dt.date:
    """The last due day of money that is overdue today: in collection or worse, as the
    receivables classes count it."""
    return viewer.today - dt.timedelta(days=viewer.settings.receivables.in_collection_from)


def overdue_history(viewer: Viewer, weeks: int = OVERDUE_WEEKS) -> list[ClassTotal]:
    """Money overdue at the end of each week, by currency and receivables class (by days past
    due alone: the warning signs a class is raised for are today's, not those weeks')."""
    bands = receivables.bands(viewer.settings.receivables)
    return team_totals.overdue_by_week(
        viewer.store, viewer.rep, week_ends(viewer.today, weeks), bands
    )


def overdue_by_rep(viewer: Viewer) -> list[ClassTotal]:
    bands = receivables.bands(viewer.settings.receivables)
    return team_totals.overdue_by_rep_and_class(viewer.store, viewer.rep, viewer.today, bands)


@dataclass(frozen=True)
class PromiseWeek:
    rep_id: str
    week_end: dt.date
    made: int = 0  # made that week
    kept: int = 0  # falling due that week, and kept
    broken: int = 0  # falling due that week, and broken

    @property
    def judged(self) -> int:
        return self.kept + self.broken


def promise_record(viewer: Viewer, weeks: int = PROMISE_WEEKS) -> list[PromiseWeek]:
    """Per rep and week: promises made, and those falling due kept or broken. A promise counts
    for the rep owning its customer, as the customer's money does."""
    ends = week_ends(viewer.today, weeks)
    start = ends[0] - dt.timedelta(days=6)
    made = {
        (w.rep_id, w.week_end): w.count
        for w in team_totals.promises_made_by_week(viewer.store, viewer.rep, ends)
    }
    grace = viewer.settings.promises.grace_days
    judged: Counter[tuple[str, dt.date, str]] = Counter()
    outcomes = team_totals.promise_outcomes(viewer.store, viewer.rep, ends, viewer.today, grace)
    judged.update(outcomes.counts)
    for history in outcomes.contested:
        for status in promises.statuses(history, grace):
            day = status.promise.promised_for
            if start <= day <= viewer.today and not status.promise.cancelled:
                judged[(history.rep_id, _week_of(day, ends), status.state.value)] += 1
    reps = sorted({r for r, _ in made} | {r for r, _, _ in judged})
    return [
        PromiseWeek(
            rep_id,
            end,
            made.get((rep_id, end), 0),
            judged[(rep_id, end, promises.State.KEPT.value)],
            judged[(rep_id, end, promises.State.BROKEN.value)],
        )
        for rep_id in reps
        for end in ends
    ]


def _week_of(day: dt.date, ends: list[dt.date]) -> dt.date:
    return next(end for end in ends if day <= end)


def excuse_counts(viewer: Viewer, since: dt.date, until: dt.date) -> list[ExcuseCount]:
    return team_totals.excuses_by_type(viewer.store, viewer.rep, since, until)


@dataclass(frozen=True)
class OwingCustomer:
    customer: Customer
    owing: CustomerOwing
    signs: tuple[Sign, ...]  # what the data shows and the reps reported, as the account shows


@dataclass(frozen=True)
class Currencies:
    """The currency a ranking of customers is in (the one most customers in view owe overdue
    money in), and the others owed in: amounts in two currencies are never ranked together."""

    main: str
    others: tuple[str, ...] = ()


def currencies(viewer: Viewer) -> Currencies:
    found = team_totals.overdue_currencies(viewer.store, viewer.rep, due_by(viewer))
    if not found:
        return Currencies(DEFAULT_CURRENCY)
    return Currencies(found[0].currency, tuple(sorted(c.currency for c in found[1:])))


def most_overdue(
    viewer: Viewer, limit: int = TOP_CUSTOMERS, currency: str | None = None
) -> list[OwingCustomer]:
    """The customers owing the most overdue money in `currency` (else the main one)."""
    currency = currency or currencies(viewer).main
    owing = team_totals.most_overdue(viewer.store, viewer.rep, due_by(viewer), currency, limit)
    accounts = {
        a.customer.customer_id: a
        for a in viewer.store.accounts([o.customer_id for o in owing], viewer.today)
    }
    found = []
    for o in owing:
        account = accounts[o.customer_id]
        signs = warning_signs.detect(account, viewer.playbook, viewer.settings, viewer.language)
        found.append(OwingCustomer(account.customer, o, tuple(signs)))
    return found


def not_seen(
    viewer: Viewer,
    days: int = NOT_SEEN_DAYS,
    limit: int = TOP_CUSTOMERS,
    currency: str | None = None,
) -> list[Unseen]:
    """The customers owing the most overdue money in `currency` (else the main one) with
    nothing recorded about them for `days` days."""
    currency = currency or currencies(viewer).main
    since = viewer.today - dt.timedelta(days=days)
    return team_totals.least_recently_seen(
        viewer.store, viewer.rep, due_by(viewer), currency, since, limit
    )


@dataclass(frozen=True)
class TraineeMisses:
    rep_id: str
    rounds: int
    checks: tuple[CheckProgress, ...]  # missed most first


def trainee_misses(viewer: Viewer, count: int = MISSED_CHECKS) -> list[TraineeMisses]:
    """For each rep in view who played role-play rounds, the answer checks missed most."""
    rep = viewer.rep
    in_view = None if rep.sees_everyone else {rep.rep_id, *(rep.team if rep.is_manager else ())}
    rounds: dict[str, list] = {}
    for played in viewer.store.rounds():
        if in_view is None or played.rep_id in in_view:
            rounds.setdefault(played.rep_id, []).append(played)
    return [
        TraineeMisses(
            rep_id,
            len(played),
            tuple(check_progress.most_missed(played, viewer.playbook, count)),
        )
        for rep_id, played in sorted(rounds.items())
    ]


def signs_reported(viewer: Viewer, limit: int = TOP_CUSTOMERS) -> list[SignedCustomer]:
    """Customers with warning signs reported within the days a sign counts for."""
    days = viewer.settings.warning_signs.reported_for_days
    since = viewer.today - dt.timedelta(days=days)
    return team_totals.signs_reported(viewer.store, viewer.rep, since, limit)


def excusers(viewer: Viewer, since: dt.date, until: dt.date, limit: int = 3) -> list[Excuser]:
    return team_totals.excusers(viewer.store, viewer.rep, since, until, limit)
