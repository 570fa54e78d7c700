"""common/claims_local.py: the debtor's figures as the other languages write them."""

from __future__ import annotations

import pytest

from dunning_coach.language.claims import Claim
from dunning_coach.language.claims_local import merged, read
from dunning_coach.language.languages import Language


@pytest.mark.parametrize(
    ("text", "language", "claim"),
    [
        ("我们是月结90天", Language.ZH_HANS, Claim(duration_days=90)),
        ("月结60天,每月25号付", Language.ZH_HANS, Claim(duration_days=60, day_of_month=25)),
        ("他說票期120天", Language.ZH_HANT, Claim(duration_days=120)),
        ("저희는 90일 결제예요", Language.KO, Claim(duration_days=90)),
        # "매월 25일에" is the 25th, not 25 days.
        ("매월 25일에 지급해요", Language.KO, Claim(day_of_month=25)),
        ("pagamos a 90 días", Language.ES, Claim(duration_days=90)),
        ("pagamos el día 25", Language.ES, Claim(day_of_month=25)),
        ("支票号445566已经寄了", Language.ZH_HANS, Claim(cheque_no="445566")),
        ("수표 번호 445566 보냈어요", Language.KO, Claim(cheque_no="445566")),
        ("el talón nº 445566 ya salió", Language.ES, Claim(cheque_no="445566")),
        ("发票INV-204没收到", Language.ZH_HANS, Claim(invoice_nos=("INV-204",))),
        ("they pay in 90 days", Language.EN, Claim()),  # English: the entity patterns read it
    ],
)
def test_figures_in_each_language(text, language, claim):
    assert read(text, language) == claim


def test_the_entities_win_and_the_text_fills_the_gaps():
    first = Claim(duration_days=60, invoice_nos=("INV-1",))
    second = Claim(duration_days=90, day_of_month=25, cheque_no="445566")
    assert merged(first, second) == Claim(
        duration_days=60, day_of_month=25, cheque_no="445566", invoice_nos=("INV-1",)
    )
