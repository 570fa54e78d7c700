"""A customer whose name and note look like markup, for the tests that every channel shows
database text as text."""

from __future__ import annotations

from dunning_coach.accounts.store import AccountStore
from tests.conftest import TODAY, Builder

NAME = "<b>Acme</b> *Ltd*"
NOTE = "<script>alert('x')</script> pay _before_ ~friday~ `now`"
ASK = ["I'm at Acme", "what do they owe"]


def hostile_customer(servers, rep_id: str, **ids: object) -> None:
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep(rep_id, name=f"Mark {rep_id}", **ids)
        customer = f"C{rep_id}"
        build.customer(customer, rep_id, name=NAME, aliases="Acme")  # a rep types "Acme"
        build.invoice(customer, issued=60, due=30, amount=700)
        store.add_note(customer_id=customer, rep_id=rep_id, text=NOTE, noted_on=TODAY)
