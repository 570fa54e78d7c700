"""The team page's charts: each figure as the series a chart draws, the table that is its text
alternative and its CSV, and a sentence that sums it up, in the viewer's language.

The page draws what it is given and adds nothing: every label, title and number is made here.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from dunning_coach.common.settings import CLASSES
from dunning_coach.excuses.verdicts import Label
from dunning_coach.language import messages
from dunning_coach.language.formatting import day, money
from dunning_coach.language.languages import Language
from dunning_coach.team import figures
from dunning_coach.team.figures import Viewer
from dunning_coach.team.replies import Names
from dunning_coach.training import answer_checks

MONEY, COUNT = "money", "count"


@dataclass(frozen=True)
class Series:
    key: str  # stable across languages: the page colours a series by it
    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    summary: str  # the chart in one or two sentences: its text alternative's lead
    kind: str  # "stacked" (bars stacked by series) or "bars" (series side by side)
    horizontal: bool
    unit: str  # MONEY (in `currency`, whole units) or COUNT
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    columns: tuple[str, ...]  # the table: the chart's data as text, and its CSV
    rows: tuple[tuple[str, ...], ...]
    currency: str | None = None
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        return asdict(self)

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


def _class_title(cls: str, names: Names) -> str:
    entry = names.playbook.classes.get(cls)
    return entry.title if entry else cls


def _other_currencies(owed_in: figures.Currencies, language: Language) -> tuple[str, ...]:
    if not owed_in.others:
        return ()
    return (
        messages.text(
            "team_chart.other_currencies", language, currencies=", ".join(owed_in.others)
        ),
    )


def overdue(viewer: Viewer, names: Names) -> Chart:
    """Money overdue at each week's end by class, in the main currency (`figures.currencies`)."""
    language = names.language
    totals = figures.overdue_history(viewer)
    ends = figures.week_ends(viewer.today, figures.OVERDUE_WEEKS)
    owed_in = figures.currencies(viewer)
    currency = owed_in.main
    cents = {(t.on, t.cls): t.cents for t in totals if t.currency == currency}
    shown = [c for c in reversed(CLASSES) if any(cls == c for _, cls in cents)]
    labels = tuple(day(e, viewer.today, language) for e in ends)
    series = tuple(
        Series(cls, _class_title(cls, names), tuple(cents.get((e, cls), 0) / 100 for e in ends))
        for cls in shown
    )
    columns = (messages.text("team_chart.week_ending", language), *(s.label for s in series))
    # Nothing overdue in any week: no rows, and the page says there is nothing to show.
    rows = tuple(
        (label, *(money(cents.get((e, s.key), 0), currency, language) for s in series))
        for label, e in zip(labels, ends)
        if series
    )
    now = sum(cents.get((ends[-1], c), 0) for c in shown)
    then = sum(cents.get((ends[0], c), 0) for c in shown)
    summary = messages.text(
        "team_chart.overdue_summary",
        language,
        now=money(now, currency, language),
        then=money(then, currency, language),
        weeks=len(ends),
    )
    notes = _other_currencies(owed_in, language)
    return Chart(
        "overdue",
        messages.text("team_chart.overdue_title", language, weeks=len(ends)),
        summary,
        "stacked",
        False,
        MONEY,
        labels,
        series,
        columns,
        rows,
        currency,
        notes,
    )


def promises(viewer: Viewer, names: Names) -> Chart:
    """Per rep over the weeks: promises made, kept and broken."""
    language = names.language
    record = figures.promise_record(viewer)
    per_rep: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for w in record:
        totals = per_rep[w.rep_id]
        totals[0] += w.made
        totals[1] += w.kept
        totals[2] += w.broken
    reps = sorted((r for r in per_rep if any(per_rep[r])), key=lambda r: names.rep(r))
    labels = tuple(names.rep(r) for r in reps)
    keys = ("made", "kept", "broken")
    series = tuple(
        Series(
            key,
            messages.text(f"team_chart.promises_{key}", language),
            tuple(per_rep[r][n] for r in reps),
        )
        for n, key in enumerate(keys)
    )

    def share(r: str) -> str:
        kept, broken = per_rep[r][1], per_rep[r][2]
        return f"{round(100 * kept / (kept + broken))}%" if kept + broken else "–"

    columns = (
        messages.text("team_chart.rep", language),
        *(s.label for s in series),
        messages.text("team_chart.share_kept", language),
    )
    rows = tuple((names.rep(r), *(str(v) for v in per_rep[r]), share(r)) for r in reps)
    kept = sum(v[1] for v in per_rep.values())
    broken = sum(v[2] for v in per_rep.values())
    summary = messages.text(
        "team_chart.promises_summary",
        language,
        made=sum(v[0] for v in per_rep.values()),
        kept=kept,
        broken=broken,
        weeks=figures.PROMISE_WEEKS,
    )
    return Chart(
        "promises",
        messages.text("team_chart.promises_title", language, weeks=figures.PROMISE_WEEKS),
        summary,
        "bars",
        False,
        COUNT,
        labels,
        series,
        columns,
        rows,
    )


_VERDICTS = (
    ("likely_excuse", Label.LIKELY_EXCUSE),
    ("likely_true", Label.LIKELY_TRUE),
    ("cant_tell", Label.CANT_TELL),
)
NOT_JUDGED = "not_judged"  # logged with no customer chosen: nothing to judge it against


