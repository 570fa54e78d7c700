import pytest

from dunning_coach.accounts.placeholders import fill, placeholders
from dunning_coach.collection.standing import assess
from dunning_coach.common import settings
from dunning_coach.excuses import replies as render
from dunning_coach.excuses.verdicts import judge
from dunning_coach.playbook import playbook

BOOK = playbook.load()


def standing(account):
    """Where the account stands, as the excuse turn passes it to the reply."""
    return assess(account, BOOK, settings.load())


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
