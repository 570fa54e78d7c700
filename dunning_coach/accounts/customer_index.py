"""The ledger's customer names, indexed in memory once per version of them (issue 27).

Every turn that may name a customer asks which ones its words could mean. Reading and indexing
all the names each time cost 150 ms a turn over 20,000 customers. The ledger keeps a count of name
changes (triggers on the customers table, counted from a random start so that a rebuilt ledger
never repeats a count), and the index is rebuilt only when it moves. Who owns a customer is never
taken from here: the few customers a message could name are read again from the ledger
(`AccountStore.customers_by_id`), so a customer moved to another rep is refused at once.
"""

from __future__ import annotations

import threading

from dunning_coach.accounts.matching import Shortlist
from dunning_coach.accounts.store import AccountStore

_lock = threading.Lock()
_cached: dict[str, tuple[int, Shortlist]] = {}


def shortlist(store: AccountStore) -> Shortlist:
    """The index of `store`'s customer names as they are now."""
    version = store.customer_names_version()
    if version is None:  # a ledger with no count of changes: nothing to cache by
        return Shortlist(store.all_customer_names())
    key = store.where
    with _lock:
        found = _cached.get(key)
        if found is not None and found[0] == version:
            return found[1]
    # Built outside the lock: a slow rebuild must not hold up turns on other ledgers.
    index = Shortlist(store.all_customer_names())
    with _lock:
        _cached.clear()  # one ledger per process in practice; never keep an old one alive
        _cached[key] = (version, index)
    return index
