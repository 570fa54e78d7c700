import re
import string

import pytest
import yaml

from dunning_coach import playbook
from dunning_coach.playbook import PlaybookError, parse
from dunning_coach.render import placeholders
from dunning_coach.verdicts import unknown_check_names
from tests.conftest import ROOT

BOOK = playbook.load()


def domain_excuse_intents() -> set[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return {i for i in domain["intents"] if isinstance(i, str) and i.startswith("excuse_")}


def test_every_excuse_intent_has_an_entry_and_back():
    assert set(BOOK.excuses) == domain_excuse_intents()
    assert len(BOOK.excuses) == 13


def test_every_check_named_in_the_playbook_exists():
    assert unknown_check_names(BOOK) == set()


def test_every_placeholder_is_one_we_fill():
    known = set(placeholders(None))
    for entry in BOOK.excuses.values():
        for text in (entry.say, entry.analysis, *entry.countermeasures, *entry.questions):
            used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            assert used <= known, (entry.intent, used - known)


def test_rule_excuses_carry_their_rule():
    for entry in BOOK.excuses.values():
        if any(c.name == "playbook_rule" for c in entry.checks):
            assert entry.rule


@pytest.mark.parametrize("data, problem", [
    ({"excuses": {}}, "lists no excuses"),
    ({"excuses": {"money_tight": {}}}, "must be named excuse_"),
    ({"excuses": {"excuse_x": {"title": "X", "analysis": "a", "say": "s",
                               "countermeasures": ["one"], "questions": ["q"]}}},
     "countermeasures needs at least 3"),
    ({"excuses": {"excuse_x": {"title": "X", "analysis": "a", "say": "s", "checks": [["bad"]],
                               "countermeasures": ["1", "2", "3"], "questions": ["q"]}}},
     "a check is a name"),
])
def test_bad_playbooks_are_refused_with_a_reason(data, problem):
    with pytest.raises(PlaybookError, match=problem):
        parse(data)


def test_a_new_excuse_type_needs_no_code(tmp_path):
    data = yaml.safe_load((ROOT / "playbook.yml").read_text())
    data["excuses"]["excuse_bank_holiday"] = {
        "title": "Bank holiday", "analysis": "Banks close; payments queue.", "say": "Which day then?",
        "checks": ["payment_history"], "countermeasures": ["a", "b", "c"], "questions": ["q"]}
    book = parse(data)
    assert book.is_excuse("excuse_bank_holiday") and unknown_check_names(book) == set()


def test_playbook_text_is_not_copied_from_the_english_seed():
    seed = ROOT.parent / "shared" / "seeds" / "002_9e39f719a3991e5d.txt"
    if not seed.is_file():
        pytest.skip("seed documents are not beside this checkout")
    words = lambda s: re.findall(r"[a-z']+", s.lower())
    seed_words = words(seed.read_text(encoding="utf-8", errors="ignore"))
    grams = {" ".join(seed_words[i:i + 8]) for i in range(len(seed_words) - 7)}
    ours = words((ROOT / "playbook.yml").read_text())
    copied = [" ".join(ours[i:i + 8]) for i in range(len(ours) - 7) if " ".join(ours[i:i + 8]) in grams]
    assert copied == []
