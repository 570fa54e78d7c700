"""Role-play messages as a trainee reads them on a phone: the setting, the debtor's lines,
feedback after every reply, the scorecard, progress over time and the team leaderboard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dunning_coach.accounts.models import Rep, RoleplayRound
from dunning_coach.common import messages
from dunning_coach.common.languages import Language
from dunning_coach.common.playbook import Criterion, Playbook
from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.common.reply import Button, Reply, intent_payload
from dunning_coach.training import roleplay
from dunning_coach.training.roleplay import Round

MET, MISSED = "✓", "✗"
SHOWN_MET = 3  # feedback after a reply lists what it just met...
SHOWN_MISSED = 2  # ...and the most important criteria still missing
PROGRESS_SCORES = 5  # the latest scores shown per excuse
END_BUTTON = Button("End role-play", intent_payload(Intent.STOP))


def _setting(round_: Round) -> str:
    p = round_.persona
    facts = [f"{p.get('overdue_amount', 'money')} overdue"]
    if p.get("oldest_days"):
        facts.append(f"{p.get('oldest_invoice')} {p['oldest_days']} days late")
    facts.append(f"terms {p.get('terms', 'as agreed')}")
    if round_.persona.get("cue_approver"):
        facts.append(f"approver {round_.persona['cue_approver']}")
    if round_.persona.get("cue_signatory"):
        facts.append(f"signs: {round_.persona['cue_signatory']}")
    return f"You're visiting {p.get('customer', 'a customer')}: {', '.join(facts)}."


def _debtor(round_: Round) -> str:
    return f'{round_.persona.get("customer", "Debtor")}: "{round_.last_line}"'


def opening(playbook: Playbook, round_: Round) -> Reply:
    title = playbook.excuse(round_.excuse).title
    text = (
        f"Role-play ({round_.difficulty}): {title}.\n{_setting(round_)}\n"
        'Answer as you would to their face; I score every reply. Say "stop" to end.\n\n'
        f"{_debtor(round_)}"
    )
    return Reply(text, (END_BUTTON,))


def _titles(criteria: Sequence[Criterion], ids: Sequence[str]) -> list[Criterion]:
    wanted = set(ids)
    return [c for c in criteria if c.id in wanted]


def feedback(playbook: Playbook, round_: Round) -> list[str]:
    """Score so far, what the last reply met or broke, and the tip for the top miss."""
    criteria = roleplay.criteria(playbook, round_)
    lines = [f"Score: {roleplay.score(playbook, round_)}/100"]
    lines += [f"{MET} {c.title}" for c in _titles(criteria, round_.newly_met)[:SHOWN_MET]]
    lines += [f"{MISSED} Broke: {c.title}" for c in _titles(criteria, round_.newly_violated)]
    missed = roleplay.missed(playbook, round_)
    lines += [
        f"{MISSED} {c.title}" for c in missed[:SHOWN_MISSED] if c.id not in round_.newly_violated
    ]
    if missed:
        lines.append(f"Tip: {roleplay.fill(missed[0].tip, round_)}")
    return lines


def turn(playbook: Playbook, round_: Round) -> Reply:
    return Reply("\n".join(feedback(playbook, round_)) + f"\n\n{_debtor(round_)}", (END_BUTTON,))


def scorecard(playbook: Playbook, round_: Round) -> Reply:
    settings = playbook.roleplay
    assert settings is not None
    lines: list[str] = []
    if round_.turns and round_.outcome != roleplay.STOPPED:
        lines += [_debtor(round_), ""]
    if not round_.turns:
        lines.append("Role-play stopped before any answer, so there is no score.")
    else:
        score = roleplay.score(playbook, round_)
        verdict = "passed" if score >= settings.pass_mark else "not passed yet"
        ending = {
            roleplay.CONCEDED: "The debtor agreed to pay.",
            roleplay.OUT_OF_TURNS: "Out of turns; the debtor did not commit.",
            roleplay.STOPPED: "Stopped.",
        }.get(round_.outcome or "", "")
        lines.append(
            f"Round over. {ending} Score: {score}/100, {verdict} (pass mark {settings.pass_mark})."
        )
        met = roleplay.met(playbook, round_)
        for c in roleplay.criteria(playbook, round_):
            mark = MET if c.id in met else MISSED
            lines.append(f"{mark} {c.title} ({c.weight}): {roleplay.fill(c.reason, round_)}")
    again = intent_payload(
        Intent.START_ROLEPLAY, {Entity.EXCUSE: round_.excuse, Entity.DIFFICULTY: round_.difficulty}
    )
    return Reply(
        "\n".join(lines),
        (
            Button("Try it again", again),
            Button("Another excuse", intent_payload(Intent.START_ROLEPLAY)),
            Button("My progress", intent_payload(Intent.MY_PROGRESS)),
        ),
    )


def english_only(language: Language) -> Reply:
    """Asked for role-play in another language: say it is English, and offer that drill (its
    button switches the conversation to English, so the drill then starts)."""
    english = intent_payload(Intent.START_ROLEPLAY, {Entity.LANGUAGE: Language.EN.value})
    return Reply(
        messages.text("training.english_only", language),
        (Button(messages.text("training.button_english", language), english),),
    )


def not_playable() -> Reply:
    return Reply(
        "Role-play isn't set up in this playbook yet (no rubrics), so there is nothing to practise."
    )


@dataclass(frozen=True)
class ExcuseProgress:
    excuse: str
    scores: tuple[int, ...]
    best: int
    passed: bool


def progress_of(rounds: Sequence[RoleplayRound], playbook: Playbook) -> list[ExcuseProgress]:
    """Per excuse practised: the scores in order, the best, and whether any round passed."""
    by_excuse: dict[str, list[RoleplayRound]] = {}
    for r in rounds:
        by_excuse.setdefault(r.excuse, []).append(r)
    order = list(playbook.excuses)
    result = [
        ExcuseProgress(
            excuse,
            tuple(r.score for r in played),
            max(r.score for r in played),
            any(r.passed for r in played),
        )
        for excuse, played in by_excuse.items()
    ]
    return sorted(result, key=lambda p: order.index(p.excuse) if p.excuse in order else len(order))


def _title(playbook: Playbook, excuse: str) -> str:
    entry = playbook.excuses.get(excuse)
    return entry.title if entry else excuse


def _say(key: str, language: Language, **values: object) -> str:
    return messages.text(f"training.{key}", language, **values)


def progress(
    rep: Rep,
    rounds: Sequence[RoleplayRound],
    playbook: Playbook,
    language: Language = Language.EN,
) -> Reply:
    if not rounds:
        return Reply(
            _say("no_rounds", language),
            (Button(_say("button_start", language), intent_payload(Intent.START_ROLEPLAY)),),
        )
    per_excuse = progress_of(rounds, playbook)
    lines = [_say("progress_head", language, name=rep.name, count=len(rounds))]
    for p in per_excuse:
        trail = " → ".join(str(s) for s in p.scores[-PROGRESS_SCORES:])
        mark = MET if p.passed else MISSED
        title = _title(playbook, p.excuse)
        lines.append(
            _say("progress_line", language, mark=mark, title=title, trail=trail, best=p.best)
        )
    practised = {p.excuse for p in per_excuse}
    untried = [e for e in playbook.playable if e not in practised]
    weakest = min(per_excuse, key=lambda p: (p.scores[-1], p.best))
    if untried:
        lines.append(_say("untried", language, count=len(untried)))
    lines.append(_say("work_on", language, title=_title(playbook, weakest.excuse)))
    buttons = (
        Button(
            _say("button_practise", language, title=_title(playbook, weakest.excuse)),
            intent_payload(Intent.START_ROLEPLAY, {Entity.EXCUSE: weakest.excuse}),
        ),
        Button(_say("button_new", language), intent_payload(Intent.START_ROLEPLAY)),
    )
    return Reply("\n".join(lines), buttons)


@dataclass(frozen=True)
class LeaderboardRow:
    rep: Rep
    rounds: int
    average: int  # mean of each practised excuse's latest score
    excuses_passed: int


def leaderboard_rows(
    reps: Sequence[Rep], rounds: Sequence[RoleplayRound], playbook: Playbook
) -> list[LeaderboardRow]:
    """Everyone who played, best first: excuses passed, then the average latest score."""
    result = []
    for rep in reps:
        played = [r for r in rounds if r.rep_id == rep.rep_id]
        if not played:
            continue
        per_excuse = progress_of(played, playbook)
        average = round(sum(p.scores[-1] for p in per_excuse) / len(per_excuse))
        result.append(LeaderboardRow(rep, len(played), average, sum(p.passed for p in per_excuse)))
    return sorted(result, key=lambda s: (-s.excuses_passed, -s.average, s.rep.name))


def leaderboard(
    viewer: Rep,
    reps: Sequence[Rep],
    rounds: Sequence[RoleplayRound],
    playbook: Playbook,
    language: Language = Language.EN,
) -> Reply:
    if not viewer.is_manager:
        return Reply(
            _say("board_managers_only", language),
            (Button(_say("button_progress", language), intent_payload(Intent.MY_PROGRESS)),),
        )
    table = leaderboard_rows(reps, rounds, playbook)
    if not table:
        return Reply(_say("board_empty", language))
    total = len(playbook.playable)
    lines = [_say("board_head", language)]
    for place, s in enumerate(table, 1):
        lines.append(
            _say(
                "board_line",
                language,
                place=place,
                name=s.rep.name,
                passed=s.excuses_passed,
                total=total,
                average=s.average,
                rounds=s.rounds,
            )
        )
    return Reply("\n".join(lines))
