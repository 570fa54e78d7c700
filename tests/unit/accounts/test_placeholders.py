"""accounts/placeholders.py: the playbook's {placeholders} filled from the account."""

import pytest

from dunning_coach.accounts.placeholders import fill, placeholders
from dunning_coach.language.languages import Language


def test_missing_placeholder_stays_readable():
    assert fill("Ask {nobody_known}", placeholders(None)) == "Ask nobody known"


def test_placeholders_come_from_the_account(rich_account):
    filled = placeholders(rich_account)
    text = fill("Ask {approver}; {signatory} signs; they pay on {payment_day}.", filled)
    assert text == (
        "Ask Ada Park-Montgomery (finance director); Leopold Grant-Fitzwilliam signs; "
        "they pay on the 25th."
    )


def test_placeholders_in_another_language_keep_names_and_local_figures(rich_account):
    filled = placeholders(rich_account, Language.KO)
    assert filled["approver"] == placeholders(rich_account)["approver"]
    assert filled["payment_day"] == "매월 25일"
    assert filled["terms"].endswith("일") and "days" not in filled["terms"]


@pytest.mark.parametrize(
    "language, approver",
    [
        (Language.EN, "the approver"),
        (Language.ES, "quien aprueba"),
        (Language.ZH_HANS, "审批人"),
        (Language.KO, "결재권자"),
    ],
)
def test_an_account_without_a_value_gets_the_languages_own_words(language, approver):
    assert fill("{approver}", placeholders(None, language)) == approver
