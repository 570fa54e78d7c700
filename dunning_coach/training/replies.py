"""Role-play messages as a trainee reads them on a phone: the setting, the debtor's lines,
feedback after every reply, the scorecard, progress over time and the team leaderboard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dunning_coach.accounts.models import Rep, RoleplayRound
from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.common.reply import Button, Line, Reply, intent_payload
from dunning_coach.language import messages
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import Playbook
from dunning_coach.training import answer_checks, check_progress, roleplay, rubric
from dunning_coach.training.answer_checks import CONDUCT, AnswerCheck
from dunning_coach.training.roleplay import Round

MET, MISSED = "✓", "✗"
SHOWN_MET = 3  # feedback after a reply quotes the checks it just met...
SHOWN_MISSED = 2  # ...and gives an example line for the most important checks still missing
PROGRESS_SCORES = 5  # the latest scores shown per excuse
PROGRESS_CHECKS = 3  # the checks missed most, in progress


def _end_button(language: Language) -> Button:
    return Button(messages.text("training.button_end", language), intent_payload(Intent.STOP))


def _setting(round_: Round) -> str:
    p, language = round_.persona, round_.speaks
    if round_.customer_id is None:  # no demo customer: the placeholders would only repeat words
        return messages.text("training.setting_plain", language, customer=p.get("customer", ""))
    facts = [messages.text("training.fact_overdue", language, amount=p.get("overdue_amount", ""))]
    if p.get("oldest_days"):
        facts.append(
            messages.text(
                "training.fact_oldest",
                language,
                invoice=p.get("oldest_invoice"),
                days=p["oldest_days"],
            )
        )
    facts.append(messages.text("training.fact_terms", language, terms=p.get("terms", "")))
    if p.get("approver_on_file"):
        facts.append(messages.text("training.fact_approver", language, name=p["approver_on_file"]))
    if p.get("signatory_on_file"):
        facts.append(
            messages.text("training.fact_signatory", language, name=p["signatory_on_file"])
        )
    separator = messages.text("training.fact_separator", language)
    return messages.text(
        "training.setting", language, customer=p.get("customer", ""), facts=separator.join(facts)
    )


def _debtor(round_: Round) -> str:
    return messages.text(
        "training.debtor_line",
        round_.speaks,
        customer=round_.persona.get("customer", ""),
        line=round_.last_line,
    )


def _check(check_id: str, language: Language) -> AnswerCheck:
    return answer_checks.book()[language].checks[check_id]


def _met_line(round_: Round, check_id: str) -> str:
    """✓ and the check, quoting the trainee's words that met it when there are some."""
    title, quote = _check(check_id, round_.speaks).title, round_.quotes.get(check_id)
    if quote:
        return messages.text("training.check_met", round_.speaks, title=title, quote=quote)
    return messages.text("training.check_met_plain", round_.speaks, title=title)


def _broken_line(round_: Round, check_id: str) -> str:
    """✗ and the check, quoting the words that refused or broke it."""
    title = _check(check_id, round_.speaks).title
    return messages.text(
        "training.check_broken", round_.speaks, title=title, quote=round_.quotes.get(check_id, "")
    )


def _taken_back_line(round_: Round, check_id: str) -> str:
    """✗ and the check, quoting the words that met it before the same answer dropped the demand:
    no example line, the trainee said it."""
    title = _check(check_id, round_.speaks).title
    return messages.text(
        "training.check_taken_back",
        round_.speaks,
        title=title,
        quote=round_.quotes.get(check_id, ""),
    )


def goals(playbook: Playbook, round_: Round) -> list[Line]:
    """What the round is won on, before the first answer: each criterion, key ones marked."""
    language = round_.speaks
    lines = [Line.heading(messages.text("training.goals_head", language))]
    for c in roleplay.criteria(playbook, round_):
        checks = messages.text("training.check_separator", language).join(
            _check(check, language).title for check in c.answer_checks
        )
        must = messages.text("training.goal_key", language) if c.key else ""
        goal = messages.text(
            "training.goal_line", language, title=c.title, must=must, checks=checks
        )
        lines.append(Line.bullet(goal))
    return lines


