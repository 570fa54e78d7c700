"""Every language's unit, registered once. A language is added here and nowhere else in the
code: the modules that read and write figures take what they need from its unit."""

from __future__ import annotations

from dunning_coach.language.languages import Language
from dunning_coach.language.unit import LanguageUnit, Reading
from dunning_coach.language.units import en, es, ko, zh_hans, zh_hant

UNITS: dict[Language, LanguageUnit] = {}

for _unit in (en.UNIT, es.UNIT, ko.UNIT, zh_hans.UNIT, zh_hant.UNIT):
    if _unit.language in UNITS:
        raise ValueError(f"{_unit.code} is registered twice")
    UNITS[_unit.language] = _unit
if set(UNITS) != set(Language):
    raise ValueError(f"no unit for {sorted(x.value for x in set(Language) - set(UNITS))}")


def unit(language: Language) -> LanguageUnit:
    return UNITS[language]


def readings() -> list[Reading]:
    """The reading tables of every language that has its own (all but English)."""
    return [u.reading for u in UNITS.values() if u.reading is not None]


def multipliers() -> dict[str, int]:
    """Every language's multipliers: a rep writes "5千" in any message."""
    return {word: n for u in UNITS.values() for word, n in u.multipliers.items()}
