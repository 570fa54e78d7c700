"""The playbook in each language: playbook.yml's English, with every text that a translation file
(playbook_translations/<code>.yml, shaped like playbook.yml) gives in its place.

Only what a rep reads in the field is translated: excuse titles, analyses, rules, countermeasures,
questions and lines to say; receivables classes, warning signs, levers and the escalation and
next-step lines; and role-play's debtor lines and each criterion's title, reason, tip and
comeback. A text a translation lacks stays English;
tests/unit/playbook/test_playbook_languages.py reports it, and every {placeholder} that differs.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dunning_coach.language import languages, messages
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import DEFAULT_PATH, Playbook, PlaybookError, parse

DEFAULT_FOLDER = DEFAULT_PATH.parent / "playbook_translations"

# section -> the fields of each of its entries that a rep reads; then the texts on their own.
SECTIONS = {
    "excuses": ("title", "analysis", "rule", "countermeasures", "questions", "say"),
    "receivable_classes": ("title", "stance", "tactic"),
    "warning_signs": ("title", "advice"),
    "levers": ("title", "how", "reason"),
}
SINGLE_TEXTS = ("escalation", "promise_next_step")


def _leaves(value: Any, path: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every leaf under `value`, by its dotted path (list items by their index)."""
    if isinstance(value, dict):
        items = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [(str(n), v) for n, v in enumerate(value)]
    else:
        return {".".join(path): value}
    found: dict[str, Any] = {}
    for key, child in items:
        found.update(_leaves(child, (*path, key)))
    return found


# Role-play: the debtor's lines and each criterion's texts (not its weights or checks).
DEBTOR_LINES = ("openers", "follow_ups", "partial")
CRITERION_TEXTS = ("title", "reason", "tip", "opening")
ROLEPLAY_LINES = ("prompts", "evasive", "concede", "walk_away", "emotional")


def _roleplay_text(parts: list[str]) -> bool:
    """excuses.<x>.roleplay.<lines>.<n>, excuses.<x>.rubric.<n>.<text>, roleplay.<lines>.<n>
    and roleplay.common_rubric.<n>.<text>."""
    if parts[0] == "excuses" and len(parts) == 5:
        kind, key = parts[2], parts[3]
        return (kind == "roleplay" and key in DEBTOR_LINES) or (
            kind == "rubric" and parts[4] in CRITERION_TEXTS
        )
    if parts[0] == "roleplay" and len(parts) == 3:
        return parts[1] in ROLEPLAY_LINES
    if parts[0] == "roleplay" and len(parts) == 4:
        return parts[1] == "common_rubric" and parts[3] in CRITERION_TEXTS
    return False


def _translatable(path: str) -> bool:
    parts = path.split(".")
    if len(parts) == 1:
        return parts[0] in SINGLE_TEXTS
    if _roleplay_text(parts):
        return True
    return len(parts) >= 3 and parts[2] in SECTIONS.get(parts[0], ())


def texts(raw: dict) -> dict[str, str]:
    """The English texts a translation may replace, by path ("excuses.x.countermeasures.0")."""
    return {
        path: " ".join(value.split())
        for path, value in _leaves(raw).items()
        if isinstance(value, str) and _translatable(path)
    }


def translated(english: dict[str, str], translation: Any, code: str) -> dict[str, str]:
    """A translation file's texts by path, each checked to replace an English text."""
    if translation is None:
        return {}
    if not isinstance(translation, dict):
        raise PlaybookError(f"the {code} playbook translation must be a mapping")
    found = {}
    for path, value in _leaves(translation).items():
        if path not in english:
            raise PlaybookError(f"{code}: {path} translates no playbook text")
        if not isinstance(value, str) or not value.strip():
            raise PlaybookError(f"{code}: {path} is empty")
        found[path] = " ".join(value.split())
    return found


def _put(raw: dict, path: str, text: str) -> None:
    *parents, last = path.split(".")
    node: Any = raw
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = text
    else:
        node[last] = text


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def english_raw(path: Path = DEFAULT_PATH) -> dict:
    return _read(path) or {}


def translation(code: str, folder: Path = DEFAULT_FOLDER, path: Path = DEFAULT_PATH) -> dict:
    """One language's translated texts by path; {} where it has no file."""
    file = folder / f"{code}.yml"
    return translated(texts(english_raw(path)), _read(file) if file.exists() else None, code)


@lru_cache(maxsize=len(languages.CODES))
def load(
    language: Language | str = languages.DEFAULT,
    folder: Path = DEFAULT_FOLDER,
    path: Path = DEFAULT_PATH,
) -> Playbook:
    """The playbook with its texts in `language`, English where one is not translated; parsed
    once per process and language."""
    code = Language(language).value
    raw = copy.deepcopy(english_raw(path))
    if code != languages.DEFAULT.value:
        for at, text in translation(code, folder, path).items():
            _put(raw, at, text)
    return parse(raw)


def _translations(folder: Path, path: Path) -> Iterator[tuple[str, dict[str, str], dict]]:
    """(language, English texts, its translation) for each language other than English."""
    english = texts(english_raw(path))
    for code in languages.CODES:
        if code != languages.DEFAULT.value:
            yield code, english, translation(code, folder, path)


def missing(folder: Path = DEFAULT_FOLDER, path: Path = DEFAULT_PATH) -> list[tuple[str, str]]:
    """(path, language) for every English text a language does not translate."""
    return [
        (at, code)
        for code, english, done in _translations(folder, path)
        for at in english
        if at not in done
    ]


def mismatched(folder: Path = DEFAULT_FOLDER, path: Path = DEFAULT_PATH) -> list[tuple[str, str]]:
    """(path, language) for every translation whose {placeholders} differ from its English."""
    return [
        (at, code)
        for code, english, done in _translations(folder, path)
        for at, text in done.items()
        if messages.placeholders(text) != messages.placeholders(english[at])
    ]
