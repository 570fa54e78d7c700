"""The totals behind a manager's view, summed in the database on either backend: money overdue
by class week by week, the customers owing most, excuses by type and verdict.

Each total covers the customers the viewer may see (`store.visible_to`), and counts a customer's
money for the rep who owns the customer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dunning_coach.accounts.models import DEFAULT_CURRENCY, PROMISE_CANCELLED, Rep
from dunning_coach.accounts.store import AccountStore, visible_to

# A class and the days past due from which money is in it (see collection/receivables.py,
# which owns the rule and hands it over as these pairs).
Band = tuple[str, int]


@dataclass(frozen=True)
class ClassTotal:
    on: dt.date  # the day the money stood so
    rep_id: str | None  # None: every rep in view together
    currency: str
    cls: str
    cents: int


@dataclass(frozen=True)
class CustomerOwing:
    customer_id: str
    rep_id: str
    currency: str
    cents: int  # overdue today


@dataclass(frozen=True)
class ExcuseCount:
    intent: str
    verdict: str | None  # None: logged before a verdict was kept, or no verdict given
    count: int


def _seen(rep: Rep, column: str = "customer_id") -> tuple[str, list]:
    """' and <column> in (the customers `rep` may see)', or nothing for someone who sees all."""
    where, args = visible_to(rep)
    if where == "1 = 1":
        return "", []
    return f" and {column} in (select c.customer_id from customers c where {where})", args


def _class_case(bands: Sequence[Band], cut_of: str) -> str:
    """A CASE naming the class of money due on `due_on`, from the cut-off day of each band
    (`cut_of` formats a band's position into the column holding its last due day)."""
    whens = " ".join(
        f"when due_on <= {cut_of.format(n)} then '{cls}'" for n, (cls, _) in enumerate(bands)
    )
    return f"case {whens} end"


def _ordered(bands: Sequence[Band]) -> list[Band]:
    # Worst first, so that the first band an amount's due day falls in is its class.
    return sorted(bands, key=lambda b: -b[1])


def overdue_by_week(
    store: AccountStore, rep: Rep, week_ends: Sequence[dt.date], bands: Sequence[Band]
) -> list[ClassTotal]:
    """The money overdue on each of `week_ends`, by currency and class, as it stood that day.

    Money open on a past day is what is open now plus what was paid on it after that day, so
    only the payments since the earliest day are read, not the whole history."""
    if not week_ends:
        return []
    bands = _ordered(bands)
    last_band = len(bands) - 1
    cuts = [f"c{n}" for n in range(len(bands))]
    rows = [
        [end.isoformat(), *((end - dt.timedelta(days=days)).isoformat() for _, days in bands)]
        for end in week_ends
    ]
    values = ", ".join(f"({', '.join('?' * len(row))})" for row in rows)
    first, last = min(week_ends).isoformat(), max(week_ends).isoformat()
    mine, args = _seen(rep)
    paid_mine, paid_args = _seen(rep, "y.customer_id")
    case = _class_case(bands, "w.c{}")
    sql = f"""
        with weeks(week_end, {", ".join(cuts)}) as (values {values}),
        open_now as (
            select due_on, currency, sum(amount_cents - paid_cents) as cents from invoices
            where paid_cents < amount_cents and due_on < ?{mine} group by due_on, currency),
        paid_after as (
            select i.due_on, i.currency, y.received_on, sum(y.amount_cents) as cents
            from payments y join invoices i on i.invoice_no = y.invoice_no
            where y.received_on > ? and i.due_on < ?{paid_mine}
            group by i.due_on, i.currency, y.received_on),
        owed as (
            select w.*, o.due_on, o.currency, o.cents from weeks w
                join open_now o on o.due_on <= w.c{last_band}
            union all
            select w.*, p.due_on, p.currency, p.cents from weeks w
                join paid_after p on p.due_on <= w.c{last_band} and p.received_on > w.week_end)
        select week_end, currency, cls, sum(cents) from (
            select w.week_end, w.currency, {case} as cls, w.cents from owed w) classed
        group by week_end, currency, cls order by week_end, currency, cls"""
    found = store.db.execute(
        sql, [*(v for row in rows for v in row), last, *args, first, last, *paid_args]
    )
    return [
        ClassTotal(dt.date.fromisoformat(on), None, currency or DEFAULT_CURRENCY, cls, int(cents))
        for on, currency, cls, cents in found
        if cents
    ]


def overdue_by_rep_and_class(
    store: AccountStore, rep: Rep, today: dt.date, bands: Sequence[Band]
) -> list[ClassTotal]:
    """The money overdue today per owning rep, currency and class."""
    bands = _ordered(bands)
    cuts = [(today - dt.timedelta(days=days)).isoformat() for _, days in bands]
    case = _class_case(bands, "?")
    mine, args = _seen(rep)
    # Per customer first: customers are joined to their rep once each, not once per invoice.
    sql = f"""
        select c.rep_id, o.currency, o.cls, sum(o.cents) from (
            select customer_id, currency, {case} as cls, sum(amount_cents - paid_cents) as cents
            from invoices where paid_cents < amount_cents and due_on <= ?{mine}
            group by customer_id, currency, cls) o
        join customers c using (customer_id)
        group by c.rep_id, o.currency, o.cls order by c.rep_id, o.currency, o.cls"""
    found = store.db.execute(sql, [*cuts, cuts[-1], *args])
    return [
        ClassTotal(today, rep_id, currency or DEFAULT_CURRENCY, cls, int(cents))
        for rep_id, currency, cls, cents in found
        if cents
    ]


def most_overdue(store: AccountStore, rep: Rep, today: dt.date, limit: int) -> list[CustomerOwing]:
    """The `limit` customers owing the most overdue money in one currency, most first."""
    mine, args = _seen(rep)
    sql = f"""
        select o.customer_id, c.rep_id, o.currency, o.cents from (
            select customer_id, currency, sum(amount_cents - paid_cents) as cents from invoices
            where paid_cents < amount_cents and due_on < ?{mine}
            group by customer_id, currency) o
        join customers c using (customer_id)
        order by o.cents desc, o.customer_id limit ?"""
    return [
        CustomerOwing(customer_id, rep_id, currency or DEFAULT_CURRENCY, int(cents))
        for customer_id, rep_id, currency, cents in store.db.execute(
            sql, [today.isoformat(), *args, limit]
        )
    ]


def excuses_by_type(
    store: AccountStore, rep: Rep, since: dt.date, until: dt.date
) -> list[ExcuseCount]:
    """The excuses logged from `since` to `until` (both included) by intent and verdict: those
    about customers the viewer may see, and those a rep in view logged with no customer."""
    where, args = visible_to(rep)
    if where == "1 = 1":
        seen, seen_args = "", []
    else:
        owners = ", ".join("?" * len(_reps_of(rep)))
        seen = (
            f" and (customer_id in (select c.customer_id from customers c where {where})"
            f" or (customer_id is null and rep_id in ({owners})))"
        )
        seen_args = [*args, *_reps_of(rep)]
    sql = f"""
        select intent, verdict, count(*) from excuse_log
        where logged_on between ? and ?{seen}
        group by intent, verdict order by intent, verdict"""
    return [
        ExcuseCount(intent, verdict, int(count))
        for intent, verdict, count in store.db.execute(
            sql, [since.isoformat(), until.isoformat(), *seen_args]
        )
    ]


def _reps_of(rep: Rep) -> list[str]:
    """The reps whose own records the viewer sees: themselves, and a manager's team."""
    return [rep.rep_id, *rep.team] if rep.is_manager else [rep.rep_id]


@dataclass(frozen=True)
class WeekCount:
    week_end: dt.date  # the week is the seven days up to and including this day
    rep_id: str
    count: int


def promises_made_by_week(
    store: AccountStore, rep: Rep, week_ends: Sequence[dt.date]
) -> list[WeekCount]:
    """The promises made in each week to end on one of `week_ends`, not cancelled, per rep
    owning the customer."""
    if not week_ends:
        return []
    values = ", ".join("(?, ?)" for _ in week_ends)
    bounds = [day.isoformat() for end in week_ends for day in (end - dt.timedelta(days=7), end)]
    mine, args = _seen(rep, "p.customer_id")
    sql = f"""
        with weeks(after, week_end) as (values {values})
        select w.week_end, c.rep_id, count(*) from weeks w
            join promises p on p.made_on > w.after and p.made_on <= w.week_end
            join customers c on c.customer_id = p.customer_id
        where p.status is distinct from ?{mine}
        group by w.week_end, c.rep_id order by w.week_end, c.rep_id"""
    return [
        WeekCount(dt.date.fromisoformat(end), rep_id, int(count))
        for end, rep_id, count in store.db.execute(sql, [*bounds, PROMISE_CANCELLED, *args])
    ]


@dataclass(frozen=True)
class Unseen:
    customer_id: str
    rep_id: str
    currency: str
    cents: int  # overdue today
    last_seen: dt.date | None  # the last day a rep recorded anything about them; None: never


# What a rep records at a visit, each with its day: the last of them is when the customer was
# last seen.
_SEEN_ON = (
    ("notes", "noted_on"),
    ("warning_signs", "reported_on"),
    ("excuse_log", "logged_on"),
    ("promises", "made_on"),
)


def least_recently_seen(
    store: AccountStore, rep: Rep, today: dt.date, not_since: dt.date, limit: int
) -> list[Unseen]:
    """The customers owing the most overdue money whom no rep has recorded anything about
    since before `not_since` (or ever), most owed first."""
    mine, args = _seen(rep)
    seen = " union all ".join(
        f"select customer_id, {day} as day from {table} "
        f"where customer_id in (select customer_id from owing)"
        for table, day in _SEEN_ON
    )
    sql = f"""
        with owing as (
            select customer_id, currency, sum(amount_cents - paid_cents) as cents from invoices
            where paid_cents < amount_cents and due_on < ?{mine}
            group by customer_id, currency),
        last_seen as (select customer_id, max(day) as day from ({seen}) s group by customer_id)
        select o.customer_id, c.rep_id, o.currency, o.cents, l.day from owing o
            join customers c using (customer_id) left join last_seen l using (customer_id)
        where l.day is null or l.day < ?
        order by o.cents desc, o.customer_id limit ?"""
    return [
        Unseen(
            customer_id,
            rep_id,
            currency or DEFAULT_CURRENCY,
            int(cents),
            dt.date.fromisoformat(day) if day else None,
        )
        for customer_id, rep_id, currency, cents, day in store.db.execute(
            sql, [today.isoformat(), *args, not_since.isoformat(), limit]
        )
    ]
