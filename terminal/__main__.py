"""`python -m terminal [--rep R1]`: chat in the terminal as a rep (make run REP=R1).

The prompt keeps its history on the arrow keys; a number picks an option, anything else is sent
as typed; /help and /quit."""

from __future__ import annotations

import argparse
import os
import sys

from prompt_toolkit import PromptSession
from prompt_toolkit.history import InMemoryHistory

from dunning_coach.accounts.store import AccountStore
from dunning_coach.common import environment
from dunning_coach.language import messages
from dunning_coach.language.languages import Language
from terminal.client import RestClient, Unanswered
from terminal.screen import Option, meant, show


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make run REP=<rep id>", description=__doc__)
    parser.add_argument("--rep", default="R1", help="the rep to chat as (reps.csv rep_id)")
    parser.add_argument("--url", default=f"http://127.0.0.1:{os.environ.get('RASA_PORT', 5005)}")
    args = parser.parse_args(argv)
    token = os.environ.get("RASA_TOKEN")
    if not token:
        print("RASA_TOKEN is not set (scripts/env.sh sets it for a local run).", file=sys.stderr)
        return 2
    with AccountStore(environment.db_location()) as store:  # a file, or a PostgreSQL URL
        rep = store.rep(args.rep)
    if rep is None or not rep.rest_id:
        why = "is not in the reps table" if rep is None else "has no rest_id in the reps table"
        print(f"Rep {args.rep} {why} of {store.where}.", file=sys.stderr)
        return 2
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    language = Language(rep.language)
    chat(RestClient(args.url, token, rep.rest_id), f"{rep.name} ({rep.rep_id})", colour, language)
    return 0


def chat(client: RestClient, who: str, colour: bool, language: Language = Language.EN) -> None:
    """The chat loop; its own words (greeting, help, goodbye) in the rep's language."""
    print(messages.text("terminal.welcome", language, who=who))
    session: PromptSession[str] = PromptSession(history=InMemoryHistory())
    options: tuple[Option, ...] = ()
    while True:
        try:
            typed = session.prompt("you> ")
        except (EOFError, KeyboardInterrupt):
            break
        command = typed.strip().lower()
        if not command:
            continue
        if command in ("/quit", "/exit", "/q"):
            break
        if command in ("/help", "/h", "/?"):
            print(messages.text("terminal.help", language))
            continue
        try:
            shown = show(client.send(meant(typed, options)), colour)
        except Unanswered as problem:
            print(problem)
            continue
        options = shown.options
        print(shown.text or messages.text("terminal.no_answer", language))
    print(messages.text("terminal.bye", language))


if __name__ == "__main__":
    sys.exit(main())
