"""The README and docs/ stay true: the module map names every module under dunning_coach/, the CSV
columns are the schema's, every figure they restate is read here from the code, and every relative
link resolves."""

import re

from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]


def test_every_dunning_coach_module_is_in_the_architecture_map():
    text = (ROOT / "docs" / "architecture.md").read_text()
    mapped: set[str] = set()
    package = None
    for line in text.splitlines():
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
    assert modules - mapped == set(), "add these to the module map in docs/architecture.md"
    assert mapped - modules == set(), "docs/architecture.md maps modules that do not exist"


def test_importing_lists_each_csv_files_columns_in_order():
    from dunning_coach.accounts.schema import IMPORT_TABLES, TABLES

    text = (ROOT / "docs" / "importing.md").read_text()
    section = text.split("# Importing your data", 1)[1].split("\n## ", 1)[0]
    bullets = re.findall(r"^- `(\w+)\.csv`: (.*?)(?=^- |^\s*$)", section, re.M | re.S)
    # The columns, without their explanations in parentheses or after a semicolon.
    columns = {t: re.sub(r"\s*\(.*?\)", "", text, flags=re.S).split(";")[0] for t, text in bullets}
    listed = {t: [c.strip() for c in text.split(",")] for t, text in columns.items()}
    for table in IMPORT_TABLES:
        assert listed.get(table) == [c.header for c in TABLES[table].csv_columns()], table


def _slugs(markdown: str) -> set[str]:
    """The anchors of a page's headings, as GitHub makes them."""
    headings = re.findall(r"^#+ (.+)$", markdown, re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_every_relative_link_resolves_and_the_readme_links_every_page():
    for doc in DOCS:
        for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text()):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            path, _, anchor = target.partition("#")
            linked = (doc.parent / path) if path else doc
            assert linked.exists(), f"{doc.name}: {target}"
            if anchor:
                assert anchor in _slugs(linked.read_text()), f"{doc.name}: {target}"
    readme = README.read_text()
    assert [d for d in DOCS[1:] if f"](docs/{d.name}" not in readme] == []


def _defaults() -> dict[str, str]:
    """Each setting's default as the code has it: the scripts' ${VAR:-default}, and the rest."""
    from channels.turn_guard import TurnLimits
    from dunning_coach.common import environment, settings, tokens

    found = {}
    for path in [*(ROOT / "scripts").glob("*.sh"), ROOT / "Makefile"]:
        found.update(re.findall(r"\$\{(\w+):-([^}$]+)\}", path.read_text()))
    limits = TurnLimits()
    numbers = {
        "ACTION_TIMEOUT_S": environment.DEFAULT_ACTION_TIMEOUT_S,
        "TURNS_AT_ONCE": limits.at_once,
        "TURN_WAIT_S": limits.wait_s,
        "TURNS_QUEUED": limits.queued,
        "TURNS_WAITING": limits.waiting,
        "SIGNIN_DAYS": tokens.DEFAULT_DAYS,
    }
    found |= {name: f"{value:g}" for name, value in numbers.items()}
    return found | {"DUNNING_SETTINGS": settings.DEFAULT_PATH.name}


def test_the_figures_the_docs_restate_are_the_codes():
    defaults = _defaults()
    for doc in (README, ROOT / "docs" / "operations.md"):
        rows = re.findall(r"^\| `(\w+)` \| `([^`]+)`", doc.read_text(), re.M)
        assert rows, doc.name
        for name, default in rows:
            assert defaults.get(name) == default, f"{doc.name}: {name}"
    demo_today = re.search(r"^DEMO_TODAY := (\S+)", (ROOT / "Makefile").read_text(), re.M)[1]
    for doc in DOCS:
        text = doc.read_text()
        ports = re.findall(r"(?:localhost|127\.0\.0\.1|<host>):(\d+)/", text)
        assert set(ports) <= {defaults["RASA_PORT"]}, doc.name
        assert set(re.findall(r"\*\*(\d{4}-\d\d-\d\d)\*\*", text)) <= {demo_today}, doc.name
    readme = README.read_text()
    assert f"**{demo_today}**" in readme
    rasa = re.search(r"^rasa==([\d.]+)", (ROOT / "requirements.lock").read_text(), re.M)[1]
    assert re.search(r"Rasa Open Source\s+([\d.]+\d)", readme)[1] == rasa


def test_the_bars_docs_tests_gives_are_those_the_tests_hold():
    tests_md = (ROOT / "docs" / "tests.md").read_text()
    bars = re.findall(r"--min-(?:f1|accuracy) 0\.\d+", (ROOT / "scripts" / "test.sh").read_text())
    assert bars and re.findall(r"`(--min-(?:f1|accuracy) 0\.\d+)`", tests_md) == bars
    judge = (ROOT / "tests" / "unit" / "training" / "test_judge_agreement.py").read_text()
    agreement = re.search(r"^MIN_AGREEMENT = \S+", judge, re.M)[0]
    assert f"`{agreement}`" in tests_md
