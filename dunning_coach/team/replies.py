"""The team's figures as short chat answers, each with buttons to go down to a rep or a customer.

Every function takes figures already worked out (`figures.py`) and the names to show; a rep's
buttons send the same question about that rep (`Entity.REP_ID`), a customer's select the
customer, which shows the account.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dunning_coach.accounts.models import Customer, Rep
from dunning_coach.accounts.replies import customer_buttons
from dunning_coach.accounts.store import AccountStore
from dunning_coach.accounts.team_totals import (
    ClassTotal,
    ExcuseCount,
    Excuser,
    SignedCustomer,
    Unseen,
)
from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.common.reply import Button, Line, Reply, intent_payload
from dunning_coach.common.settings import CLASSES
from dunning_coach.excuses.verdicts import Label
from dunning_coach.language import messages
from dunning_coach.language.formatting import day, money
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import Playbook
from dunning_coach.team.figures import OwingCustomer, PromiseWeek, TraineeMisses
from dunning_coach.training import answer_checks

MAX_REP_BUTTONS = 6
SHOWN = 5  # lines of a list
SHOWN_REPS = 10  # reps in a per-rep answer; the rest are counted

# Money doubtful or worse: the share the overview warns about.
_SERIOUS = CLASSES[CLASSES.index("doubtful") :]


@dataclass(frozen=True)
class Names:
    """Who and what the answer names: reps and customers by id, the day, the language."""

    reps: Mapping[str, Rep]
    customers: Mapping[str, Customer]
    today: dt.date
    language: Language
    playbook: Playbook
    asker: Rep | None = None  # who asks: only reps they oversee get a button
    currency: str | None = None  # the main currency, which ranks reps (`figures.currencies`)

    @classmethod
    def read(
        cls,
        store: AccountStore,
        today: dt.date,
        language: Language,
        playbook: Playbook,
        customer_ids: Iterable[str] = (),
        asker: Rep | None = None,
        currency: str | None = None,
    ) -> Names:
        """Every rep's name, and these customers', from the ledger."""
        customers = {c.customer_id: c for c in store.customers_by_id(set(customer_ids))}
        reps = {r.rep_id: r for r in store.reps()}
        return cls(reps, customers, today, language, playbook, asker, currency)

    def rep(self, rep_id: str) -> str:
        found = self.reps.get(rep_id)
        return found.name if found else rep_id

    def customer(self, customer_id: str) -> str:
        found = self.customers.get(customer_id)
        return found.name if found else customer_id

    def amounts(self, by_currency: Mapping[str, int]) -> str:
        """Money in several currencies, each apart (never added, nor ordered by size, across
        currencies), by currency code."""
        ordered = sorted(by_currency.items())
        return " + ".join(money(cents, currency, self.language) for currency, cents in ordered)

    def joined(self, parts: Iterable[str]) -> str:
        return messages.text("team.list_joiner", self.language).join(parts)


def rep_buttons(rep_ids: Iterable[str], intent: str, names: Names) -> tuple[Button, ...]:
    """A button per rep the asker oversees, asking `intent` about that rep alone (a trainee
    sees demo customers of reps whose own figures they may not open)."""
    opened = [r for r in rep_ids if r and (names.asker is None or names.asker.oversees(r))]
    return tuple(
        Button(names.rep(r), intent_payload(intent, {Entity.REP_ID: r}))
        for r in opened[:MAX_REP_BUTTONS]
    )


def _more_reps(count: int, language: Language) -> list[str]:
    return [messages.text("team.more_reps", language, count=count)] if count > 0 else []


def _figure_buttons(language: Language, rep_id: str | None) -> tuple[Button, ...]:
    focus = {Entity.REP_ID: rep_id} if rep_id else None
    return tuple(
        Button(messages.text(f"team.{key}", language), intent_payload(intent, focus))
        for key, intent in (
            ("button_overdue", Intent.TEAM_OVERDUE),
            ("button_top", Intent.TEAM_TOP_DEBTORS),
            ("button_promises", Intent.TEAM_PROMISES),
            ("button_excuses", Intent.TEAM_EXCUSES),
            ("button_signs", Intent.TEAM_WARNING_SIGNS),
            ("button_unseen", Intent.TEAM_UNVISITED),
            ("button_trainees", Intent.TEAM_TRAINEE_MISSES),
        )
    )


def _by_currency(totals: Iterable[ClassTotal], classes: Sequence[str] = CLASSES) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for t in totals:
        if t.cls in classes:
            found[t.currency] += t.cents
    return dict(found)


def _likely(counts: Iterable[ExcuseCount]) -> int:
    return sum(c.count for c in counts if c.verdict == Label.LIKELY_EXCUSE.value)


def overview(
    title: str,
    overdue: Sequence[ClassTotal],
    promises: Sequence[PromiseWeek],
    excuses: Sequence[ExcuseCount],
    signed: int,
    names: Names,
    rep_id: str | None,
) -> Reply:
    language = names.language
    lines = [title]
    if overdue:
        lines.append(
            messages.text(
                "team.overview_overdue",
                language,
                amount=names.amounts(_by_currency(overdue)),
                worst=names.amounts(_by_currency(overdue, _SERIOUS)) or money(0, "EUR", language),
            )
        )
    else:
        lines.append(messages.text("team.overview_nothing_overdue", language))
    weeks = len({p.week_end for p in promises}) or 8
    lines.append(
        messages.text(
            "team.overview_promises",
            language,
            weeks=weeks,
            kept=sum(p.kept for p in promises),
            broken=sum(p.broken for p in promises),
        )
    )
    lines.append(
        messages.text(
            "team.overview_excuses",
            language,
            count=sum(c.count for c in excuses),
            likely=_likely(excuses),
        )
    )
    lines.append(messages.text("team.overview_signs", language, count=signed))
    return Reply("\n".join(lines), _figure_buttons(language, rep_id))


def overdue(totals: Sequence[ClassTotal], names: Names) -> Reply:
    """Each rep's overdue money, most first, with the classes it is in, worst first."""
    language = names.language
    if not totals:
        return Reply(messages.text("team.overview_nothing_overdue", language))
    per_rep: dict[str, list[ClassTotal]] = defaultdict(list)
    for t in totals:
        per_rep[t.rep_id or ""].append(t)
    # Ranked by the money in the main currency: cents of two currencies cannot be compared.
    main = names.currency

    def owed(r: str) -> int:
        return sum(t.cents for t in per_rep[r] if main is None or t.currency == main)

    ranked = sorted(per_rep, key=lambda r: (-owed(r), r))
    lines = [messages.text("team.overdue_title", language)]
    for rep_id in ranked[:SHOWN_REPS]:
        mine = per_rep[rep_id]
        lines.append(
            messages.text(
                "team.overdue_rep",
                language,
                name=names.rep(rep_id),
                amount=names.amounts(_by_currency(mine)),
            )
        )
        for cls in reversed(CLASSES):
            cents = _by_currency(t for t in mine if t.cls == cls)
            if cents:
                title = names.playbook.classes[cls].title if cls in names.playbook.classes else cls
                lines.append(
                    messages.text(
                        "team.overdue_class", language, cls=title, amount=names.amounts(cents)
                    )
                )
    lines += _more_reps(len(ranked) - SHOWN_REPS, language)
    return Reply("\n".join(lines), rep_buttons(ranked, Intent.TEAM_TOP_DEBTORS, names))


