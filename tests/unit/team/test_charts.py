"""The team page's charts from a ledger built for the test: the numbers each draws, its table
and CSV, and every chart in every language."""

import csv
import datetime as dt
import io

import pytest

from dunning_coach.accounts.models import RoleplayRound
from dunning_coach.common import settings
from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook, playbook_languages
from dunning_coach.team import charts
from dunning_coach.team.figures import Viewer
from tests.conftest import TODAY

SETTINGS = settings.load()


def _viewer(build, rep_id: str, language: Language = Language.EN) -> Viewer:
    book = playbook_languages.load(language)
    return Viewer(build.store, build.store.rep(rep_id), TODAY, book, SETTINGS, language)


def _ledger(build) -> None:
    build.rep("M1", role="manager", name="Morgan Lead")
    build.rep("R1", manager_id="M1", name="Rita Field")
    build.rep("R2", manager_id="M1", name="Sam Road")
    build.customer("C1", "R1", name="Alpha Tiles")
    build.customer("C2", "R2", name="Beta Foods")
    build.invoice("C1", issued=60, due=30, amount=1200)  # in collection today, 4 weeks ago not due
    build.invoice("C2", issued=130, due=100, amount=800)  # bad today
    build.invoice("C2", issued=60, due=40, amount=50, currency="USD")
    build.sign("C2", kind="sign_moving", reported=2)
    build.promise("C1", made=20, due_in=-10, amount=100)


def _csv(chart) -> list[list[str]]:
    return list(csv.reader(io.StringIO(chart.csv())))


def test_overdue_by_class_week_by_week_in_the_main_currency(build):
    _ledger(build)
    viewer = _viewer(build, "M1")
    chart = charts.overdue(viewer, charts.names_for(viewer))
    assert chart.currency == "EUR" and chart.kind == "stacked"
    assert [s.key for s in chart.series] == ["bad", "doubtful", "in_collection"]
    by_key = {s.key: s.values for s in chart.series}
    assert by_key["in_collection"][-1] == 1200 and by_key["bad"][-1] == 800
    assert by_key["in_collection"][0] == 800  # 11 weeks ago: C2 23 days late, C1 not yet due
    assert chart.notes == ("Shown in one currency; also owed in: USD.",)
    rows = _csv(chart)
    assert rows[0] == ["Week ending", "Bad", "Doubtful", "In collection"]
    assert rows[-1] == ["23 Nov", "€800.00", "€0.00", "€1,200.00"]
    assert len(rows) == 1 + 12
    assert "€2,000.00" in chart.summary


def test_the_customers_chart_names_their_signs_and_reps(build):
    _ledger(build)
    viewer = _viewer(build, "M1")
    chart = charts.customers(viewer, charts.names_for(viewer))
    rows = _csv(chart)
    assert rows[1][:3] == ["Alpha Tiles", "Rita Field", "€1,200.00"]
    assert rows[2][:3] == ["Beta Foods", "Sam Road", "€800.00"]
    assert "Moving" in rows[2][3]


def test_a_reps_charts_hold_their_own_customers_only(build):
    _ledger(build)
    viewer = _viewer(build, "R1")
    chart = charts.customers(viewer, charts.names_for(viewer))
    assert chart.labels == ("Alpha Tiles",)
    promises = charts.promises(viewer, charts.names_for(viewer))
    assert promises.labels == ("Rita Field",)
    assert _csv(promises)[1] == ["Rita Field", "1", "0", "1", "0%"]


def test_trainees_misses_are_counted_per_check(build):
    _ledger(build)
    build.rep("T1", role="trainee", manager_id="M1", name="Terry New")
    excuse = "excuse_cheque_mailed"
    first = playbook.load().answer_checks(excuse)[0]
    for met in [(first,), ()]:
        build.store.add_round(
            RoleplayRound("T1", excuse, "medium", TODAY, 50, False, checks_met=met)
        )
    viewer = _viewer(build, "M1")
    chart = charts.trainees(viewer, charts.names_for(viewer))
    rows = _csv(chart)
    assert rows[0] == ["Trainee", "Check", "Missed", "Met"]
    assert all(r[0] == "Terry New" for r in rows[1:])
    assert rows[1][2:] == ["2", "0"]  # a check never met leads


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("name", sorted(charts.CHARTS))
def test_every_chart_reads_in_every_language(build, name, language):
    _ledger(build)
    build.store.log_excuse(
        customer_id="C1",
        rep_id="R1",
        intent="excuse_money_tight",
        text="x",
        verdict="Likely excuse",
        logged_on=TODAY - dt.timedelta(days=1),
    )
    viewer = _viewer(build, "M1", language)
    chart = charts.CHARTS[name](viewer, charts.names_for(viewer)).as_dict()
    text = " ".join([chart["title"], chart["summary"], *chart["columns"], *chart["labels"]])
    assert "{" not in text and "team_chart." not in text
    assert all(len(row) == len(chart["columns"]) for row in chart["rows"])
    assert all(len(s["values"]) == len(chart["labels"]) for s in chart["series"])
