"""The playbook in each language (playbook_translations/<code>.yml over playbook.yml): every text a
rep reads is translated, with its English's placeholders, and a gap falls back to English."""

from __future__ import annotations

import pytest
import yaml

from dunning_coach.language import languages
from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook, playbook_languages
from dunning_coach.playbook.playbook import PlaybookError
from tests.conftest import ROOT

OTHER_LANGUAGES = [code for code in languages.CODES if code != languages.DEFAULT.value]


def test_every_text_is_translated_into_every_language():
    assert playbook_languages.missing() == []


def test_every_translation_keeps_the_placeholders_of_its_english():
    assert playbook_languages.mismatched() == []


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_each_language_replaces_the_texts_a_rep_reads(code):
    english, local = playbook.load(), playbook_languages.load(code)
    for intent, entry in english.excuses.items():
        translated = local.excuses[intent]
        assert translated.title != entry.title
        assert len(translated.countermeasures) == len(entry.countermeasures)
        assert translated.say != entry.say
        # Role-play's texts are the language's own; what judges and weighs an answer is not, and
        # neither are the rules the verdicts run.
        assert [_judged(c) for c in translated.rubric] == [_judged(c) for c in entry.rubric]
        assert [c.title for c in translated.rubric] != [c.title for c in entry.rubric]
        assert translated.debtor and entry.debtor
        assert translated.debtor.openers != entry.debtor.openers
        assert translated.debtor.aliases == entry.debtor.aliases
        assert translated.checks == entry.checks
    assert local.classes["bad"].tactic != english.classes["bad"].tactic
    assert local.promise_next_step != english.promise_next_step


def _judged(criterion: playbook.Criterion) -> tuple:
    c = criterion
    return (c.id, c.weight, c.key, c.answer_checks)


def test_english_is_the_playbook_itself():
    assert playbook_languages.load(Language.EN) == playbook.load()


def _folder(tmp_path, code: str, text: str):
    folder = tmp_path / "translations"
    folder.mkdir()
    (folder / f"{code}.yml").write_text(text, encoding="utf-8")
    return folder


def test_a_missing_text_falls_back_to_english_and_is_reported(tmp_path):
    folder = _folder(tmp_path, "ko", "escalation: '상부 보고: {broken}번'\n")
    book = playbook_languages.load("ko", folder)
    assert book.escalation == "상부 보고: {broken}번"
    assert book.promise_next_step == playbook.load().promise_next_step
    gaps = playbook_languages.missing(folder)
    assert ("promise_next_step", "ko") in gaps
    assert ("escalation", "ko") not in gaps
    assert ("escalation", "es") in gaps  # no file at all for Spanish here


def test_a_translation_with_other_placeholders_is_reported(tmp_path):
    folder = _folder(tmp_path, "es", "escalation: 'Escala: {rotas} promesas'\n")
    assert playbook_languages.mismatched(folder) == [("escalation", "es")]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("no_such_text: x\n", "translates no playbook text"),
        ("excuses:\n  excuse_money_tight:\n    checks: [x]\n", "translates no playbook text"),
        ("excuses:\n  excuse_money_tight:\n    rubric: [x]\n", "translates no playbook text"),
        ("escalation: ' '\n", "is empty"),
        ("- a list\n", "must be a mapping"),
    ],
)
def test_a_translation_that_names_no_english_text_is_refused(tmp_path, text, problem):
    with pytest.raises(PlaybookError, match=problem):
        playbook_languages.load("es", _folder(tmp_path, "es", text))


def test_translation_files_use_the_playbooks_own_keys():
    english = yaml.safe_load((ROOT / "playbook.yml").read_text(encoding="utf-8"))
    for code in OTHER_LANGUAGES:
        local = yaml.safe_load(
            (ROOT / "playbook_translations" / f"{code}.yml").read_text(encoding="utf-8")
        )
        assert set(local["excuses"]) == set(english["excuses"]), code


def test_role_play_texts_are_translatable_but_checks_and_weights_are_not(tmp_path):
    english = playbook_languages.texts(playbook_languages.english_raw())
    assert "excuses.excuse_cheque_mailed.roleplay.openers.0" in english
    assert "excuses.excuse_cheque_mailed.rubric.0.tip" in english
    assert "roleplay.common_rubric.0.title" in english
    assert "roleplay.concede.0" in english
    assert not [
        p for p in english if ".answer_checks." in p or ".aliases." in p or p.endswith(".id")
    ]
    folder = _folder(
        tmp_path,
        "ko",
        "excuses:\n  excuse_cheque_mailed:\n    rubric:\n      - answer_checks: ['asks_payee']\n",
    )
    with pytest.raises(PlaybookError, match="translates no playbook text"):
        playbook_languages.load("ko", folder)