def _others(others: Sequence[str], language: Language) -> list[str]:
    return (
        [messages.text("team.other_currencies", language, currencies=", ".join(others))]
        if others
        else []
    )


def top_debtors(owing: Sequence[OwingCustomer], names: Names, others: Sequence[str] = ()) -> Reply:
    language = names.language
    if not owing:
        return Reply(messages.text("team.overview_nothing_overdue", language))
    lines = [Line.plain(messages.text("team.top_title", language))]
    for place, o in enumerate(owing[:SHOWN], 1):
        owed = messages.text(
            "team.top_line",
            language,
            customer=o.customer.name,
            rep=names.rep(o.owing.rep_id),
            amount=money(o.owing.cents, o.owing.currency, language),
        )
        lines.append(Line.step(place, owed))
        if o.signs:
            titles = list(dict.fromkeys(s.title for s in o.signs))
            signs = messages.text("team.top_signs", language, signs=names.joined(titles))
            lines.append(Line.plain(signs))
    lines += [Line.plain(t) for t in _others(others, language)]
    customers = list(dict.fromkeys(o.customer for o in owing[:SHOWN]))
    return Reply.of(lines, customer_buttons(customers))


def excuses(
    counts: Sequence[ExcuseCount], most: Sequence[Excuser], period: str, names: Names
) -> Reply:
    language = names.language
    title = messages.text("team.excuses_title", language, period=period)
    if not counts:
        return Reply(f"{title}\n{messages.text('team.no_excuses', language)}")
    per_intent: dict[str, list[ExcuseCount]] = defaultdict(list)
    for c in counts:
        per_intent[c.intent].append(c)
    ranked = sorted(per_intent, key=lambda i: (-sum(c.count for c in per_intent[i]), i))
    lines = [title]
    for intent in ranked:
        entry = names.playbook.excuses.get(intent)
        lines.append(
            messages.text(
                "team.excuse_line",
                language,
                excuse=entry.title if entry else intent,
                count=sum(c.count for c in per_intent[intent]),
                likely=_likely(per_intent[intent]),
            )
        )
    if most:
        listed = [
            messages.text(
                "team.excuser", language, customer=names.customer(e.customer_id), count=e.excuses
            )
            for e in most
        ]
        lines.append(messages.text("team.excuses_most", language, customers=names.joined(listed)))
    shown = [names.customers[e.customer_id] for e in most if e.customer_id in names.customers]
    return Reply("\n".join(lines), customer_buttons(shown))


