import pytest

from dunning_coach.accounts.placeholders import fill, placeholders
from dunning_coach.collection import summary
from dunning_coach.collection.standing import assess
from dunning_coach.common import playbook, settings
from dunning_coach.excuses import replies as render
from dunning_coach.excuses.verdicts import judge
from tests.conftest import TODAY

BOOK = playbook.load()


def standing(account):
    """Where the account stands, as the excuse turn passes it to the reply."""
    return assess(account, BOOK, settings.load())


@pytest.fixture
def rich_account(build):
    """An account with long names and many facts, to stress the one-screen limit."""
    build.customer(
        name="Northwind Retail Group International Holdings",
        segment="chain",
        payment_day=25,
        approver="Ada Park-Montgomery (finance director)",
        signatory="Leopold Grant-Fitzwilliam",
        requires_original_invoice=1,
        payment_method="cheque",
    )
    for due in (200, 170, 140):
        build.paid_invoice(due=due, days_late=40, amount=123456.78)
    build.invoice(issued=80, due=50, amount=987654.32, invoice_no="INV-2024-000042")
    build.invoice(issued=10, due=-20, amount=5000)
    for days in (30, 60):
        build.store.log_excuse(
            customer_id="C1",
            rep_id="R1",
            intent="excuse_cheque_mailed",
            text="x",
            verdict=None,
            logged_on=TODAY.replace(day=1) if days == 30 else TODAY.replace(month=9),
        )
    return build.store.account("C1", TODAY)


@pytest.mark.parametrize("intent", sorted(BOOK.excuses))
def test_first_reply_fits_one_phone_screen(rich_account, intent):
    entry = BOOK.excuse(intent)
    reply = render.excuse_reply(
        entry,
        judge(rich_account, entry, BOOK, settings.load().habits),
        rich_account,
        standing(rich_account),
        BOOK,
    )
    assert len(reply.text) <= render.FIRST_REPLY_LIMIT
    head, *_ = reply.text.splitlines()
    assert head.startswith(entry.title) and head.split(": ")[-1] in {
        "Likely true",
        "Likely excuse",
        "Can't tell yet",
    }
    assert "Do:\n1. " in reply.text and "\nSay: " in reply.text
    assert [b.title for b in reply.buttons] == ["More tactics", "Open invoices"]
    assert "{" not in reply.text


def test_countermeasures_are_filled_with_the_account(rich_account):
    entry = BOOK.excuse("excuse_signer_absent")
    text = render.excuse_reply(
        entry,
        judge(rich_account, entry, BOOK, settings.load().habits),
        rich_account,
        standing(rich_account),
        BOOK,
    ).text
    assert "Leopold Grant-Fitzwilliam" in text


def test_general_reply_offers_the_reps_customers(build):
    build.customer("C1", name="Acme")
    build.customer("C2", name="Bolt")
    reply = render.general_excuse_reply(
        BOOK.excuse("excuse_money_tight"), build.store.customers_visible_to(build.store.rep("R1"))
    )
    assert "Can't tell yet (no customer selected)" in reply.text
    payloads = [b.payload for b in reply.buttons]
    assert '/select_customer{"customer_id": "C1"}' in payloads
    assert payloads[-1] == '/more_tactics{"excuse": "excuse_money_tight"}'


def test_more_tactics_lists_all_tactics_and_questions(rich_account):
    entry = BOOK.excuse("excuse_cheque_mailed")
    text = render.more_tactics_reply(
        entry,
        BOOK,
        judge(rich_account, entry, BOOK, settings.load().habits),
        rich_account,
        standing(rich_account),
    ).text
    for tactic in entry.countermeasures:
        assert fill(tactic, placeholders(rich_account)) in text
    assert "Ask them:" in text and "Same excuse used before" in text


def test_account_summary_lists_open_invoices_and_people(rich_account):
    text = summary.account_summary(rich_account, standing(rich_account), BOOK).text
    assert "INV-2024-000042: €987,654.32, 50 days overdue" in text
    assert "signs: Leopold Grant-Fitzwilliam" in text
    assert "Recent excuses: cheque mailed" in text


def test_missing_placeholder_stays_readable():
    assert fill("Ask {nobody_known}", placeholders(None)) == "Ask nobody known"
