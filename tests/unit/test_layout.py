"""Tests mirror the code: every module has tests/unit/<package>/test_<module>.py, except the few
listed here with the place they are tested instead. A stale entry fails too."""

from __future__ import annotations

from tests.conftest import ROOT

PACKAGES = (
    "dunning_coach",
    "actions",
    "channels",
    "components",
    "stores",
    "terminal",
    "rasa_patches",
)

UNIT_TESTS = "tests/unit/language/test_registry.py, and the reading and writing tests"
TESTED_ELSEWHERE = {
    "dunning_coach/language/units/en.py": UNIT_TESTS,
    "dunning_coach/language/units/es.py": UNIT_TESTS,
    "dunning_coach/language/units/ko.py": UNIT_TESTS,
    "dunning_coach/language/units/zh_hans.py": UNIT_TESTS,
    "dunning_coach/language/units/zh_hant.py": UNIT_TESTS,
    "dunning_coach/language/unit.py": UNIT_TESTS,
    "dunning_coach/accounts/replies.py": "reply text, read by the turn tests that send it",
    "dunning_coach/collection/replies.py": "reply text, read by the turn tests that send it",
    "dunning_coach/training/replies.py": "reply text, read by the turn tests that send it",
    "dunning_coach/team/replies.py": "reply text, read by the turn tests that send it",
    "dunning_coach/accounts/turn_context.py": "built by Builder.turn for every turn test",
    "stores/redis_lock.py": "tests/e2e/test_scale_out.py, against a real Redis",
    "terminal/__main__.py": "tests/e2e/test_terminal.py, typed into a pseudo-terminal",
    "rasa_patches/__main__.py": "the launcher of every Rasa server tests/harness.py starts",
}


def _test_file(module: str) -> str:
    parts = module.removesuffix(".py").split("/")
    if parts[0] == "dunning_coach":
        parts = parts[1:]
    return "tests/unit/" + "/".join([*parts[:-1], f"test_{parts[-1]}.py"])


def _modules() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name != "__init__.py":
                found.append(str(path.relative_to(ROOT)))
    return found


def test_every_module_has_its_test_file_or_says_where_it_is_tested():
    modules = _modules()
    assert "dunning_coach/accounts/store.py" in modules, "looking in the wrong place"
    missing = [
        m for m in modules if m not in TESTED_ELSEWHERE and not (ROOT / _test_file(m)).is_file()
    ]
    assert missing == [], "add tests/unit/<package>/test_<module>.py for these"


def test_no_exemption_is_stale():
    modules = set(_modules())
    stale = [m for m in TESTED_ELSEWHERE if m not in modules or (ROOT / _test_file(m)).is_file()]
    assert stale == [], "remove these from TESTED_ELSEWHERE"


def test_no_test_file_outlives_its_module():
    expected = {_test_file(m) for m in _modules()}
    shared = {"tests/unit/test_readme.py", "tests/unit/test_layout.py"}
    orphans = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests" / "unit").rglob("test_*.py")
        if p.parent != ROOT / "tests" / "unit" and str(p.relative_to(ROOT)) not in expected
    ]
    assert orphans == [] and shared <= {
        str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "unit").glob("test_*.py")
    }