def promises(record: Sequence[PromiseWeek], weeks: int, names: Names) -> Reply:
    """Each rep's promises over the weeks: made, kept, broken and the share kept of those
    judged (a promise still in its grace days is neither)."""
    language = names.language
    per_rep: dict[str, list[PromiseWeek]] = defaultdict(list)
    for week in record:
        per_rep[week.rep_id].append(week)
    active = [r for r in sorted(per_rep) if any(w.made or w.judged for w in per_rep[r])]
    if not active:
        return Reply(messages.text("team.no_promises", language))
    lines = [messages.text("team.promises_title", language, weeks=weeks)]
    for rep_id in active[:SHOWN_REPS]:
        made = sum(w.made for w in per_rep[rep_id])
        kept = sum(w.kept for w in per_rep[rep_id])
        broken = sum(w.broken for w in per_rep[rep_id])
        share = f"{round(100 * kept / (kept + broken))}%" if kept + broken else "–"
        lines.append(
            messages.text(
                "team.promise_line",
                language,
                name=names.rep(rep_id),
                made=made,
                kept=kept,
                broken=broken,
                share=share,
            )
        )
    lines += _more_reps(len(active) - SHOWN_REPS, language)
    return Reply("\n".join(lines), rep_buttons(active, Intent.TEAM_OVERVIEW, names))


def warning_signs(signed: Sequence[SignedCustomer], days: int, names: Names) -> Reply:
    language = names.language
    if not signed:
        return Reply(messages.text("team.no_signs", language))
    lines = [messages.text("team.signs_title", language, days=days)]
    for s in signed[:SHOWN]:
        titles = [
            names.playbook.warning_signs[k].title if k in names.playbook.warning_signs else k
            for k in s.kinds
        ]
        lines.append(
            messages.text(
                "team.sign_line",
                language,
                customer=names.customer(s.customer_id),
                rep=names.rep(s.rep_id),
                signs=names.joined(titles),
                date=day(s.last_reported, names.today, language),
            )
        )
    shown = [
        names.customers[s.customer_id] for s in signed[:SHOWN] if s.customer_id in names.customers
    ]
    return Reply("\n".join(lines), customer_buttons(shown))


def unvisited(
    unseen: Sequence[Unseen], days: int, names: Names, others: Sequence[str] = ()
) -> Reply:
    language = names.language
    if not unseen:
        return Reply(messages.text("team.no_unseen", language))
    lines = [messages.text("team.unseen_title", language, days=days)]
    for u in unseen[:SHOWN]:
        values = dict(
            customer=names.customer(u.customer_id),
            rep=names.rep(u.rep_id),
            amount=money(u.cents, u.currency, language),
        )
        if u.last_seen is None:
            lines.append(messages.text("team.unseen_never", language, **values))
        else:
            lines.append(
                messages.text(
                    "team.unseen_line",
                    language,
                    date=day(u.last_seen, names.today, language),
                    **values,
                )
            )
    shown = list(
        dict.fromkeys(
            names.customers[u.customer_id]
            for u in unseen[:SHOWN]
            if u.customer_id in names.customers
        )
    )
    return Reply("\n".join(lines), customer_buttons(shown))


def trainee_misses(misses: Sequence[TraineeMisses], names: Names) -> Reply:
    language = names.language
    if not misses:
        return Reply(messages.text("team.no_trainees", language))
    checks = answer_checks.book()[language].checks
    lines = [messages.text("team.trainees_title", language)]
    for m in misses[:SHOWN_REPS]:
        if not m.checks:
            lines.append(
                messages.text(
                    "team.trainee_clean", language, name=names.rep(m.rep_id), rounds=m.rounds
                )
            )
            continue
        missed = [
            messages.text(
                "team.trainee_missed",
                language,
                check=checks[c.check].title if c.check in checks else c.check,
                met=c.met,
                judged=len(c.trail),
            )
            for c in m.checks
        ]
        lines.append(
            messages.text(
                "team.trainee_line",
                language,
                name=names.rep(m.rep_id),
                rounds=m.rounds,
                checks=names.joined(missed),
            )
        )
    lines += _more_reps(len(misses) - SHOWN_REPS, language)
    return Reply("\n".join(lines))


def not_your_rep(language: Language) -> Reply:
    return Reply(messages.text("team.not_your_rep", language))
