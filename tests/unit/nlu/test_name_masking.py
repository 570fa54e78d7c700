"""dunning_coach/nlu/name_masking.py: names become one placeholder; the ledger's names are read
again only when they changed."""

from __future__ import annotations

import pytest

from dunning_coach.nlu.name_masking import (
    PLACEHOLDER,
    LedgerNames,
    index_of_names,
    mask,
    renamed,
)
from tests.conftest import BACKENDS, TODAY, store_on_backend


@pytest.fixture(params=BACKENDS)
def fresh_db(request, tmp_path):
    # The Rasa server reads the names from either backend, read only.
    yield from store_on_backend(request, tmp_path)


def test_each_name_becomes_the_placeholder_set_apart_by_spaces():
    assert mask("到了新天地说没钱", [(2, 5)]) == f"到了 {PLACEHOLDER} 说没钱"
    assert mask("하나상사에 왔어요", [(0, 4)]) == f"{PLACEHOLDER} 에 왔어요"
    assert mask("no names here", []) == "no names here"


def test_the_same_sentence_reads_the_same_whatever_name_it_carries():
    names = index_of_names(["新天地", "Santa Rosa", "大同", "Harbor Lights", "하나상사"])
    sentences = [f"I'm at {name} now" for name in ("新天地", "Santa Rosa", "大同", "Harbor Lights")]
    sentences.append("I'm at 하나상사 now")
    readings = {mask(text, names.spans(text)) for text in sentences}
    assert readings == {f"I'm at {PLACEHOLDER} now"}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_ledgers_names_are_read_again_only_after_they_changed(build, fresh_db):
    build.customer("C1", name="Harbor Lights")
    clock = Clock()
    ledger = LedgerNames(lambda: fresh_db.location, refresh_s=2.0, clock=clock)
    assert ledger.current().spans("at Harbor Lights") == [(3, 16)]
    first = ledger.current()

    build.customer("C2", name="Santa Rosa")
    assert ledger.current() is first  # not looked at again within refresh_s
    clock.now += 2.5
    assert ledger.current().spans("at Santa Rosa") == [(3, 13)]
    second = ledger.current()

    clock.now += 2.5
    fresh_db.add_note(customer_id="C1", rep_id="R1", text="hi", noted_on=TODAY)
    assert ledger.current() is second  # other writes do not read the names again

    fresh_db.db.execute("update customers set name = 'Blue Harbor' where customer_id = 'C1'")
    fresh_db.db.commit()
    clock.now += 2.5
    assert ledger.current().spans("at Blue Harbor") == [(3, 14)]


def test_no_ledger_means_no_names(tmp_path):
    assert LedgerNames(lambda: tmp_path / "missing.db").current().spans("at Harbor Lights") == []


@pytest.mark.sqlite_only
def test_a_ledger_from_before_the_count_of_changes_is_read_at_every_look(build, fresh_db):
    build.customer("C1", name="Harbor Lights")
    for trigger in ("customer_names_added", "customer_names_removed", "customer_names_renamed"):
        fresh_db.db.execute(f"drop trigger {trigger}")
    fresh_db.db.execute("drop table customer_names_version")
    fresh_db.db.commit()
    clock = Clock()
    ledger = LedgerNames(lambda: fresh_db.location, refresh_s=2.0, clock=clock)
    assert ledger.current().spans("at Harbor Lights") == [(3, 16)]
    fresh_db.db.execute("update customers set name = 'Blue Harbor' where customer_id = 'C1'")
    fresh_db.db.commit()
    clock.now += 2.5
    assert ledger.current().spans("at Blue Harbor") == [(3, 14)]


def test_a_renamed_copy_takes_another_name_of_the_same_script_the_same_every_time():
    pool = ["新天地", "大同", "Harbor Lights", "Santa Rosa"]
    text = "I'm at Harbor Lights"
    assert renamed(text, [(7, 20)], pool) == "I'm at Santa Rosa"
    assert renamed("剛到新天地", [(2, 5)], pool) == "剛到大同"
    assert renamed(text, [(7, 20)], ["Harbor Lights"]) == text  # no other name to take