def opening(playbook: Playbook, round_: Round) -> Reply:
    language = round_.speaks
    level = messages.text(f"training.level_{round_.difficulty}", language)
    title = playbook.excuse(round_.excuse).title
    lines = [
        Line.plain(messages.text("training.opening_head", language, level=level, title=title)),
        Line.plain(_setting(round_)),
        *goals(playbook, round_),
        Line.plain(messages.text("training.how_to_answer", language)),
        Line.plain(""),
        Line.plain(_debtor(round_)),
    ]
    return Reply.of(lines, (_end_button(language),))


def _example(round_: Round, check_id: str) -> str:
    """The check's tip: a line that meets it, in the trainee's language, with the customer's
    figures in it."""
    check = _check(check_id, round_.speaks)
    tip = roleplay.fill(check.tip, round_)
    return messages.text("training.check_missed", round_.speaks, title=check.title, example=tip)


def feedback(playbook: Playbook, round_: Round) -> list[str]:
    """Score so far; each check the last reply met, with the trainee's words that met it; each it
    refused or broke, with the words; each it met and then took back by dropping the demand; and
    an example line for the most important checks missing."""
    language = round_.speaks
    lines = [
        messages.text("training.score_so_far", language, score=roleplay.score(playbook, round_))
    ]
    if round_.cut_short:  # say so: a point made at the end of a long answer was not read
        lines.append(messages.text("training.cut_short", language, chars=rubric.JUDGED_CHARS))
    # Conduct checks are met by not breaking them: news only when broken.
    news = [c for c in round_.newly_met if c not in CONDUCT]
    lines += [_met_line(round_, c) for c in news[:SHOWN_MET]]
    lines += [_broken_line(round_, c) for c in round_.newly_broken]
    lines += [_taken_back_line(round_, c) for c in round_.newly_taken_back]
    shown = {*round_.newly_broken, *round_.newly_taken_back}
    missing = [c for c in roleplay.missed_checks(playbook, round_) if c not in shown]
    lines += [_example(round_, c) for c in missing[:SHOWN_MISSED]]
    return lines


def turn(playbook: Playbook, round_: Round) -> Reply:
    return Reply(
        "\n".join(feedback(playbook, round_)) + f"\n\n{_debtor(round_)}",
        (_end_button(round_.speaks),),
    )


def scorecard(playbook: Playbook, round_: Round) -> Reply:
    """The round's result; each criterion with its checks: met with the trainee's words, missed
    with a line that would have met it."""
    settings = playbook.roleplay
    assert settings is not None
    language = round_.speaks
    lines: list[str] = []
    if round_.turns and round_.outcome != roleplay.STOPPED:
        lines += [_debtor(round_), ""]
    if not round_.turns:
        lines.append(messages.text("training.stopped_before_answer", language))
    else:
        score = roleplay.score(playbook, round_)
        verdict = messages.text(
            "training.passed" if score >= settings.pass_mark else "training.not_passed", language
        )
        ending = messages.text(f"training.ending_{round_.outcome or roleplay.STOPPED}", language)
        lines.append(
            messages.text(
                "training.round_over",
                language,
                ending=ending,
                score=score,
                verdict=verdict,
                pass_mark=settings.pass_mark,
            )
        )
        standing, met = round_.standing, roleplay.met(playbook, round_)
        for c in roleplay.criteria(playbook, round_):
            mark = MET if c.id in met else MISSED
            lines.append(
                messages.text(
                    "training.criterion_result",
                    language,
                    mark=mark,
                    title=c.title,
                    weight=c.weight,
                    reason=roleplay.fill(c.reason, round_),
                )
            )
            for check_id in c.answer_checks:
                if check_id in standing.holding:
                    line = _met_line(round_, check_id)
                elif check_id in standing.broken:
                    line = _broken_line(round_, check_id)
                else:
                    line = _example(round_, check_id)
                lines.append("  " + line)
    again = intent_payload(
        Intent.START_ROLEPLAY, {Entity.EXCUSE: round_.excuse, Entity.DIFFICULTY: round_.difficulty}
    )
    return Reply(
        "\n".join(lines),
        (
            Button(messages.text("training.button_again", language), again),
            Button(
                messages.text("training.button_new", language),
                intent_payload(Intent.START_ROLEPLAY),
            ),
            Button(
                messages.text("training.button_progress", language),
                intent_payload(Intent.MY_PROGRESS),
            ),
        ),
    )


