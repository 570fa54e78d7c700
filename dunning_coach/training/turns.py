"""Role-play with the account database: start a round on a demo customer, play a turn, store
the finished round, and report progress. The actions call these; `roleplay` holds the rules."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dunning_coach.accounts.turn_context import TurnContext
from dunning_coach.collection.saving import written
from dunning_coach.common.reply import Reply
from dunning_coach.playbook import playbook_languages
from dunning_coach.playbook.playbook import Playbook
from dunning_coach.training import replies, roleplay, shared_judge
from dunning_coach.training.answer_judge import Judge
from dunning_coach.training.roleplay import Round


@dataclass(frozen=True)
class RoundStart:
    round: Round | None  # None when no round could start
    reply: Reply


def begin(
    turn: TurnContext, text: str, entities: Sequence[Mapping[str, Any]], seed: int | None = None
) -> RoundStart:
    """A new round in the trainee's language: the excuse asked for or the trainee's weakest, on
    a demo customer."""
    playbook = turn.playbook
    if not playbook.playable:
        return RoundStart(None, replies.not_playable(turn.language))
    rng = random.Random(seed)
    request = roleplay.read_request(text, entities, playbook)
    excuse = request.excuse or roleplay.weakest_first(
        playbook, turn.store.rounds(turn.rep.rep_id), rng
    )
    account = roleplay.pick_account(turn.store.demo_accounts(turn.today), rng)
    round_ = roleplay.start(
        playbook,
        excuse,
        request.difficulty,
        account,
        rng.randrange(1 << 30),
        turn.today,
        turn.language,
    )
    shared_judge.warm()
    return RoundStart(round_, replies.opening(playbook, round_))


def book(round_: Round) -> Playbook:
    """The playbook in the round's language: a round keeps the language it started in, whatever
    language a short answer is taken for."""
    return playbook_languages.load(round_.speaks)


def play(
    today: dt.date,
    round_: Round,
    text: str,
    intent: str | None,
    judge: Judge | None = None,
) -> Round:
    """One trainee reply, judged by `judge` (the server's shared answer judge unless given)."""
    if roleplay.is_stop(text, intent):
        return roleplay.stop(round_)
    if text.startswith("/"):
        text = ""  # a button other than "End" carries no answer to judge
    return roleplay.answer(book(round_), round_, text, today, judge or shared_judge.shared().judge)


def finish(turn: TurnContext, round_: Round) -> Reply:
    """The scorecard; a round with at least one answer is stored for progress (when the ledger
    can take it: the scorecard claims no saving, and is worth having either way)."""
    if round_.turns:
        played = roleplay.record(book(round_), round_, turn.rep.rep_id, turn.today)
        written("role-play round", turn.rep.rep_id, lambda: turn.store.add_round(played))
    return replies.scorecard(book(round_), round_)


def progress(turn: TurnContext) -> Reply:
    return replies.progress(
        turn.rep, turn.store.rounds(turn.rep.rep_id), turn.playbook, turn.language
    )


def leaderboard(turn: TurnContext) -> Reply:
    if not turn.rep.is_manager:
        return replies.leaderboard(turn.rep, [], [], turn.playbook, turn.language)
    team = [r for r in turn.store.reps() if turn.rep.oversees(r.rep_id)]
    return replies.leaderboard(turn.rep, team, turn.store.rounds(), turn.playbook, turn.language)
