"""Web chat sign-in codes and the ledger: make one, revoke a rep's, tell if one still holds.

`python -m dunning_coach.accounts.signin REP [--days N] [--url U]` prints REP's code and link;
`python -m dunning_coach.accounts.signin --revoke REP` refuses every code REP was issued so far.
REP is the rep id or the web id (the reps table's rest_id). A code is signed with WEBCHAT_SECRET,
so it works only on servers that share that secret, and only while the ledger stands behind it
(`accepted`): its rep is there and active, and their codes were not revoked after it was issued.
"""

from __future__ import annotations

import argparse
import os
import sys

from dunning_coach.accounts.models import Rep
from dunning_coach.accounts.store import AccountStore
from dunning_coach.common import environment, tokens


def default_days() -> int:
    """How long a new code lives: `SIGNIN_DAYS`, or a week."""
    return int(environment.number("SIGNIN_DAYS", tokens.DEFAULT_DAYS, 1, 100_000))


def accepted(store: AccountStore, sign_in: tokens.SignIn) -> bool:
    """Whether the ledger still honours a signed code (one indexed query): the rep it was made
    for still has its web id and is active, and the code was issued after their codes were last
    revoked."""
    if ":" in sign_in.web_id:  # another channel's conversation id, never a web id
        return False
    standing = store.signin_standing(sign_in.web_id)
    if standing is None or not standing.active or standing.rep_id != sign_in.rep_id:
        return False
    return standing.not_before is None or sign_in.issued > standing.not_before.timestamp()


def _find(store: AccountStore, named: str) -> Rep | None:
    return store.rep(named) or next((r for r in store.reps() if r.rest_id == named), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rep", help="rep id or web id, as in the reps table")
    parser.add_argument("--days", type=int, help="valid for this many days (default SIGNIN_DAYS)")
    parser.add_argument(
        "--revoke", action="store_true", help="refuse every code the rep was issued so far"
    )
    parser.add_argument(
        "--url",
        default=f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}/chat/",
        help="the chat page's address, for the sign-in link",
    )
    args = parser.parse_args(argv)
    with AccountStore() as store:
        rep = _find(store, args.rep)
        if rep is not None and args.revoke:
            store.revoke_signins(rep.rep_id)
    if rep is None:
        print(f"No rep with id or web id {args.rep!r}.", file=sys.stderr)
        return 1
    if args.revoke:
        print(
            f"Revoked every sign-in code of {rep.name} ({rep.rep_id}) issued so far. "
            f"A new one: make signin-code REP={rep.rep_id}"
        )
        return 0
    return _issue(rep, args.days, args.url)


def _issue(rep: Rep, days: int | None, url: str) -> int:
    secret = os.environ.get("WEBCHAT_SECRET", "")
    if not secret:
        print("WEBCHAT_SECRET is not set.", file=sys.stderr)
        return 2
    if not rep.rest_id:
        print(f"{rep.name} has no rest_id: a rep needs one to use the web chat.", file=sys.stderr)
        return 1
    if not rep.active:
        print(f"{rep.name} is removed (active = no in reps.csv): no code.", file=sys.stderr)
        return 1
    try:
        days = days if days is not None else default_days()
    except environment.ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    code = tokens.issue(secret, rep.rest_id, rep.rep_id, days=days)
    print(
        f"Sign-in code for {rep.name} ({rep.role}), valid {days} days:\n{code}\n"
        f"Or open: {url}#code={code}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
