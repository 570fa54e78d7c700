"""The team page end to end: its calls on the real Rasa server, who is sent what, and the page in
Debian's chromium on a phone and on a desktop, with its screenshots kept in docs/."""

from __future__ import annotations

import json
import urllib.request

import pytest

from dunning_coach.accounts.store import AccountStore
from tests.conftest import ROOT, Builder
from tests.e2e.browser import chromium
from tests.e2e.test_webchat import code_for, wait

CHARTS = ("overdue", "promises", "excuses", "customers", "trainees")


def _chart(servers, name: str, code: str, language: str = "en") -> tuple[int, dict]:
    status, body = servers.post(
        f"/team/charts/{name}.json?lang={language}",
        b"",
        {"Authorization": f"Bearer {code}"},
        method="GET",
    )
    return status, json.loads(body)


def test_the_page_and_its_files_come_from_the_server_with_a_strict_policy(servers):
    for path in ("/team/", "/team/team.js", "/team/team.css", "/team/chart.umd.min.js"):
        with urllib.request.urlopen(servers.url + path) as response:
            assert response.status == 200
            policy = response.headers["Content-Security-Policy"]
            assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("code", ["", "forged.code"])
def test_no_chart_without_a_valid_code(servers, code):
    for name in CHARTS:
        assert _chart(servers, name, code)[0] == 401


def test_an_unknown_chart_is_404_and_no_5xx(servers):
    code = code_for(servers, "morgan-lead")
    for path in ("/team/charts/nothing.json", "/team/charts/..%2Fsecrets.json", "/team/x.js"):
        status, _ = servers.post(path, b"", {"Authorization": f"Bearer {code}"}, method="GET")
        assert status == 404, path


def test_a_manager_sees_the_team_and_a_rep_their_own_customers(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep("TM1", name="Tess Manager", role="manager", rest_id="team-page-manager")
        build.rep("TR1", name="Theo Rep", manager_id="TM1", rest_id="team-page-rep")
        build.rep("TR2", name="Tara Rep", rest_id="team-page-other")
        build.customer("TC1", "TR1", name="Teapot Traders")
        build.customer("TC2", "TR2", name="Tinsel Tiles")
        build.invoice("TC1", issued=60, due=30, amount=700)
        build.invoice("TC2", issued=60, due=30, amount=900)
    status, manager = _chart(servers, "customers", code_for(servers, "team-page-manager"))
    assert status == 200 and manager["labels"] == ["Teapot Traders"]
    assert manager["heading"] == "Team collections"
    _, rep = _chart(servers, "customers", code_for(servers, "team-page-other"), "es")
    assert rep["labels"] == ["Tinsel Tiles"] and rep["heading"] == "Mi cobranza"


# --- the page in a real browser -------------------------------------------------------------


def _states(driver) -> dict[str, str]:
    return driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('section.card')]"
        ".map(s => [s.id, s.dataset.state]))"
    )


@pytest.mark.parametrize("width, height, mobile", [(375, 812, True), (1280, 900, False)])
def test_the_page_draws_every_chart_on_a_phone_and_a_desktop(
    servers, tmp_path, width, height, mobile
):
    from selenium.webdriver.common.by import By

    driver = chromium(tmp_path, width, height, mobile=mobile)
    try:
        driver.get(servers.url + "/team/")
        # Not signed in: the page says where to sign in, and asks for no chart.
        wait(driver, lambda d: d.find_element(By.ID, "signin").is_displayed())
        assert not driver.find_elements(By.CSS_SELECTOR, "section.card")
        code = code_for(servers, "morgan-lead")  # the demo manager, who oversees everyone
        driver.execute_script(
            "localStorage.setItem('dunning-coach.code', arguments[0]);"
            "localStorage.setItem('dunning-coach.language', 'en');",
            code,
        )
        driver.get(servers.url + "/team/")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.state") == "ready")
        states = _states(driver)
        assert set(states) == {f"chart-{n}" for n in CHARTS}
        assert all(s in ("ready", "empty") for s in states.values()), states
        assert states["chart-overdue"] == "ready" and states["chart-customers"] == "ready"
        # Each chart drawn is a picture with its summary, and a table of its numbers.
        overdue = driver.find_element(By.ID, "chart-overdue")
        canvas = overdue.find_element(By.TAG_NAME, "canvas")
        assert canvas.get_attribute("role") == "img"
        assert "Overdue now" in canvas.get_attribute("aria-label")
        assert canvas.size["width"] > 0.7 * min(width, 640) - 60
        headers = overdue.find_elements(By.CSS_SELECTOR, "table th[scope=col]")
        assert headers[0].get_attribute("textContent") == "Week ending"
        # Nothing wider than the screen: no sideways scrolling of the page.
        assert driver.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth"
        )
        # The CSV button downloads the chart's numbers.
        overdue.find_element(By.CSS_SELECTOR, "button.csv").click()
        downloaded = tmp_path / "downloads" / "overdue.csv"
        wait(driver, lambda d: downloaded.exists() and downloaded.stat().st_size > 0)
        assert downloaded.read_text(encoding="utf-8").splitlines()[0].startswith("Week ending,")
        logs = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert logs == []
        (ROOT / "docs").mkdir(exist_ok=True)
        driver.save_screenshot(str(ROOT / "docs" / f"team-page-{width}.png"))
    finally:
        driver.quit()
