"""The mobile web chat end to end: its HTTP calls, and the page itself in Debian's chromium at a
phone's size against the real servers."""

from __future__ import annotations

import json
import time

import pytest

from dunning_coach.accounts.store import AccountStore
from dunning_coach.common import tokens
from tests.conftest import ROOT, Builder
from tests.e2e.browser import IPHONE_AGENT, chromium
from tests.e2e.hostile_data import ASK, NAME, NOTE, hostile_customer

SCREENSHOT = ROOT / "results" / "webchat-375.png"


def code_for(servers, web_id: str, days: int = 1) -> str:
    with AccountStore(servers.env["DUNNING_DB"]) as store:
        rep = store.rep_for_sender("chat", web_id)
    return tokens.issue(
        servers.env["WEBCHAT_SECRET"], web_id, rep.rep_id if rep else "?", days=days
    )


def test_the_page_is_served_with_a_strict_content_policy(servers):
    status, body = servers.post("/chat/", b"", method="GET")
    assert status == 200 and b"<title>Dunning Coach</title>" in body
    import urllib.request

    for path in ("/chat/", "/chat/chat.js"):
        with urllib.request.urlopen(servers.url + path) as response:
            policy = response.headers["Content-Security-Policy"]
            assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
            assert response.headers["X-Frame-Options"] == "DENY"


def test_the_pages_own_words_are_served_in_every_language(servers):
    status, body = servers.post("/chat/texts.json", b"", method="GET")
    texts = json.loads(body)
    assert status == 200 and set(texts) == {"en", "es", "zh-Hans", "zh-Hant", "ko"}
    assert (texts["en"]["send"], texts["ko"]["send"], texts["zh-Hant"]["send"]) == (
        "Send",
        "보내기",
        "傳送",
    )
    assert all(set(words) == set(texts["en"]) for words in texts.values())


@pytest.mark.parametrize("code", ["", "forged.code", "other-secret", "expired"])
def test_calls_without_a_valid_sign_in_code_get_401_and_no_conversation(servers, code):
    code = {
        "other-secret": tokens.issue("not-the-secret", "demo-rep", "R1"),
        "expired": tokens.issue(servers.env["WEBCHAT_SECRET"], "demo-rep", "R1", days=-1),
    }.get(code, code)
    headers = {"Authorization": f"Bearer {code}"}
    assert servers.post("/chat/webhook", {"message": "I'm at Northwind"}, headers)[0] == 401
    assert servers.post("/chat/history", b"", headers, method="GET")[0] == 401


def _calls(servers, code: str) -> list[int]:
    """The status of each call the page makes, signed with `code`."""
    headers = {"Authorization": f"Bearer {code}"}
    return [
        servers.post("/chat/signin", b"", headers)[0],
        servers.post("/chat/history", b"", headers, method="GET")[0],
        servers.post("/chat/webhook", {"message": "I'm at Bolt and Nut"}, headers)[0],
    ]


def test_a_signed_in_rep_chats_and_a_code_for_nobody_in_the_ledger_is_refused(servers):
    status, body = servers.post(
        "/chat/webhook",
        {"message": "I'm at Bolt and Nut"},
        {"Authorization": f"Bearer {code_for(servers, 'demo-rep')}"},
    )
    assert status == 200 and "Bolt & Nut Hardware" in json.loads(body)["messages"][0]["text"]
    # Signed with the real secret, but no rep has this web id (taken off the reps table), or
    # it is another channel's conversation: nothing at all, not even the history.
    assert _calls(servers, code_for(servers, "left-the-company")) == [401, 401, 401]
    assert _calls(servers, code_for(servers, "telegram:100002")) == [401, 401, 401]


