import pytest

from dunning_coach.language import languages
from dunning_coach.language.languages import (
    CODES,
    UNKNOWN_LOGGED,
    Language,
    decided,
    detect,
    known,
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("电脑坏了,支票打印不出来", Language.ZH_HANS),
        ("電腦壞了,支票打印不出來", Language.ZH_HANT),
        ("我们还没收到发票", Language.ZH_HANS),
        ("我們還沒收到發票", Language.ZH_HANT),
        ("사장님이 안 계셔서 서명을 못 한대요", Language.KO),
        ("다음 주 금요일에 3만원 입금한대요", Language.KO),
        ("No hemos recibido la factura", Language.ES),
        ("dice que el cheque ya está en el correo", Language.ES),
        ("they say the cheque is in the post", Language.EN),
        ("the boss is away, nobody can sign", Language.EN),
        # A Korean or Chinese message with a customer's Latin name in it.
        ("我现在在 Harbor Lights", Language.ZH_HANS),
        ("하나상사 in Busan", Language.KO),
    ],
)
def test_a_message_is_told_by_its_script_or_its_words(text, language):
    assert detect(text, Language.EN) == detect(text, Language.ES) == language


@pytest.mark.parametrize("current", list(Language))
@pytest.mark.parametrize("text", ["ok", "sí", "1", "Northwind", "400", "/quit"])
def test_a_message_too_short_to_tell_keeps_the_current_language(text, current):
    assert detect(text, current) == current


def test_chinese_with_only_shared_characters_keeps_the_reps_script():
    assert detect("支票", Language.ZH_HANT) == Language.ZH_HANT
    assert detect("支票", Language.EN) == Language.ZH_HANS


def test_the_codes_are_the_five_languages():
    assert CODES == ("en", "zh-Hans", "zh-Hant", "ko", "es")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("no hemos recibido la factura", Language.ES),
        ("the cheque is in the post", Language.EN),
        ("电脑坏了,支票打印不出来", Language.ZH_HANS),
        ("電腦當機了,支票開不出來", Language.ZH_HANT),
        ("세금계산서를 못 받았어요", Language.KO),
        ("ok", None),
        ("1", None),
        ("sí", None),
        ("好的", None),  # characters both scripts share: the conversation's Chinese stays
    ],
)
def test_a_message_decides_its_language_only_when_it_can_tell(text, language):
    assert decided(text) is language


def test_a_code_is_known_or_english():
    assert [known(c) for c in ("ko", "zh-Hant", None, "fr", "")] == [
        Language.KO,
        Language.ZH_HANT,
        Language.EN,
        Language.EN,
        Language.EN,
    ]


@pytest.fixture
def nothing_logged_yet(monkeypatch):
    """The codes this process has logged start empty, whatever ran before."""
    monkeypatch.setattr(languages, "_UNKNOWN_SEEN", set())


def test_an_unknown_code_says_so_in_the_log_once(caplog, nothing_logged_yet):
    code = "klingon-test-only"
    with caplog.at_level("WARNING", logger="dunning_coach.language.languages"):
        assert known(code) is known(code) is Language.EN
        known("ko")
    (record,) = caplog.records
    assert code in record.getMessage() and "English" in record.getMessage()


def test_a_slot_that_is_not_text_is_english_and_unknown_codes_cannot_flood_the_log(
    caplog, nothing_logged_yet
):
    assert known(5) is known({"a": 1}) is known(["ko"]) is Language.EN
    with caplog.at_level("WARNING", logger="dunning_coach.language.languages"):
        for n in range(UNKNOWN_LOGGED * 3):
            known(f"flood-{n}")
    assert len(caplog.records) == UNKNOWN_LOGGED
