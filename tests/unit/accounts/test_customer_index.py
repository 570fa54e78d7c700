"""accounts/customer_index.py: the names index follows the ledger; ownership is never cached."""

from __future__ import annotations

from dunning_coach.accounts import access, customer_index
from dunning_coach.accounts.store import AccountStore


def test_the_index_is_kept_while_no_name_changes_and_rebuilt_when_one_does(build):
    build.customer("C1", "R1", name="Harbor Hotel Group")
    first = customer_index.shortlist(build.store)
    build.invoice(customer_id="C1", issued=60, due=30, amount=100)  # not a name: kept
    build.customer("C1", "R1", name="Harbor Hotel Group")  # written again, unchanged: kept
    assert customer_index.shortlist(build.store) is first
    build.customer("C2", "R1", name="Meridian Hypermarket")  # a new customer
    second = customer_index.shortlist(build.store)
    assert second is not first
    assert [c.customer_id for c in second.contenders("at meridian", False)] == ["C2"]
    build.customer("C2", "R1", name="Zenith Pharma")  # renamed
    assert [
        c.customer_id for c in customer_index.shortlist(build.store).contenders("zenith", True)
    ] == ["C2"]


def test_a_customer_moved_to_another_rep_is_refused_at_once(build):
    build.customer("C1", "R1", name="Harbor Hotel Group")
    build.rep("R2")
    store, r1 = build.store, build.store.rep("R1")
    assert access.find_customer(store, r1, "Harbor Hotel Group", explicit=True).customer
    build.customer("C1", "R2", name="Harbor Hotel Group")  # same name: the index is kept
    assert access.find_customer(store, r1, "Harbor Hotel Group", explicit=True).refused


def test_a_replaced_ledger_is_read_afresh_even_at_the_same_count_of_changes(tmp_path, build):
    path = tmp_path / "swap.db"
    with AccountStore(path) as store:
        store.write_import({"reps": [dict(rep_id="R1", name="R", role="rep")]})
        store.write_import({"customers": [dict(customer_id="C1", name="Alpha Foods", rep_id="R1")]})
        assert customer_index.shortlist(store).contenders("alpha", True)
    path.unlink()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    with AccountStore(path) as store:  # a rebuilt ledger: one customer added, as before
        store.write_import({"reps": [dict(rep_id="R1", name="R", role="rep")]})
        store.write_import({"customers": [dict(customer_id="C9", name="Omega Tiles", rep_id="R1")]})
        index = customer_index.shortlist(store)
        assert not index.contenders("alpha", True)
        assert [c.customer_id for c in index.contenders("omega", True)] == ["C9"]