def test_revoked_codes_and_a_removed_reps_codes_are_refused_with_their_history(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep_with_customer("WR1", "WC1", "Lantern Joinery", rest_id="lost-phone-w1")
        old = code_for(servers, "lost-phone-w1")
        assert _calls(servers, old) == [200, 200, 200]
        store.revoke_signins("WR1")  # make signin-revoke REP=WR1
        assert _calls(servers, old) == [401, 401, 401]
        time.sleep(0.01)  # a code issued in the revocation's own millisecond counts as revoked
        new = code_for(servers, "lost-phone-w1")
        status, body = servers.post(
            "/chat/history", b"", {"Authorization": f"Bearer {new}"}, method="GET"
        )
        assert status == 200 and "I'm at Bolt and Nut" in body.decode()  # what they wrote
        build.rep("WR1", name="Rep WR1", rest_id="lost-phone-w1", active=0)  # removed
        assert _calls(servers, new) == [401, 401, 401]


@pytest.mark.parametrize("body", [b"{not json", b'{"message": 42}', b'{"message": "   "}'])
def test_bad_messages_get_a_clear_400(servers, body):
    status, answer = servers.post(
        "/chat/webhook", body, {"Authorization": f"Bearer {code_for(servers, 'demo-rep')}"}
    )
    assert status == 400 and answer


# --- the page in a real browser -------------------------------------------------------------


@pytest.fixture
def phone(tmp_path):
    """Debian's chromium, headless, at an iPhone's 375 x 812 CSS pixels."""
    driver = chromium(tmp_path, 375, 812, mobile=True, user_agent=IPHONE_AGENT)
    yield driver
    driver.quit()


def wait(driver, condition, seconds: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(lambda d: condition(d))


def bubbles(driver, who: str) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('.msg.' + arguments[0])].map(e => e.textContent)", who
    )


def type_and_send(driver, text: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, "text").send_keys(text)
    driver.find_element(By.ID, "send").click()


def test_on_a_phone_sign_in_excuse_verdict_button_reload_and_offline(servers, phone):
    from selenium.webdriver.common.by import By

    # A manager of its own, so the conversation starts empty whatever other tests did.
    with AccountStore(servers.tmp / "accounts.db") as store:
        Builder(store).rep("M9", name="Pat Phone", role="manager", rest_id="phone-test")
    phone.get(servers.url + "/chat/")
    wait(phone, lambda d: d.find_element(By.ID, "signin").is_displayed())
    phone.find_element(By.ID, "code").send_keys(code_for(servers, "phone-test"))
    phone.find_element(By.CSS_SELECTOR, "#signin-form button").click()
    wait(phone, lambda d: bubbles(d, "bot"))  # the greeting
    assert "Which customer are you with?" in bubbles(phone, "bot")[0]

    type_and_send(phone, "I'm at Riverside")
    wait(phone, lambda d: len(bubbles(d, "bot")) >= 2)
    # While the next answer is on its way the page says so (the network made slow on purpose).
    phone.set_network_conditions(offline=False, latency=1500, throughput=500 * 1024)
    type_and_send(phone, "they say cash is tight")
    assert phone.find_element(By.ID, "status").text == "Dunning Coach is answering"
    assert not phone.find_element(By.ID, "send").is_enabled()
    wait(phone, lambda d: len(bubbles(d, "bot")) >= 3)
    phone.set_network_conditions(offline=False, latency=0, throughput=500 * 1024 * 1024)
    verdict = bubbles(phone, "bot")[-1]
    assert verdict.startswith("Cash is tight right now")
    # Readable at a glance: the verdict a coloured badge, tactics a list, the line to say apart.
    shaped = phone.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]
    badge = shaped.find_element(By.CSS_SELECTOR, ".badge")
    tone = {
        "Likely true": "badge-true",
        "Likely excuse": "badge-excuse",
        "Can't tell yet": "badge-unsure",
    }
    assert tone[badge.text] in badge.get_attribute("class").split()
    assert badge.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert shaped.find_elements(By.CSS_SELECTOR, "ol.lines li")
    assert shaped.find_element(By.CSS_SELECTOR, ".say strong").text == "Say:"
    # The answer starts in view, without scrolling, and nothing is wider than the phone.
    top = phone.execute_script(
        "return document.querySelectorAll('.msg.bot')[2].getBoundingClientRect().top"
    )
    assert 0 <= top < phone.execute_script("return window.innerHeight") / 2
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 375
    quick = phone.find_elements(By.CSS_SELECTOR, "#quick button")
    # Undo when this turn wrote the log line (not when a test before logged this excuse today).
    assert [b.text for b in quick][:2] == ["More tactics", "Open invoices"]
    assert [b.text for b in quick][2:] in ([], ["Undo"])
    assert all(b.size["height"] >= 44 for b in quick)  # big enough for a thumb
    SCREENSHOT.parent.mkdir(exist_ok=True)
    phone.save_screenshot(str(SCREENSHOT))

    quick[1].click()
    wait(phone, lambda d: len(bubbles(d, "bot")) >= 4)
    assert bubbles(phone, "rep")[-1] == "Open invoices"
    assert bubbles(phone, "bot")[-1].startswith("Riverside Pharmacy (C11)")

    before = (bubbles(phone, "rep"), bubbles(phone, "bot"))
    phone.refresh()
    wait(phone, lambda d: len(bubbles(d, "bot")) >= 4)
    assert (bubbles(phone, "rep"), bubbles(phone, "bot")) == before  # the same conversation

    phone.set_network_conditions(offline=True, latency=0, throughput=0)
    type_and_send(phone, "they will pay on friday")
    wait(phone, lambda d: "Can't reach Dunning Coach" in d.find_element(By.ID, "status").text)
    assert phone.find_element(By.ID, "send").is_enabled()
    phone.set_network_conditions(offline=False, latency=0, throughput=500 * 1024 * 1024)
    phone.find_element(By.CSS_SELECTOR, "#quick button").click()  # Try again
    wait(phone, lambda d: len(bubbles(d, "bot")) >= 5)
    assert bubbles(phone, "rep").count("they will pay on friday") == 1


