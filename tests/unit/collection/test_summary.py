"""collection/summary.py: the account as the rep reads it before a visit."""

from dunning_coach.collection import summary
from dunning_coach.collection.standing import assess
from dunning_coach.common import playbook, settings

BOOK = playbook.load()


def test_account_summary_lists_open_invoices_and_people(rich_account):
    text = summary.account_summary(
        rich_account, assess(rich_account, BOOK, settings.load()), BOOK
    ).text
    assert "INV-2024-000042: €987,654.32, 50 days overdue" in text
    assert "signs: Leopold Grant-Fitzwilliam" in text
    assert "Recent excuses: cheque mailed" in text


def test_a_customer_with_nothing_open_says_so_and_shows_the_last_payment(build):
    build.customer(name="Tidy Traders")
    build.paid_invoice(due=30, days_late=0)
    account = build.store.account("C1", build.turn().today)
    text = summary.account_summary(account, assess(account, BOOK, settings.load()), BOOK).text
    assert text.startswith("Tidy Traders (C1)") and "Open: nothing" in text
    assert "Last payment: €1,000.00 on 24 Oct" in text
