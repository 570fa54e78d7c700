"""accounts/placeholders.py: the playbook's {placeholders} filled from the account."""

from dunning_coach.accounts.placeholders import fill, placeholders


def test_missing_placeholder_stays_readable():
    assert fill("Ask {nobody_known}", placeholders(None)) == "Ask nobody known"


def test_placeholders_come_from_the_account(rich_account):
    filled = placeholders(rich_account)
    text = fill("Ask {approver}; {signatory} signs; they pay on {payment_day}.", filled)
    assert text == (
        "Ask Ada Park-Montgomery (finance director); Leopold Grant-Fitzwilliam signs; "
        "they pay on the 25th."
    )