def test_on_the_page_database_text_stays_text(servers, phone):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    hostile_customer(servers, "R74", rest_id="mark-web")
    phone.get(servers.url + "/chat/#code=" + code_for(servers, "mark-web"))
    wait(phone, lambda d: bubbles(d, "bot"))
    for n, text in enumerate(ASK, 2):
        type_and_send(phone, text)
        wait(phone, lambda d, n=n: len(bubbles(d, "bot")) >= n)
    summary = bubbles(phone, "bot")[-1]
    assert NAME in summary and NOTE in summary
    assert not phone.find_elements(By.CSS_SELECTOR, ".msg b, .msg script")
    try:
        phone.switch_to.alert.dismiss()
        raise AssertionError("the note's script ran")
    except NoAlertPresentException:
        pass


def test_the_page_speaks_the_reps_language_and_follows_the_conversation(servers, phone):
    from selenium.webdriver.common.by import By

    with AccountStore(servers.tmp / "accounts.db") as store:
        Builder(store).rep("R93", name="김하나", rest_id="phone-ko", language="ko")
    phone.get(servers.url + "/chat/")
    wait(phone, lambda d: d.find_element(By.ID, "signin").is_displayed())
    # Before sign-in, the phone's language (English here).
    assert phone.find_element(By.CSS_SELECTOR, "#signin-form button").text == "Sign in"
    phone.find_element(By.ID, "code").send_keys(code_for(servers, "phone-ko"))
    phone.find_element(By.CSS_SELECTOR, "#signin-form button").click()
    wait(phone, lambda d: bubbles(d, "bot"))
    # The page's first hello goes out before it knows the rep; the answer is in the rep's language.
    assert bubbles(phone, "rep") == ["Hi"]
    assert bubbles(phone, "bot")[0].startswith("안녕하세요! 어느 거래처에 계세요?")
    wait(phone, lambda d: d.find_element(By.ID, "send").text == "보내기")
    assert (
        phone.find_element(By.ID, "text").get_attribute("placeholder") == "거래처가 뭐라고 했나요?"
    )
    assert phone.execute_script("return document.documentElement.lang") == "ko"
    assert phone.find_element(By.ID, "signout").text == "로그아웃"
    # The rep writes Spanish: the page follows.
    type_and_send(phone, "dice que no le ha llegado la factura")
    wait(phone, lambda d: len(bubbles(d, "bot")) >= 2)
    wait(phone, lambda d: d.find_element(By.ID, "send").text == "Enviar")
