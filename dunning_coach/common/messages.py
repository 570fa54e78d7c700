"""Every text a rep reads that is not playbook knowledge, in each language (messages.yml: each
key's English with its translations beside it).

A translation missing for a language falls back to English; it never fails a reply. The catalog
test (tests/unit/common/test_messages.py) reports every missing translation and every
translation whose {placeholders} differ from the English.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dunning_coach.common.languages import CODES, DEFAULT, Language

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "messages.yml"


class MessagesError(ValueError):
    pass


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@dataclass(frozen=True)
class Messages:
    by_key: Mapping[str, Mapping[str, str]]  # key -> language code -> template

    def text(self, key: str, language: Language | str = DEFAULT, **values: object) -> str:
        """The message in `language` (English where it is not translated), filled in."""
        try:
            templates = self.by_key[key]
        except KeyError:
            raise MessagesError(f"messages.yml has no {key!r}") from None
        code = language.value if isinstance(language, Language) else language
        return (templates.get(code) or templates[DEFAULT.value]).format(**values)

    def missing(self) -> list[tuple[str, str]]:
        """(key, language) for every translation not written yet."""
        return [(k, c) for k, t in self.by_key.items() for c in CODES if not t.get(c)]

    def mismatched(self) -> list[tuple[str, str]]:
        """(key, language) for every translation whose placeholders differ from the English."""
        return [
            (key, code)
            for key, templates in self.by_key.items()
            for code, template in templates.items()
            if placeholders(template) != placeholders(templates[DEFAULT.value])
        ]


@lru_cache(maxsize=4)
def load(path: Path = DEFAULT_PATH) -> Messages:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise MessagesError(f"{path.name}: expected a mapping of keys")
    by_key: dict[str, dict[str, str]] = {}
    for key, templates in data.items():
        if not isinstance(templates, dict) or not isinstance(templates.get(DEFAULT.value), str):
            raise MessagesError(f"{path.name}: {key} needs its English ({DEFAULT.value})")
        unknown = set(templates) - set(CODES)
        if unknown:
            raise MessagesError(f"{path.name}: {key} has unknown languages {sorted(unknown)}")
        by_key[str(key)] = {str(c): str(t) for c, t in templates.items() if t is not None}
    return Messages(by_key)


def text(key: str, language: Language | str = DEFAULT, **values: object) -> str:
    """`key` from the project's messages.yml in `language`, filled in."""
    return load().text(key, language, **values)
