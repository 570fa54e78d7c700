"""The answer checks each language ships: complete, the same checks everywhere, every one used by
the playbook's rubric and every one the rubric names defined, and mentions of sums and days;
bad files are refused by name."""

from pathlib import Path

import pytest

from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook
from dunning_coach.training import answer_checks
from dunning_coach.training.answer_checks import AMOUNT_CHECK, CONDUCT, DAY_CHECK

BOOK = answer_checks.load()
PLAYBOOK = playbook.load()


def test_every_language_defines_the_same_checks_with_examples_refusals_and_a_tip():
    reference = set(BOOK[Language.EN].checks)
    assert len(reference) >= 60
    for language, checks in BOOK.items():
        assert set(checks.checks) == reference, language
        for check in checks.checks.values():
            assert len(check.examples) >= 3 and check.refusals and check.tip and check.title


def test_the_playbook_names_only_defined_checks_and_uses_every_one():
    named = {c for intent in PLAYBOOK.playable for c in PLAYBOOK.answer_checks(intent)}
    assert named == set(BOOK[Language.EN].checks)
    for intent in PLAYBOOK.playable:
        for criterion in PLAYBOOK.rubric(intent):
            assert criterion.answer_checks, f"{intent}.{criterion.id} has no answer checks"


def test_a_check_implies_only_checks_judged_on_the_same_excuse():
    defined = set(BOOK[Language.EN].checks)
    for implying, implied in answer_checks.IMPLIES.items():
        assert {implying, *implied} <= defined
        together = [i for i in PLAYBOOK.playable if implying in PLAYBOOK.answer_checks(i)]
        assert together and all(set(implied) <= set(PLAYBOOK.answer_checks(i)) for i in together)


def test_a_check_met_by_others_is_judged_with_them():
    defined = set(BOOK[Language.EN].checks)
    read = CONDUCT | {AMOUNT_CHECK, DAY_CHECK}  # judged by no model of their own, or read
    for check, ways in answer_checks.MET_BY_OTHERS.items():
        assert ways and check in defined - read
        for way in ways:
            # A way of ordinary checks, none met by others itself, so order never matters.
            assert set(way) <= defined - read - set(answer_checks.MET_BY_OTHERS), way
            for intent in PLAYBOOK.playable:
                if check in PLAYBOOK.answer_checks(intent):
                    assert set(way) <= set(PLAYBOOK.answer_checks(intent)), (intent, way)


def test_a_way_is_met_when_all_its_checks_are():
    check, (way, *_) = next(iter(answer_checks.MET_BY_OTHERS.items()))
    assert answer_checks.way_met(check, {*way, "courteous"}) == way
    assert answer_checks.way_met(check, set(way[1:])) is None
    assert answer_checks.way_met("courteous", {*way}) is None


def test_every_check_has_examples_unlike_its_refusals():
    for checks in BOOK.values():
        for check in checks.checks.values():
            assert not set(check.examples) & set(check.refusals), check.id


def test_every_mention_names_a_sum_or_a_day_as_its_language_writes_them():
    # A mention teaches the demand model what a sum or a day said without asking to be paid
    # looks like; one the patterns do not read as a sum or a day teaches it nothing of that.
    for checks in BOOK.values():
        assert len(checks.mentions) >= 5, checks.language
        for mention in checks.mentions:
            assert checks.amount.search(mention) or checks.day.search(mention), mention
        examples = {e for c in checks.checks.values() for e in (*c.examples, *c.refusals)}
        assert not set(checks.mentions) & examples, checks.language


@pytest.mark.parametrize(
    "language, text",
    [
        (Language.EN, "Can you transfer the 350€ today?"),
        (Language.ES, "Páguenos los 350 € hoy"),
        (Language.KO, "오늘 350유로만 먼저 보내 주세요"),
        (Language.KO, "오늘 350달러 먼저 입금해 주세요"),
        (Language.ZH_HANS, "今天先付350欧元"),
        (Language.ZH_HANS, "今天先转350美元"),
        (Language.ZH_HANT, "今天先付350歐元"),
        (Language.ZH_HANT, "今天先匯350美元"),
    ],
)
def test_a_sum_under_a_thousand_in_a_foreign_currency_is_read_as_a_sum(language, text):
    # B2B invoices are billed in euros or dollars in every market; a sum too small for a
    # thousands separator is read by its currency word alone.
    assert BOOK[language].amount.search(text), text


