"""Every text a rep reads that is not playbook knowledge, in each language (messages/*.yml, one
file per area: each key's English with its translations beside it).

A translation missing for a language falls back to English; it never fails a reply. The catalog
test (tests/unit/language/test_messages.py) reports every missing translation and every
translation whose {placeholders} differ from the English.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dunning_coach.language.languages import CODES, DEFAULT, Language

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "messages"


class MessagesError(ValueError):
    pass


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@dataclass(frozen=True)
class Messages:
    by_key: Mapping[str, Mapping[str, str]]  # key -> language code -> template

    def template(self, key: str, language: Language | str = DEFAULT) -> str:
        """The message in `language` (English where it is not translated), not filled in."""
        try:
            templates = self.by_key[key]
        except KeyError:
            raise MessagesError(f"no message {key!r} in messages/") from None
        code = language.value if isinstance(language, Language) else language
        return templates.get(code) or templates[DEFAULT.value]

    def text(self, key: str, language: Language | str = DEFAULT, **values: object) -> str:
        """The message in `language`, filled in."""
        return self.template(key, language).format(**values)

    def around(
        self, key: str, placeholder: str, language: Language | str = DEFAULT, **values: object
    ) -> tuple[str, str]:
        before, found, after = self.template(key, language).partition("{" + placeholder + "}")
        if not found:
            raise MessagesError(f"message {key!r} has no {{{placeholder}}}")
        return before.format(**values), after.format(**values)

    def section(self, prefix: str) -> dict[str, dict[str, str]]:
        """Every text whose key starts with `prefix` ("page."), by language then by the rest of
        its key, English where one is not translated: for a client that renders them itself."""
        keys = [k for k in self.by_key if k.startswith(prefix)]
        return {code: {k.removeprefix(prefix): self.text(k, code) for k in keys} for code in CODES}

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
    """The catalog in `path`: a folder of catalog files, or one file. A key is defined once."""
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    by_key: dict[str, dict[str, str]] = {}
    for file in files:
        for key, templates in _read(file).items():
            if key in by_key:
                raise MessagesError(f"{file.name}: {key} is defined twice")
            by_key[key] = templates
    return Messages(by_key)


def _read(file: Path) -> dict[str, dict[str, str]]:
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise MessagesError(f"{file.name}: expected a mapping of keys")
    by_key: dict[str, dict[str, str]] = {}
    for key, templates in data.items():
        if not isinstance(templates, dict) or not isinstance(templates.get(DEFAULT.value), str):
            raise MessagesError(f"{file.name}: {key} needs its English ({DEFAULT.value})")
        unknown = set(templates) - set(CODES)
        if unknown:
            raise MessagesError(f"{file.name}: {key} has unknown languages {sorted(unknown)}")
        by_key[str(key)] = {str(c): str(t) for c, t in templates.items() if t is not None}
    return by_key


def text(key: str, language: Language | str = DEFAULT, **values: object) -> str:
    """`key` from the project's catalog (messages/) in `language`, filled in."""
    return load().text(key, language, **values)


def around(
    key: str, placeholder: str, language: Language | str = DEFAULT, **values: object
) -> tuple[str, str]:
    """`key` in `language`, filled in, as the text before and the text after its
    `{placeholder}`: for a line that draws that part its own way (a verdict's badge), wherever
    the language puts it."""
    return load().around(key, placeholder, language, **values)


def counted(key: str, count: int, language: Language | str = DEFAULT, **values: object) -> str:
    """A text that reads differently for one ("1 open invoice"): `key.one` for a count of one,
    else `key.other`, filled in with `count` and `values`."""
    form = "one" if count == 1 else "other"
    return text(f"{key}.{form}", language, count=count, **values)
