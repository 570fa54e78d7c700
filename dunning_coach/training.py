"""Role-play with the account database: start a round on a demo customer, play a turn, store
the finished round, and report progress. The actions call these; `roleplay` holds the rules."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from dunning_coach import render_roleplay, roleplay
from dunning_coach.db import AccountStore
from dunning_coach.models import Rep
from dunning_coach.playbook import Playbook
from dunning_coach.render import Reply
from dunning_coach.roleplay import Round


@dataclass(frozen=True)
class Turn:
    round: Optional[Round]  # None when no round could start
    reply: Reply


def begin(store: AccountStore, rep: Rep, text: str, entities: Sequence[Mapping[str, Any]],
          playbook: Playbook, today: dt.date, seed: Optional[int] = None) -> Turn:
    """A new round: the excuse asked for or the trainee's weakest, on a demo customer."""
    if not playbook.playable:
        return Turn(None, render_roleplay.not_playable())
    rng = random.Random(seed)
    request = roleplay.read_request(text, entities, playbook)
    excuse = request.excuse or roleplay.weakest_first(playbook, store.rounds(rep.rep_id), rng)
    account = roleplay.pick_account(store.demo_accounts(today), rng)
    round_ = roleplay.start(playbook, excuse, request.difficulty, account,
                            rng.randrange(1 << 30), today)
    return Turn(round_, render_roleplay.opening(playbook, round_))


def play(round_: Round, text: str, intent: Optional[str], entities: Sequence[Mapping[str, Any]],
         playbook: Playbook, today: dt.date) -> Round:
    if roleplay.is_stop(text, intent):
        return roleplay.stop(round_)
    if text.startswith("/"):
        text = ""  # a button other than "End" carries no answer to judge
    return roleplay.answer(playbook, round_, text, entities, today)


def finish(store: AccountStore, rep: Rep, round_: Round, playbook: Playbook,
           today: dt.date) -> Reply:
    """The scorecard; a round with at least one answer is stored for progress."""
    if round_.turns:
        store.add_round(roleplay.record(playbook, round_, rep.rep_id, today))
    return render_roleplay.scorecard(playbook, round_)


def progress(store: AccountStore, rep: Rep, playbook: Playbook) -> Reply:
    return render_roleplay.progress(rep, store.rounds(rep.rep_id), playbook)


def leaderboard(store: AccountStore, rep: Rep, playbook: Playbook) -> Reply:
    if not rep.is_manager:
        return render_roleplay.leaderboard(rep, [], [], playbook)
    return render_roleplay.leaderboard(rep, store.reps(), store.rounds(), playbook)