@pytest.mark.parametrize(
    "language, text",
    [
        (Language.ZH_HANS, "请在1月1日元旦前付款"),
        (Language.ZH_HANT, "請在1月1日元旦前付款"),
        (Language.KO, "3 불가능합니다"),
        (Language.KO, "박스 3 불량입니다"),
    ],
)
def test_a_day_or_a_word_that_starts_like_a_currency_is_no_sum(language, text):
    # "日元" (yen) inside "1日元旦" (New Year's Day); "불" (dollars) in "불가능" (impossible)
    # and "불량" (faulty).
    assert not BOOK[language].amount.search(text), text


@pytest.mark.parametrize(
    "language, text, refuses",
    [
        (Language.EN, "No need for the cheque number", True),
        (Language.EN, "What's the cheque number?", False),
        (Language.ES, "No hace falta que me des la fecha", True),
        (Language.KO, "수표 번호는 필요 없어요", True),
        (Language.ZH_HANS, "支票号码不用给我", True),
        (Language.ZH_HANT, "唔使俾支票號碼我", True),
        (Language.ZH_HANT, "支票號碼係幾多?", False),
    ],
)
def test_refusal_words_per_language(language, text, refuses):
    assert bool(BOOK[language].refusal.search(text)) is refuses


@pytest.mark.parametrize(
    "language, text, speaks",
    [
        (Language.EN, "The invoice still has to be paid", True),
        (Language.EN, "Lovely weather today, did you see the match?", False),
        (Language.ES, "Esto hay que pagarlo igualmente", True),
        (Language.ES, "¿Qué tal el fin de semana?", False),
        (Language.ES, "Ya tengo el abono para la temporada", False),
        (Language.KO, "돈은 주셔야죠", True),
        (Language.KO, "요즘 날씨가 많이 춥네요", False),
        (Language.KO, "지불은 다음 주 월요일까지 부탁드립니다", True),
        (Language.ZH_HANS, "钱总是要付的", True),
        (Language.ZH_HANS, "对了，下个月有个新品发布会", False),
        (Language.ZH_HANS, "这个新款式结果卖得不错", False),
        (Language.ZH_HANT, "錢還是要付啦", True),
        (Language.ZH_HANT, "最近天氣變冷了", False),
        (Language.ZH_HANT, "我把帳號傳給您，新款式下週到", False),
    ],
)
def test_payment_words_per_language(language, text, speaks):
    assert bool(BOOK[language].payment.search(text)) is speaks


def test_a_file_for_the_wrong_language_or_without_checks_is_refused(tmp_path: Path):
    source = answer_checks.DIRECTORY / "ko.yml"
    wrong = tmp_path / "es.yml"
    wrong.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(answer_checks.AnswerChecksError, match=r"es\.yml says it is ko"):
        answer_checks.read(wrong)
    empty = tmp_path / "ko.yml"
    empty.write_text("language: ko\nanswer_checks: {}\n", encoding="utf-8")
    with pytest.raises(answer_checks.AnswerChecksError, match="no answer_checks"):
        answer_checks.read(empty)


def test_a_language_missing_a_check_is_named(tmp_path: Path):
    for language in Language:
        text = (answer_checks.DIRECTORY / f"{language.value}.yml").read_text(encoding="utf-8")
        if language is Language.ES:
            text = text.replace("\n  asks_payee:", "\n  asks_payee_typo:")
        (tmp_path / f"{language.value}.yml").write_text(text, encoding="utf-8")
    with pytest.raises(answer_checks.AnswerChecksError, match=r"es: missing \['asks_payee'\]"):
        answer_checks.load(tmp_path)
