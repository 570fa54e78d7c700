"""dunning_coach/language/registry.py: every language one unit, registered once, and complete."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re

import pytest
import yaml

import dunning_coach.language.units as units_package
from dunning_coach.language import messages, registry
from dunning_coach.language.languages import DEFAULT, Language
from dunning_coach.language.unit import Files, LanguageUnit, Reading, Words, Writing
from tests.conftest import ROOT

UNITS = list(registry.UNITS.values())


def test_every_module_in_units_is_one_language_registered_once():
    modules = [
        importlib.import_module(f"{units_package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(units_package.__path__)
    ]
    found = [m.UNIT for m in modules]
    assert sorted(u.code for u in found) == sorted(u.code for u in UNITS)
    assert set(registry.UNITS) == set(Language)
    assert all(registry.unit(u.language) is u for u in found)
    # The module is named for its code, so a new language's folder is found by its name.
    assert {m.__name__.rsplit(".", 1)[1] for m in modules} == {
        u.code.lower().replace("-", "_") for u in UNITS
    }


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.code)
def test_each_unit_writes_figures_its_own_way(unit: LanguageUnit):
    w = unit.writing
    assert len(set(w.weekdays)) == 7 and all(w.weekdays)
    assert w.thousands_mark in ",."
    assert set(re.findall(r"{(\w+)}", w.weekday_day)) == {"weekday", "day"}
    assert w.money("1,234.50", "€", "EUR") and "1" in w.day_of_month(1)
    assert unit.multipliers and all(n >= 100 for n in unit.multipliers.values())
    assert unit.name and unit.words.all and unit.words.half


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.code)
def test_each_units_data_is_there_and_in_its_language(unit: LanguageUnit):
    for path in unit.files.nlu:
        assert (ROOT / path).is_file(), path
    # The loaders find a language's files by its code (answer_checks.py, playbook_languages.py).
    assert unit.files.answer_checks == f"answer_checks/{unit.code}.yml"
    checks = yaml.safe_load((ROOT / unit.files.answer_checks).read_text(encoding="utf-8"))
    assert checks["language"] == unit.code
    if unit.files.playbook is None:  # the base playbook is the default language's own
        assert unit.language is DEFAULT
    else:
        assert unit.files.playbook == f"playbook_translations/{unit.code}.yml"
        assert (ROOT / unit.files.playbook).is_file()
    assert not [key for key, code in messages.load().missing() if code == unit.code]


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.code)
def test_a_unit_reads_its_own_figures_unless_it_is_the_shared_modules_language(unit):
    if unit.reading is None:  # dates.py, claims.py, periods.py and the entity patterns
        assert unit.language is DEFAULT
        return
    r: Reading = unit.reading
    for pattern, _resolve in r.date_rules:
        re.compile(pattern)
    assert re.compile(r.day_of_month).groups >= 1
    assert set(r.weeks) == set(r.months) == {"this", "next", "last"}
    assert re.compile(r.next_days).groups >= 1
    assert r.duration_units and set(r.day_units) <= set(r.duration_units)
    assert r.cheque_words and r.number_words


def test_every_part_of_a_unit_is_in_the_recipe_for_a_new_language():
    """docs/recipes.md says what a new language brings; it names every field of the record."""
    recipe = (ROOT / "docs" / "recipes.md").read_text(encoding="utf-8")
    section = recipe.split("## A new language", 1)[1].split("\n## ", 1)[0]
    parts = {
        f.name
        for record in (LanguageUnit, Reading, Writing, Words, Files)
        for f in dataclasses.fields(record)
        if f.name != "language"
    }
    missing = sorted(p for p in parts if f"`{p}`" not in section)
    assert not missing, missing
    assert "dunning_coach/language/units/" in section and "registry.py" in section
