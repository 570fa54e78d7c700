"""Make a rep's web chat sign-in code:
`python -m dunning_coach.accounts.signin REP [--days N] [--url U]`.

REP is the rep id or the web id (the reps table's rest_id). The code is signed with
WEBCHAT_SECRET, so it works only on servers that share that secret."""

from __future__ import annotations

import argparse
import os
import sys

from dunning_coach.accounts.store import AccountStore
from dunning_coach.common import tokens


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rep", help="rep id or web id, as in the reps table")
    parser.add_argument(
        "--days", type=int, default=tokens.DEFAULT_DAYS, help="valid for this many days"
    )
    parser.add_argument(
        "--url",
        default=f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}/chat/",
        help="the chat page's address, for the sign-in link",
    )
    args = parser.parse_args(argv)
    secret = os.environ.get("WEBCHAT_SECRET", "")
    if not secret:
        print("WEBCHAT_SECRET is not set.", file=sys.stderr)
        return 2
    with AccountStore() as store:
        rep = store.rep(args.rep) or store.rep_for_sender("chat", args.rep)
    if rep is None or not rep.rest_id:
        print(
            f"No rep with id or web id {args.rep!r} (a rep needs a rest_id to use the web chat).",
            file=sys.stderr,
        )
        return 1
    code = tokens.issue(secret, rep.rest_id, days=args.days)
    print(
        f"Sign-in code for {rep.name} ({rep.role}), valid {args.days} days:\n{code}\n"
        f"Or open: {args.url}#code={code}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
