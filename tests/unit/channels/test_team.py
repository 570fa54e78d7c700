"""channels/team.py: the charts a signed-in rep is sent, and the charting library it serves."""

from __future__ import annotations

import hashlib
import re

import pytest

from channels import team
from tests.conftest import ROOT

VENDORED = team.PAGE_DIR / "vendor" / "chart.umd.min.js"
CHART_JS_SHA256 = "87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2"


def test_the_charting_library_is_the_pinned_release_unchanged():
    body = VENDORED.read_bytes()
    assert hashlib.sha256(body).hexdigest() == CHART_JS_SHA256
    assert b"Chart.js v4.6.1" in body[:200]
    readme = (team.PAGE_DIR / "vendor" / "README.md").read_text(encoding="utf-8")
    assert CHART_JS_SHA256 in readme and "4.6.1" in readme


def test_the_page_loads_nothing_from_outside_the_server():
    page = (team.PAGE_DIR / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r"""(?:src|href)=["']([^"']*)["']""", page)
    assert linked and all(link.startswith(("/team/", "/chat/", "data:")) for link in linked)
    script = (team.PAGE_DIR / "team.js").read_text(encoding="utf-8")
    fetched = re.findall(r"fetch\(\s*[`'\"]([^`'\"]*)", script)
    assert fetched and all(url.startswith("/team/") for url in fetched)
    style = (team.PAGE_DIR / "team.css").read_text(encoding="utf-8")
    assert "url(" not in style and "@import" not in style


def test_every_file_the_page_is_served_from_exists():
    for path, (name, _) in team.PAGE_FILES.items():
        assert (team.PAGE_DIR / name).is_file(), path


@pytest.fixture
def ledger(build, tmp_path):
    build.rep("M1", role="manager", name="Morgan Lead")
    build.rep("R1", manager_id="M1", name="Rita Field")
    build.rep("R2", manager_id="M1", name="Sam Road", language="ko")
    build.customer("C1", "R1", name="Alpha Tiles")
    build.customer("C2", "R2", name="Beta Foods")
    build.invoice("C1", issued=60, due=30, amount=1200)
    build.invoice("C2", issued=60, due=30, amount=800)
    return build.store.location


def test_a_manager_is_sent_the_teams_chart_and_a_rep_their_own(ledger, monkeypatch):
    monkeypatch.setenv("DUNNING_TODAY", "2026-11-23")
    team_chart = team.chart_json(ledger, "M1", "customers", "en")
    assert team_chart["labels"] == ("Alpha Tiles", "Beta Foods")
    assert team_chart["heading"] == "Team collections"
    own = team.chart_json(ledger, "R1", "customers", "en")
    assert own["labels"] == ("Alpha Tiles",) and own["heading"] == "My collections"
    assert own["csv"].splitlines()[1].startswith("Alpha Tiles,Rita Field,")


def test_a_chart_is_in_the_language_asked_else_the_reps_own(ledger, monkeypatch):
    monkeypatch.setenv("DUNNING_TODAY", "2026-11-23")
    assert team.chart_json(ledger, "R2", "customers", None)["heading"] == "내 수금 현황"
    assert team.chart_json(ledger, "R2", "customers", "es")["heading"] == "Mi cobranza"
    assert team.chart_json(ledger, "R2", "customers", "xx")["heading"] == "내 수금 현황"


def test_a_rep_no_longer_in_the_ledger_gets_no_chart(ledger):
    with pytest.raises(LookupError):
        team.chart_json(ledger, "GONE", "customers", "en")


def test_the_team_page_is_a_channel_of_the_rasa_server():
    credentials = (ROOT / "credentials.yml").read_text(encoding="utf-8")
    assert "channels.team.TeamPageInput:\n  secret: ${WEBCHAT_SECRET}" in credentials


def test_a_trainee_is_sent_demo_customers_only_and_a_manager_without_a_team_everyone(
    ledger, build, monkeypatch
):
    monkeypatch.setenv("DUNNING_TODAY", "2026-11-23")
    build.rep("T1", role="trainee", name="Terry New")
    build.rep("BOSS", role="manager", name="Big Boss")
    build.customer("CD", "R1", name="Demo Depot", demo=1)
    build.invoice("CD", issued=60, due=30, amount=10)
    assert team.chart_json(ledger, "T1", "customers", "en")["labels"] == ("Demo Depot",)
    everyone = team.chart_json(ledger, "BOSS", "customers", "en")["labels"]
    assert set(everyone) == {"Alpha Tiles", "Beta Foods", "Demo Depot"}
