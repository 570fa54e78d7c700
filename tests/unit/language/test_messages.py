"""The catalog (messages/), through dunning_coach/language/messages.py: every key in every
language with the same placeholders as its English, and English wherever one is missing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dunning_coach.language import messages
from dunning_coach.language.languages import CODES, Language

ROOT = Path(__file__).resolve().parents[3]


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


CODE = [
    path
    for folder in ("dunning_coach", "actions", "channels", "terminal", "rasa_sdk_plugins")
    for path in sorted((ROOT / folder).rglob("*.py"))
]


READERS = {"text": 1, "counted": 2, "around": 2}  # each one's arguments before the language


def _catalogue_calls(tree: ast.Module) -> list[tuple[str, ast.Call]]:
    """(function, call) for each call reading the catalogue: messages.text, counted or around,
    or any of them imported under any name."""
    names = {
        alias.asname or alias.name: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "dunning_coach.language.messages"
        for alias in node.names
        if alias.name in READERS
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "messages"
            and func.attr in READERS
        ):
            found.append((func.attr, node))
        elif isinstance(func, ast.Name) and func.id in names:
            found.append((names[func.id], node))
    return found


def _written_keys(expr: ast.expr) -> list[tuple[str, bool]]:
    """(key, whole) for each key an argument spells out: a literal (whole), an f-string's fixed
    start (not whole), both sides of a conditional."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [(expr.value, True)]
    if isinstance(expr, ast.JoinedStr) and expr.values and isinstance(expr.values[0], ast.Constant):
        return [(str(expr.values[0].value), False)]
    if isinstance(expr, ast.IfExp):
        return _written_keys(expr.body) + _written_keys(expr.orelse)
    return []


def test_every_key_the_code_reads_is_in_the_catalogue():
    """One way to a translated text (messages.text with the whole key), so every key read is
    findable here: a literal key must exist, an f-string's fixed start must begin some key, and
    no key is written where the language goes."""
    keys = set(messages.load().by_key)
    wrong, seen = [], 0
    for path in CODE:
        for function, call in _catalogue_calls(ast.parse(path.read_text(encoding="utf-8"))):
            seen += 1
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            for key, whole in _written_keys(call.args[0]):
                wanted = [f"{key}.one", f"{key}.other"] if function == "counted" else [key]
                if whole:
                    wrong += [f"{where} {k}" for k in wanted if k not in keys]
                elif not any(k.startswith(key) for k in keys):
                    wrong.append(f"{where} {key}...")
            if len(call.args) > READERS[function] and _written_keys(call.args[-1]):
                wrong.append(f"{where}: a text where the language goes")
    assert seen > 250, seen  # the scan found the code's calls
    assert not wrong, wrong
