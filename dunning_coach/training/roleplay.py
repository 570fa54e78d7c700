"""Role-play as plain logic: the debtor's lines, the round's state, and when it ends.

A round is a plain dict in a Rasa slot (`roleplay`), so it survives a server restart like any
other slot. It is played in one language: the debtor's lines come from the playbook in that
language, and each trainee reply is judged by meaning (an answer judge, answer_judge.py) on the
rubric's observable checks, scored by `rubric`. The debtor answers by difficulty: at easy it asks
what the trainee wants, at medium it pushes back on the most important opening the reply left, at
hard it is also evasive and agrees only to a passing round. It agrees to pay only once every key
criterion is met.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz

from dunning_coach.accounts.models import Account, RoleplayRound
from dunning_coach.accounts.placeholders import placeholders
from dunning_coach.common.rasa_names import Intent
from dunning_coach.language import amounts, dates_local, messages
from dunning_coach.language.formatting import money, weekday_day
from dunning_coach.language.languages import Language
from dunning_coach.playbook.playbook import DIFFICULTIES, Criterion, Playbook, Roleplay
from dunning_coach.training import answer_checks, rubric
from dunning_coach.training.answer_checks import AMOUNT_CHECK, CONDUCT, DAY_CHECK
from dunning_coach.training.answer_judge import CheckResult, Judge, joined_quote
from dunning_coach.training.rubric import Standing


def rubric_checks() -> tuple[str, ...]:
    """Every answer check there is."""
    return tuple(answer_checks.book()[Language.EN].checks)


STOPPED, CONCEDED, OUT_OF_TURNS = "stopped", "conceded", "out_of_turns"
ALIAS_MATCH = 90.0  # how well a phrase must match an excuse's alias to choose it
UNPLAYED_WEAKNESS = 100  # an excuse never practised counts as scored 0
MIN_WEAKNESS = 10  # even a mastered excuse comes up now and then
RECENT_ROUNDS = 3  # how many of an excuse's latest scores say how weak the trainee is
STOP_WORDS_MAX = 5  # "stop" ends a round only in a short message, not in "stop stalling..."

_END = re.compile(
    r"^(?:please )?(?:stop|end|finish|quit|exit|cancel)(?: the| this| my)?"
    r"(?: role ?play| roleplay| practi[cs]e| training| round| session)?(?: please)?$"
)
_DIFFICULTY_WORDS = {
    "easy": ("easy", "beginner", "gentle", "simple"),
    "medium": ("medium", "normal", "intermediate", "moderate"),
    "hard": ("hard", "difficult", "tough", "expert", "advanced"),
}


@dataclass(frozen=True)
class Round:
    """A role-play in progress; `to_slot` and `from_slot` carry it between turns."""

    excuse: str
    difficulty: str
    seed: int
    started_on: str
    customer_id: str | None = None
    persona: dict[str, str] = field(default_factory=dict)  # placeholders for the debtor's lines
    language: str = Language.EN.value  # the trainee's: the debtor's lines, feedback, examples
    turns: int = 0
    checks_met: tuple[str, ...] = ()  # answer checks met so far
    checks_broken: tuple[str, ...] = ()  # refused, or a conduct check broken
    # check -> the trainee's words that met or broke it, or that the same answer took back
    quotes: dict[str, str] = field(default_factory=dict)
    last_line: str = ""
    pay_amount: str | None = None
    pay_day: str | None = None
    outcome: str | None = None
    # The latest reply's feedback, for the message that follows it.
    newly_met: tuple[str, ...] = ()  # checks
    newly_broken: tuple[str, ...] = ()  # checks
    newly_taken_back: tuple[str, ...] = ()  # met, then taken back by dropping the demand
    cut_short: bool = False  # the latest reply ran past what the judge reads
    round_id: str = ""

    def to_slot(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_slot(cls, value: Any) -> Round | None:
        # A slot from an older release or a hand-made request: start afresh rather than fail.
        if (
            not isinstance(value, Mapping)
            or "excuse" not in value
            or value.get("difficulty") not in DIFFICULTIES
        ):
            return None
        known = {f for f in cls.__dataclass_fields__}
        data = {k: v for k, v in value.items() if k in known}
        # Only checks the book still has: a slot from before a check was renamed, or from the
        # cue judge (criterion ids), must not break the feedback.
        checks = set(rubric_checks())
        for name in (
            "checks_met",
            "checks_broken",
            "newly_met",
            "newly_broken",
            "newly_taken_back",
        ):
            data[name] = tuple(c for c in data.get(name) or () if c in checks)
        data["persona"] = dict(data.get("persona") or {})
        quotes = dict(data.get("quotes") or {})
        data["quotes"] = {k: str(v) for k, v in quotes.items() if k in checks}
        if data.get("language") not in {code.value for code in Language}:
            data["language"] = Language.EN.value
        return cls(**data)

    @property
    def finished(self) -> bool:
        return self.outcome is not None

    @property
    def speaks(self) -> Language:
        return Language(self.language)

    @property
    def standing(self) -> Standing:
        return Standing(frozenset(self.checks_met), frozenset(self.checks_broken))


@dataclass(frozen=True)
class Request:
    """What "let's practise ..." asked for; None leaves the choice to the assistant."""

    excuse: str | None = None
    difficulty: str | None = None


def _settings(playbook: Playbook) -> Roleplay:
    if playbook.roleplay is None:
        raise ValueError("playbook.yml has no roleplay section")
    return playbook.roleplay


def read_request(text: str, entities: Sequence[Mapping[str, Any]], playbook: Playbook) -> Request:
    """The excuse and difficulty asked for, from the entities of a button or from the words."""
    given = {e.get("entity"): str(e.get("value") or "") for e in entities}
    excuse = given.get("excuse") if given.get("excuse") in playbook.playable else None
    difficulty = given.get("difficulty") if given.get("difficulty") in DIFFICULTIES else None
    said = set(rubric.words(text or ""))
    if difficulty is None:
        difficulty = next(
            (level for level, words in _DIFFICULTY_WORDS.items() if said & set(words)), None
        )
    if excuse is None and text and not text.startswith("/"):
        excuse = _excuse_named(text, playbook)
    return Request(excuse, difficulty)


def _excuse_named(text: str, playbook: Playbook) -> str | None:
    lowered = " ".join(rubric.words(text))
    scores = []
    for intent in playbook.playable:
        debtor = playbook.excuse(intent).debtor
        assert debtor is not None
        best = max(
            fuzz.partial_ratio(alias.lower(), lowered)
            for alias in debtor.aliases
            if len(alias) >= 4
        )
        scores.append((best, intent))
    scores.sort(reverse=True)
    if scores and scores[0][0] >= ALIAS_MATCH and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1]
    return None


def weakest_first(playbook: Playbook, history: Sequence[RoleplayRound], rng: random.Random) -> str:
    """An excuse to practise, drawn with more weight on those this trainee scores worst on."""
    weights = []
    for intent in playbook.playable:
        scores = [r.score for r in history if r.excuse == intent][-RECENT_ROUNDS:]
        weakness = 100 - sum(scores) / len(scores) if scores else UNPLAYED_WEAKNESS
        weights.append(max(weakness, MIN_WEAKNESS))
    return rng.choices(playbook.playable, weights=weights)[0]


# Facts for the setting line, kept apart from the placeholders: empty when the file has none.
FACTS = ("approver_on_file", "signatory_on_file", "currency")


def _persona(account: Account | None, language: Language) -> dict[str, str]:
    values = dict(placeholders(account, language))
    customer = account.customer if account else None
    values["approver_on_file"] = (customer.approver or "") if customer else ""
    values["signatory_on_file"] = (customer.signatory or "") if customer else ""
    values["currency"] = account.currency if account else "EUR"
    return values


def fill(text: str, round_: Round) -> str:
    """A debtor's line, a tip or an example line with the round's customer in it. {amount} and
    {date} (in the answer checks' tips) are the sum and day to demand."""
    values = placeholders(None, round_.speaks)
    values.update({k: v for k, v in round_.persona.items() if k not in FACTS})
    day = messages.text("training.pay_day_default", round_.speaks)
    values.update(
        pay_amount=round_.pay_amount or values["overdue_amount"],
        pay_day=round_.pay_day or day,
        amount=values["overdue_amount"],
        date=day,
    )
    return text.format_map(values)


def _pick(lines: Sequence[str], round_: Round, salt: str) -> str | None:
    """A line, never the one the debtor said last."""
    fresh = [line for line in lines if fill(line, round_) != round_.last_line]
    if not fresh:
        return None
    rng = random.Random(f"{round_.seed}:{round_.turns}:{salt}")
    return fill(rng.choice(fresh), round_)


def start(
    playbook: Playbook,
    excuse: str,
    difficulty: str | None,
    account: Account | None,
    seed: int,
    today: dt.date,
    language: Language = Language.EN,
) -> Round:
    """A new round in `language` (give the playbook in that language) and the debtor's opening
    line (in `last_line`)."""
    settings = _settings(playbook)
    entry = playbook.excuse(excuse)
    if not entry.playable:
        raise ValueError(f"{excuse} has no role-play in playbook.yml")
    assert entry.debtor is not None
    round_ = Round(
        excuse=excuse,
        difficulty=difficulty or settings.default_difficulty,
        seed=seed,
        started_on=today.isoformat(),
        customer_id=account.customer.customer_id if account else None,
        persona=_persona(account, language),
        language=language.value,
        round_id=f"RP-{uuid.uuid4().hex[:12]}",
    )
    return replace(round_, last_line=_pick(entry.debtor.openers, round_, "open") or "")


def criteria(playbook: Playbook, round_: Round) -> tuple[Criterion, ...]:
    return playbook.rubric(round_.excuse)


def met(playbook: Playbook, round_: Round) -> frozenset[str]:
    """The criteria met so far (at least half their checks)."""
    return rubric.criteria_met(criteria(playbook, round_), round_.standing)


def score(playbook: Playbook, round_: Round) -> int:
    return rubric.score(criteria(playbook, round_), round_.standing)


def passed(playbook: Playbook, round_: Round) -> bool:
    return score(playbook, round_) >= _settings(playbook).pass_mark


def missed_checks(playbook: Playbook, round_: Round) -> list[str]:
    return rubric.missed_checks(criteria(playbook, round_), round_.standing)


def is_stop(text: str, intent: str | None) -> bool:
    """ "stop" or "end role-play" on its own; a reply like "stop stalling and pay" goes on.
    The words are checked as well as the intent: "end role-play" shares its words with
    "start a role-play", and a trainee must always be able to get out."""
    if text.startswith("/"):
        return intent == Intent.STOP
    said = rubric.words(text)
    if len(said) > STOP_WORDS_MAX:
        return False
    return intent == Intent.STOP or bool(_END.search(" ".join(said)))


def stop(round_: Round) -> Round:
    return replace(round_, outcome=STOPPED, newly_met=(), newly_broken=(), newly_taken_back=())


def met_and_broken(findings: Mapping[str, CheckResult]) -> tuple[set[str], set[str]]:
    """The checks one answer met, and those it refused or broke. Courtesy and firmness count in
    an answer that does something ("hello" doesn't); a conduct check is broken when the judge
    quotes the words that broke it."""
    met = {c for c, f in findings.items() if f.met and c not in CONDUCT}
    if met:
        met |= {c for c, f in findings.items() if f.met and c in CONDUCT}
    broken = {
        c for c, f in findings.items() if f.refused or (c in CONDUCT and not f.met and f.quote)
    }
    return met, broken


def _commitment(
    findings: Mapping[str, CheckResult], round_: Round, today: dt.date
) -> tuple[str | None, str | None]:
    """The sum and the day the trainee demanded, as the debtor will repeat them when agreeing."""
    amount = day = None
    said = findings.get(AMOUNT_CHECK)
    if said is not None and said.met and said.quote:
        cents = amounts.amount_cents(said.quote, round_.speaks)
        if isinstance(cents, amounts.Ambiguous):  # "1.200": a debtor hears the thousands
            cents = cents.readings[0]
        if isinstance(cents, int) and cents > 0:
            amount = money(cents, round_.persona.get("currency") or "EUR", round_.speaks)
    said = findings.get(DAY_CHECK)
    if said is not None and said.met and said.quote:
        when = dates_local.resolve(said.quote, today, round_.speaks)
        if when is not None and when >= today:
            day = weekday_day(when, today, round_.speaks)
    return amount, day


def answer(
    playbook: Playbook,
    round_: Round,
    text: str,
    today: dt.date,
    judge: Judge,
) -> Round:
    """Judge one trainee reply and give the debtor's answer (in `last_line`)."""
    settings = _settings(playbook)
    level = settings.difficulties[round_.difficulty]
    rules = criteria(playbook, round_)
    findings = judge(text, round_.speaks, rubric.check_ids(rules))
    met_now, broken_now = met_and_broken(findings)
    before = round_.standing
    standing = rubric.update(before, met_now, broken_now, CONDUCT)
    # A check met by others together (MET_BY_OTHERS) over the whole exchange, not only within one
    # answer: an offer for the faulty goods, then the rest set apart in the next.
    joined = {
        c: way
        for c in rubric.check_ids(rules)
        if c not in standing.met | standing.broken
        and (way := answer_checks.way_met(c, standing.met)) is not None
    }
    if joined:
        met_now |= set(joined)
        standing = rubric.update(before, met_now, broken_now, CONDUCT)
    # Taken back: said, then undone by dropping the demand; news only if not met before.
    taken_back = {
        c for c, f in findings.items() if f.taken_back and f.quote and c not in standing.met
    }
    quotes = dict(round_.quotes)
    for check, finding in findings.items():
        if finding.quote and (check in met_now - CONDUCT or check in broken_now | taken_back):
            quotes[check] = finding.quote
    for check, way in joined.items():
        quotes[check] = joined_quote([quotes.get(c, "") for c in way])
    pay_amount, pay_day = _commitment(findings, round_, today)
    round_ = replace(
        round_,
        turns=round_.turns + 1,
        checks_met=tuple(sorted(standing.met)),
        checks_broken=tuple(sorted(standing.broken)),
        quotes=quotes,
        newly_met=tuple(c for c in rubric.check_ids(rules) if c in standing.met - before.met),
        newly_broken=tuple(c for c in rubric.check_ids(rules) if c in broken_now),
        newly_taken_back=tuple(c for c in rubric.check_ids(rules) if c in taken_back),
        cut_short=len(text.strip()) > rubric.JUDGED_CHARS,
        pay_amount=pay_amount or round_.pay_amount,
        pay_day=pay_day or round_.pay_day,
    )
    now = met(playbook, round_)
    keys_met = all(c.id in now for c in rules if c.key)
    convinced = keys_met and (
        not level.concede_needs_pass or score(playbook, round_) >= settings.pass_mark
    )
    if convinced and round_.turns > level.holds_out:
        return _say(round_, _pick(settings.concede, round_, "concede"), CONCEDED)
    if round_.turns >= level.max_turns:
        return _say(round_, _pick(settings.walk_away, round_, "leave"), OUT_OF_TURNS)
    if not level.pushback:
        return _say(round_, _pick(settings.prompts, round_, "prompt"))
    line = _holding_out(playbook, round_) if convinced else _pushback(playbook, round_, rules)
    if level.evasive:  # a dodge before the pushback, and never the same pair twice in a row
        dodges = list(settings.evasive)
        random.Random(f"{round_.seed}:{round_.turns}:evasive").shuffle(dodges)
        line = next(
            (f"{d} {line}" for d in dodges if f"{d} {line}" != round_.last_line),
            f"{dodges[0]} {line}",
        )
    return _say(round_, line)


def _pushback(playbook: Playbook, round_: Round, rules: Sequence[Criterion]) -> str:
    """The opening the reply left: a check it refused or broke first, then the weightiest key
    criterion not yet met; without one, a follow-up excuse or a partial offer."""
    entry = playbook.excuse(round_.excuse)
    assert entry.debtor is not None
    owner = rubric.by_criterion(rules)
    broken = [owner[c] for c in round_.newly_broken if owner[c].opening]
    now = met(playbook, round_)
    missed_keys = [c for c in rules if c.key and c.opening and c.id not in now]
    missed_keys.sort(key=lambda c: -c.weight)
    for criterion in broken + missed_keys:
        line = fill(criterion.opening or "", round_)
        if line != round_.last_line:
            return line
    fallback = entry.debtor.follow_ups + entry.debtor.partial + _settings(playbook).prompts
    return _pick(fallback, round_, "push") or fill(fallback[0], round_)


def _holding_out(playbook: Playbook, round_: Round) -> str:
    """Everything key is met, but this debtor does not give in at once: a stronger or a new
    excuse, or an emotional reply."""
    entry = playbook.excuse(round_.excuse)
    assert entry.debtor is not None
    lines = entry.debtor.follow_ups + _settings(playbook).emotional
    return _pick(lines, round_, "hold") or _pushback(playbook, round_, criteria(playbook, round_))


def _say(round_: Round, line: str | None, outcome: str | None = None) -> Round:
    return replace(round_, last_line=line or round_.last_line, outcome=outcome)


def record(playbook: Playbook, round_: Round, rep_id: str, today: dt.date) -> RoleplayRound:
    """The finished round as it is stored."""
    return RoleplayRound(
        rep_id=rep_id,
        excuse=round_.excuse,
        difficulty=round_.difficulty,
        played_on=today,
        score=score(playbook, round_),
        passed=passed(playbook, round_),
        turns=round_.turns,
        outcome=round_.outcome or STOPPED,
        customer_id=round_.customer_id,
        met=tuple(c.id for c in criteria(playbook, round_) if c.id in met(playbook, round_)),
        round_id=round_.round_id or None,
        language=round_.language,
        checks_met=tuple(
            c for c in rubric.check_ids(criteria(playbook, round_)) if c in round_.standing.holding
        ),
    )


def pick_account(accounts: Sequence[Account], rng: random.Random) -> Account | None:
    """A demo customer to play, preferring one with money overdue (the excuses make sense)."""
    overdue = [a for a in accounts if a.overdue_cents > 0]
    pool = overdue or list(accounts)
    return rng.choice(pool) if pool else None
