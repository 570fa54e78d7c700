import pytest

from dunning_coach.language.amounts import Ambiguous, amount_cents
from dunning_coach.language.languages import Language

EN, ES, HANS, HANT, KO = (
    Language.EN,
    Language.ES,
    Language.ZH_HANS,
    Language.ZH_HANT,
    Language.KO,
)


@pytest.mark.parametrize(
    ("text", "language", "cents"),
    [
        ("they'll pay 1,500.50 on friday", EN, 150050),
        ("1,500", EN, 150000),
        ("$1,200,000", EN, 120000000),
        ("1.5k", EN, 150000),
        ("300 euros", EN, 30000),
        ("pagan 1.500,50 € el viernes", ES, 150050),
        ("1.500.000", ES, 150000000),
        ("12,5", ES, 1250),
        ("5 mil", ES, 500000),
        ("1,500.50", ES, 150050),  # both marks: the last is the decimal, in any language
        ("1.500,50", EN, 150050),
        ("下周五付5千", HANS, 500000),
        ("月底前付3万", HANS, 3000000),
        ("1.5万", HANS, 1500000),
        ("下週五付3萬", HANT, 3000000),
        ("다음 주 금요일에 3만원 입금", KO, 3000000),
        ("5천 원", KO, 500000),
    ],
)
def test_amounts_as_each_language_writes_them(text, language, cents):
    assert amount_cents(text, language) == cents


@pytest.mark.parametrize(
    ("text", "language"),
    [("1.500", ES), ("pagan 1.500 el lunes", ES), ("1,500", ES), ("1.500", EN)],
)
def test_three_digits_after_a_mark_read_the_other_way_are_asked_about(text, language):
    found = amount_cents(text, language)
    assert isinstance(found, Ambiguous)
    assert set(found.readings) == {150000, 150}


def test_no_amount_and_words_that_only_start_like_a_multiplier():
    assert amount_cents("no money at all", EN) is None
    assert amount_cents("5 miles away", EN) == 500
