"""The catalog (messages/), through dunning_coach/common/messages.py: every key in every
language with the same placeholders as its English, and English wherever one is missing."""

from __future__ import annotations

import pytest

from dunning_coach.common import messages
from dunning_coach.common.languages import CODES, Language


def test_every_key_is_translated_into_every_language():
    assert messages.load().missing() == []


def test_every_translation_has_the_placeholders_of_its_english():
    assert messages.load().mismatched() == []


def test_a_missing_translation_falls_back_to_english_and_is_reported(tmp_path):
    path = tmp_path / "messages.yml"
    path.write_text("greeting:\n  en: Hello {name}\n  es: Hola {nombre}\n", encoding="utf-8")
    catalog = messages.load(path)
    assert catalog.text("greeting", Language.KO, name="Ana") == "Hello Ana"
    assert ("greeting", "ko") in catalog.missing()
    assert catalog.mismatched() == [("greeting", "es")]


@pytest.mark.parametrize(
    "text", ["a: just text\n", "a:\n  es: Hola\n", "a:\n  en: Hi\n  fr: Salut\n"]
)
def test_a_malformed_catalog_is_refused(tmp_path, text):
    path = tmp_path / "messages.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(messages.MessagesError):
        messages.load(path)


def test_text_in_each_language():
    catalog = messages.load()
    assert {catalog.text("promise.button_cancel", code) for code in CODES} == {
        "Cancel",
        "Cancelar",
        "取消",
        "취소",
    }


def test_a_catalog_folder_reads_every_file_and_refuses_a_key_defined_twice(tmp_path):
    (tmp_path / "a.yml").write_text("one:\n  en: One\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("two:\n  en: Two\n  es: Dos\n", encoding="utf-8")
    catalog = messages.load(tmp_path)
    assert (catalog.text("one"), catalog.text("two", Language.ES)) == ("One", "Dos")
    (tmp_path / "c.yml").write_text("one:\n  en: Again\n", encoding="utf-8")
    messages.load.cache_clear()
    with pytest.raises(messages.MessagesError, match="defined twice"):
        messages.load(tmp_path)


def test_a_section_gives_every_language_its_texts_with_english_where_missing(tmp_path):
    path = tmp_path / "messages.yml"
    path.write_text(
        "page.send:\n  en: Send\n  ko: 보내기\npage.stop:\n  en: Stop\nother:\n  en: X\n",
        encoding="utf-8",
    )
    section = messages.load(path).section("page.")
    assert section["ko"] == {"send": "보내기", "stop": "Stop"}
    assert section["en"] == {"send": "Send", "stop": "Stop"} and set(section) == set(CODES)


def test_a_counted_text_reads_one_apart_from_every_other_count():
    said = [messages.counted("plan.broken", n, Language.EN) for n in (1, 0, 3)]
    assert said == ["1 broken promise", "0 broken promises", "3 broken promises"]
    assert messages.counted("plan.broken", 2, Language.KO) == "약속 불이행 2번"
