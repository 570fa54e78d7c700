"""The README's module map names every module under dunning_coach/, so the map stays true."""

import re

from tests.conftest import ROOT


def test_every_dunning_coach_module_is_in_the_readme_map():
    readme = (ROOT / "README.md").read_text()
    mapped: set[str] = set()
    package = None
    for line in readme.splitlines():
        if m := re.match(r"^  (\w+)/\s", line):
            package = m[1]
        elif package and (m := re.match(r"^    (\w+)\.py\s", line)):
            mapped.add(f"{package}/{m[1]}.py")
    modules = {
        str(p.relative_to(ROOT / "dunning_coach"))
        for p in (ROOT / "dunning_coach").glob("*/*.py")
        if p.name != "__init__.py"
    }
    assert modules, "no modules found: the test looks in the wrong place"
    assert modules - mapped == set(), "add these to the README's module map"
    assert mapped - modules == set(), "the README's module map names modules that do not exist"


def test_the_readme_lists_each_csv_files_columns_in_order():
    from dunning_coach.accounts.schema import IMPORT_TABLES, TABLES

    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Importing your data", 1)[1].split("\n## ", 1)[0]
    bullets = re.findall(r"^- `(\w+)\.csv`: (.*?)(?=^- |^\s*$)", section, re.M | re.S)
    # The columns, without their explanations in parentheses or after a semicolon.
    columns = {t: re.sub(r"\s*\(.*?\)", "", text, flags=re.S).split(";")[0] for t, text in bullets}
    listed = {t: [c.strip() for c in text.split(",")] for t, text in columns.items()}
    for table in IMPORT_TABLES:
        assert listed.get(table) == [c.header for c in TABLES[table].csv_columns()], table