def not_playable(language: Language) -> Reply:
    return Reply(messages.text("training.not_playable", language))


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


def progress(
    rep: Rep,
    rounds: Sequence[RoleplayRound],
    playbook: Playbook,
    language: Language = Language.EN,
) -> Reply:
    if not rounds:
        return Reply(
            messages.text("training.no_rounds", language),
            (
                Button(
                    messages.text("training.button_start", language),
                    intent_payload(Intent.START_ROLEPLAY),
                ),
            ),
        )
    per_excuse = progress_of(rounds, playbook)
    head = messages.text("training.progress_head", language, name=rep.name, count=len(rounds))
    lines = [Line.plain(head)]
    for p in per_excuse:
        trail = " → ".join(str(s) for s in p.scores[-PROGRESS_SCORES:])
        mark = MET if p.passed else MISSED
        title = _title(playbook, p.excuse)
        excuse_line = messages.text(
            "training.progress_line", language, mark=mark, title=title, trail=trail, best=p.best
        )
        lines.append(Line.plain(excuse_line))
    missed = check_progress.most_missed(rounds, playbook, PROGRESS_CHECKS)
    if missed:
        lines.append(Line.heading(messages.text("training.checks_head", language)))
    for check in missed:
        marks = " ".join(MET if met else MISSED for met in check.trail[-PROGRESS_SCORES:])
        check_line = messages.text(
            "training.check_progress",
            language,
            title=_check(check.check, language).title,
            trail=marks,
            met=check.met,
            of=len(check.trail),
        )
        lines.append(Line.bullet(check_line))
    practised = {p.excuse for p in per_excuse}
    untried = [e for e in playbook.playable if e not in practised]
    weakest = min(per_excuse, key=lambda p: (p.scores[-1], p.best))
    if untried:
        lines.append(Line.plain(messages.text("training.untried", language, count=len(untried))))
    work_on = messages.text("training.work_on", language, title=_title(playbook, weakest.excuse))
    lines.append(Line.plain(work_on))
    buttons = (
        Button(
            messages.text(
                "training.button_practise", language, title=_title(playbook, weakest.excuse)
            ),
            intent_payload(Intent.START_ROLEPLAY, {Entity.EXCUSE: weakest.excuse}),
        ),
        Button(
            messages.text("training.button_new", language), intent_payload(Intent.START_ROLEPLAY)
        ),
    )
    return Reply.of(lines, buttons)


@dataclass(frozen=True)
class LeaderboardRow:
    rep: Rep
    rounds: int
    average: int  # mean of each practised excuse's latest score
    excuses_passed: int
    misses_most: str | None = None  # the check this rep misses most


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
        missed = check_progress.most_missed(played, playbook, 1)
        result.append(
            LeaderboardRow(
                rep,
                len(played),
                average,
                sum(p.passed for p in per_excuse),
                missed[0].check if missed else None,
            )
        )
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
            messages.text("training.board_managers_only", language),
            (
                Button(
                    messages.text("training.button_progress", language),
                    intent_payload(Intent.MY_PROGRESS),
                ),
            ),
        )
    table = leaderboard_rows(reps, rounds, playbook)
    if not table:
        return Reply(messages.text("training.board_empty", language))
    total = len(playbook.playable)
    lines = [Line.plain(messages.text("training.board_head", language))]
    for place, s in enumerate(table, 1):
        standing = messages.text(
            "training.board_line",
            language,
            name=s.rep.name,
            passed=s.excuses_passed,
            total=total,
            average=s.average,
            rounds=s.rounds,
        )
        lines.append(Line.step(place, standing))
        if s.misses_most:
            title = _check(s.misses_most, language).title
            lines.append(Line.plain(messages.text("training.board_misses", language, title=title)))
    return Reply.of(lines)