def excuses(viewer: Viewer, names: Names) -> Chart:
    """This month's excuses by type, split by the verdict each was given."""
    language = names.language
    since = viewer.today.replace(day=1)
    counts = figures.excuse_counts(viewer, since, viewer.today)
    per_intent: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in counts:
        key = next((k for k, label in _VERDICTS if label.value == c.verdict), NOT_JUDGED)
        per_intent[c.intent][key] += c.count
    intents = sorted(per_intent, key=lambda i: (-sum(per_intent[i].values()), i))

    def title(intent: str) -> str:
        entry = names.playbook.excuses.get(intent)
        return entry.title if entry else intent

    labels = tuple(title(i) for i in intents)
    labelled = [(key, label.text(language)) for key, label in _VERDICTS]
    labelled.append((NOT_JUDGED, messages.text("team_chart.not_judged", language)))
    series = tuple(
        Series(key, text, tuple(per_intent[i][key] for i in intents)) for key, text in labelled
    )
    columns = (
        messages.text("team_chart.excuse", language),
        *(s.label for s in series),
        messages.text("team_chart.total", language),
    )
    rows = tuple(
        (
            title(i),
            *(str(per_intent[i][k]) for k, _ in labelled),
            str(sum(per_intent[i].values())),
        )
        for i in intents
    )
    total = sum(c.count for c in counts)
    likely = sum(per_intent[i]["likely_excuse"] for i in intents)
    share = f"{round(100 * likely / total)}%" if total else "–"
    summary = messages.text(
        "team_chart.excuses_summary",
        language,
        count=total,
        share=share,
        since=day(since, viewer.today, language),
    )
    return Chart(
        "excuses",
        messages.text(
            "team_chart.excuses_title", language, since=day(since, viewer.today, language)
        ),
        summary,
        "stacked",
        True,
        COUNT,
        labels,
        series,
        columns,
        rows,
    )


def customers(viewer: Viewer, names: Names) -> Chart:
    """The customers owing the most overdue money, with their warning signs."""
    language = names.language
    owed_in = figures.currencies(viewer)
    currency = owed_in.main
    owing = figures.most_overdue(viewer, currency=currency)
    labels = tuple(o.customer.name for o in owing)
    series = (
        Series(
            "overdue",
            messages.text("team_chart.overdue", language),
            tuple(o.owing.cents / 100 for o in owing),
        ),
    )
    columns = (
        messages.text("team_chart.customer", language),
        messages.text("team_chart.rep", language),
        messages.text("team_chart.overdue", language),
        messages.text("team_chart.signs", language),
    )
    joiner = messages.text("team.list_joiner", language)
    rows = tuple(
        (
            o.customer.name,
            names.rep(o.owing.rep_id),
            money(o.owing.cents, o.owing.currency, language),
            joiner.join(dict.fromkeys(s.title for s in o.signs)),
        )
        for o in owing
    )
    signed = sum(1 for o in owing if o.signs)
    summary = messages.text(
        "team_chart.customers_summary", language, count=len(owing), signed=signed
    )
    notes = _other_currencies(owed_in, language)
    return Chart(
        "customers",
        messages.text("team_chart.customers_title", language),
        summary,
        "bars",
        True,
        MONEY,
        labels,
        series,
        columns,
        rows,
        currency,
        notes,
    )


def trainees(viewer: Viewer, names: Names) -> Chart:
    """Per trainee, the answer checks missed most: the share of rounds each was missed in."""
    language = names.language
    misses = figures.trainee_misses(viewer)
    checks = answer_checks.book()[language].checks
    pairs = [(m, c) for m in misses for c in m.checks]
    labels = tuple(
        f"{names.rep(m.rep_id)}: {checks[c.check].title if c.check in checks else c.check}"
        for m, c in pairs
    )
    series = (
        Series(
            "missed",
            messages.text("team_chart.missed", language),
            tuple(len(c.trail) - c.met for _, c in pairs),
        ),
        Series("met", messages.text("team_chart.met", language), tuple(c.met for _, c in pairs)),
    )
    columns = (
        messages.text("team_chart.trainee", language),
        messages.text("team_chart.check", language),
        messages.text("team_chart.missed", language),
        messages.text("team_chart.met", language),
    )
    rows = tuple(
        (
            names.rep(m.rep_id),
            checks[c.check].title if c.check in checks else c.check,
            str(len(c.trail) - c.met),
            str(c.met),
        )
        for m, c in pairs
    )
    summary = messages.text(
        "team_chart.trainees_summary", language, trainees=len(misses), checks=len(pairs)
    )
    return Chart(
        "trainees",
        messages.text("team_chart.trainees_title", language),
        summary,
        "stacked",
        True,
        COUNT,
        labels,
        series,
        columns,
        rows,
    )


CHARTS: dict[str, Callable[[Viewer, Names], Chart]] = {
    "overdue": overdue,
    "promises": promises,
    "excuses": excuses,
    "customers": customers,
    "trainees": trainees,
}


def names_for(viewer: Viewer, customer_ids: Sequence[str] = ()) -> Names:
    return Names.read(viewer.store, viewer.today, viewer.language, viewer.playbook, customer_ids)
