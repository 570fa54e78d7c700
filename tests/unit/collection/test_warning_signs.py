import datetime as dt

import pytest

from dunning_coach.collection import warning_signs
from dunning_coach.common.settings import Settings
from dunning_coach.playbook import playbook
from tests.conftest import TODAY

BOOK = playbook.load()
S = Settings()


def kinds(build):
    return {s.kind: s for s in warning_signs.detect(build.store.account("C1", TODAY), BOOK, S)}


def test_every_rule_named_in_the_playbook_exists():
    assert warning_signs.unknown_rule_names(BOOK) == set()


def test_good_payer_turning_slow(build):
    build.customer()
    for due in (300, 270, 240, 210):
        build.paid_invoice(due=due, days_late=0)
    build.paid_invoice(due=120, days_late=20)  # late
    build.invoice(issued=90, due=60, amount=1000)  # open past due
    build.paid_invoice(due=40, days_late=0)
    sign = kinds(build)["sign_late_now"]
    assert "Paid 4 of 4 earlier invoices on time; 2 of the last 3" in sign.detail
    assert not sign.reported


def test_a_payer_always_late_is_not_turning_slow(build):
    build.customer()
    for due in (300, 270, 240, 210, 120, 90, 60):
        build.paid_invoice(due=due, days_late=15)
    assert "sign_late_now" not in kinds(build)


def test_excuses_getting_more_frequent(build):
    build.customer()
    for days in (5, 20, 40):
        build.store.log_excuse(
            customer_id="C1",
            rep_id="R1",
            intent="excuse_money_tight",
            text="x",
            verdict=None,
            logged_on=TODAY - dt.timedelta(days=days),
        )
    assert "3 excuses in the last 60 days, against 0" in kinds(build)["sign_more_excuses"].detail


def test_unusually_large_recent_order(build):
    build.customer()
    for due in (300, 240, 180):
        build.paid_invoice(due=due, days_late=0, amount=1000)
    build.invoice(issued=20, due=-10, amount=4000, invoice_no="INV-BIG")
    assert "INV-BIG" in kinds(build)["sign_unusual_order"].detail
    assert "4.0× their usual order" in kinds(build)["sign_unusual_order"].detail


def test_reported_sign_is_shown_with_date_and_words_until_it_expires(build):
    build.customer()
    build.sign(kind="sign_clearance_sale", reported=10, text="everything half price")
    build.sign(kind="sign_staff_change", reported=S.warning_signs.reported_for_days + 1)
    found = kinds(build)
    assert found["sign_clearance_sale"].detail == 'Reported 13 Nov: "everything half price"'
    assert found["sign_clearance_sale"].reported
    assert "sign_staff_change" not in found


@pytest.mark.parametrize("kind", [k for k, e in BOOK.warning_signs.items() if e.rule is None])
def test_reported_kinds_have_titles_and_advice(kind):
    entry = BOOK.warning_signs[kind]
    assert entry.title and len(entry.advice) > 20


def test_an_excuse_repeated_the_same_day_counts_once(build):
    build.customer()
    # A ledger from before the once-a-day rule was an index: its logs may hold repeats.
    build.store.db.execute("drop index excuse_log_once_a_day")
    for days in (5, 5, 5, 20):
        build.store.db.utils["excuse_log"].insert(
            dict(
                customer_id="C1",
                rep_id="R1",
                intent="excuse_money_tight",
                text="x",
                logged_on=(TODAY - dt.timedelta(days=days)).isoformat(),
                logged_at="t",
            )
        )
    assert "sign_more_excuses" not in kinds(build)
