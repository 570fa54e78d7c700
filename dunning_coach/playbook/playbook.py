"""The playbook data file (playbook.yml), loaded and checked into plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dunning_coach.common.rasa_names import EXCUSE_PREFIX, SIGN_PREFIX
from dunning_coach.common.settings import CLASSES

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "playbook.yml"
DIFFICULTIES = ("easy", "medium", "hard")


class PlaybookError(ValueError):
    """playbook.yml is missing something the assistant needs."""


@dataclass(frozen=True)
class CheckSpec:
    name: str
    params: Any = None


@dataclass(frozen=True)
class Criterion:
    """One criterion of a role-play rubric, judged by its observable checks
    (answer_checks/<language>.yml); dunning_coach/training/rubric.py scores it."""

    id: str
    title: str
    weight: int
    reason: str
    tip: str
    answer_checks: tuple[str, ...]
    key: bool = False
    opening: str | None = None  # the debtor's comeback while this is missed


@dataclass(frozen=True)
class DebtorLines:
    """What the role-play debtor says for one excuse."""

    aliases: tuple[str, ...]
    openers: tuple[str, ...]
    follow_ups: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExcuseEntry:
    intent: str
    title: str
    analysis: str
    checks: tuple[CheckSpec, ...]
    countermeasures: tuple[str, ...]
    questions: tuple[str, ...]
    say: str
    rule: str | None = None
    rubric: tuple[Criterion, ...] = ()  # the excuse's own criteria; common ones come first
    debtor: DebtorLines | None = None

    @property
    def playable(self) -> bool:
        return bool(self.rubric) and self.debtor is not None


@dataclass(frozen=True)
class ClassEntry:
    """How to treat money in one receivables class."""

    name: str
    title: str
    stance: str
    tactic: str | None = None


@dataclass(frozen=True)
class SignEntry:
    """A warning sign of coming bad debt; `rule` finds it in the data, else the rep reports it."""

    kind: str
    title: str
    advice: str
    rule: str | None = None


@dataclass(frozen=True)
class LeverEntry:
    """A way to apply pressure, for customers in `min_class` or worse when `when` holds."""

    name: str
    title: str
    how: str
    reason: str
    min_class: str
    when: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Difficulty:
    name: str
    max_turns: int
    pushback: bool
    evasive: bool
    concede_needs_pass: bool
    # Answers the debtor resists even when the key criteria are met: it pushes back with a
    # stronger or new excuse, or an emotional reply, before it may agree.
    holds_out: int = 0


@dataclass(frozen=True)
class Roleplay:
    """Role-play settings and the lines and criteria every excuse shares."""

    pass_mark: int
    default_difficulty: str
    difficulties: dict[str, Difficulty]
    common_rubric: tuple[Criterion, ...]
    prompts: tuple[str, ...]
    evasive: tuple[str, ...]
    concede: tuple[str, ...]
    walk_away: tuple[str, ...]
    emotional: tuple[str, ...] = ()  # the debtor's emotional pushback, any excuse


@dataclass(frozen=True)
class Playbook:
    excuses: dict[str, ExcuseEntry]
    principles: tuple[str, ...] = ()
    common_checks: tuple[CheckSpec, ...] = ()
    large_segments: frozenset[str] = field(default_factory=frozenset)
    true_at: int = 2
    excuse_at: int = -2
    classes: dict[str, ClassEntry] = field(default_factory=dict)
    warning_signs: dict[str, SignEntry] = field(default_factory=dict)
    levers: tuple[LeverEntry, ...] = ()
    escalation: str = "Escalate: {broken} promises broken in a row."
    promise_next_step: str = "Book your visit for {date}, the day they promised."
    roleplay: Roleplay | None = None

    def rubric(self, intent: str) -> tuple[Criterion, ...]:
        """The whole rubric for one excuse: the common criteria, then its own."""
        common = self.roleplay.common_rubric if self.roleplay else ()
        return common + self.excuse(intent).rubric

    def answer_checks(self, intent: str) -> tuple[str, ...]:
        """Every observable check that judges an answer to this excuse, each once, in order."""
        return tuple(dict.fromkeys(c for r in self.rubric(intent) for c in r.answer_checks))

    @property
    def playable(self) -> tuple[str, ...]:
        return tuple(i for i, e in self.excuses.items() if e.playable) if self.roleplay else ()

    def excuse(self, intent: str) -> ExcuseEntry:
        try:
            return self.excuses[intent]
        except KeyError:
            raise PlaybookError(f"playbook.yml has no entry for {intent!r}") from None

    def is_excuse(self, intent: str | None) -> bool:
        return bool(intent) and intent in self.excuses


def _check(raw: Any, where: str) -> CheckSpec:
    if isinstance(raw, str):
        return CheckSpec(raw)
    if isinstance(raw, dict) and len(raw) == 1:
        ((name, params),) = raw.items()
        return CheckSpec(str(name), params)
    raise PlaybookError(f"{where}: a check is a name or a one-key mapping, got {raw!r}")


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise PlaybookError(f"{where}.{key} is missing")
    return value.strip()


def _classes(data: dict) -> dict[str, ClassEntry]:
    raw = data.get("receivable_classes") or {}
    missing = [c for c in CLASSES if c not in raw]
    if missing:
        raise PlaybookError(f"receivable_classes needs an entry for {', '.join(missing)}")
    return {
        name: ClassEntry(
            name,
            _text(raw[name], "title", name),
            _text(raw[name], "stance", name),
            (raw[name].get("tactic") or "").strip() or None,
        )
        for name in CLASSES
    }


def _signs(data: dict) -> dict[str, SignEntry]:
    signs = {}
    for kind, entry in (data.get("warning_signs") or {}).items():
        if not kind.startswith(SIGN_PREFIX):
            raise PlaybookError(f"warning sign {kind!r} must be named {SIGN_PREFIX}<something>")
        signs[kind] = SignEntry(
            kind,
            _text(entry, "title", kind),
            _text(entry, "advice", kind),
            (entry.get("rule") or "").strip() or None,
        )
    return signs


def _levers(data: dict) -> tuple[LeverEntry, ...]:
    levers = []
    for name, entry in (data.get("levers") or {}).items():
        min_class = entry.get("min_class", "in_collection") if isinstance(entry, dict) else None
        if min_class not in CLASSES:
            raise PlaybookError(f"levers.{name}.min_class must be one of {', '.join(CLASSES)}")
        when = entry.get("when") or {}
        if not isinstance(when, dict):
            raise PlaybookError(f"levers.{name}.when must map condition names to values")
        levers.append(
            LeverEntry(
                name,
                _text(entry, "title", name),
                _text(entry, "how", name),
                _text(entry, "reason", name),
                min_class,
                dict(when),
            )
        )
    return tuple(levers)


def _lines(raw: Any, where: str, minimum: int) -> tuple[str, ...]:
    if raw is None:
        raw = []
    if (
        not isinstance(raw, list)
        or len(raw) < minimum
        or not all(isinstance(v, str) and v.strip() for v in raw)
    ):
        raise PlaybookError(f"{where} needs at least {minimum} line(s) of text")
    return tuple(v.strip() for v in raw)


def _criteria(raw: Any, where: str) -> tuple[Criterion, ...]:
    if not isinstance(raw, list):
        raise PlaybookError(f"{where} must be a list of criteria")
    criteria = []
    for n, entry in enumerate(raw, 1):
        at = f"{where}[{n}]"
        if not isinstance(entry, dict):
            raise PlaybookError(f"{at} must be a mapping")
        weight = entry.get("weight")
        if not isinstance(weight, int) or weight <= 0:
            raise PlaybookError(f"{at}.weight must be a positive whole number")
        opening = entry.get("opening")
        criteria.append(
            Criterion(
                id=_text(entry, "id", at),
                title=_text(entry, "title", at),
                weight=weight,
                reason=_text(entry, "reason", at),
                tip=_text(entry, "tip", at),
                answer_checks=_lines(entry.get("answer_checks"), f"{at}.answer_checks", 1),
                key=bool(entry.get("key")),
                opening=opening.strip() if isinstance(opening, str) and opening.strip() else None,
            )
        )
    ids = [c.id for c in criteria]
    if len(set(ids)) != len(ids):
        raise PlaybookError(f"{where} repeats a criterion id")
    return tuple(criteria)


def _debtor(raw: Any, intent: str) -> DebtorLines | None:
    if raw is None:
        return None
    where = f"{intent}.roleplay"
    if not isinstance(raw, dict):
        raise PlaybookError(f"{where} must be a mapping")
    return DebtorLines(
        aliases=_lines(raw.get("aliases"), f"{where}.aliases", 1),
        openers=_lines(raw.get("openers"), f"{where}.openers", 2),
        follow_ups=_lines(raw.get("follow_ups"), f"{where}.follow_ups", 0),
        partial=_lines(raw.get("partial"), f"{where}.partial", 0),
    )


def _roleplay(raw: Any) -> Roleplay | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise PlaybookError("roleplay must be a mapping")
    levels = raw.get("difficulties") or {}
    if sorted(levels) != sorted(DIFFICULTIES):
        raise PlaybookError(f"roleplay.difficulties needs exactly {', '.join(DIFFICULTIES)}")
    difficulties = {}
    for name in DIFFICULTIES:
        level = levels[name] or {}
        turns = level.get("max_turns")
        if not isinstance(turns, int) or turns < 1:
            raise PlaybookError(f"roleplay.difficulties.{name}.max_turns must be 1 or more")
        holds_out = level.get("holds_out", 0)
        if not isinstance(holds_out, int) or not 0 <= holds_out < turns:
            raise PlaybookError(
                f"roleplay.difficulties.{name}.holds_out must be 0 or more and below max_turns"
            )
        difficulties[name] = Difficulty(
            name,
            turns,
            bool(level.get("pushback")),
            bool(level.get("evasive")),
            bool(level.get("concede_needs_pass")),
            holds_out,
        )
    default = raw.get("default_difficulty", "medium")
    if default not in DIFFICULTIES:
        raise PlaybookError(f"roleplay.default_difficulty must be one of {', '.join(DIFFICULTIES)}")
    pass_mark = raw.get("pass_mark")
    if not isinstance(pass_mark, int) or not 0 < pass_mark <= 100:
        raise PlaybookError("roleplay.pass_mark must be a whole number from 1 to 100")
    return Roleplay(
        pass_mark=pass_mark,
        default_difficulty=default,
        difficulties=difficulties,
        common_rubric=_criteria(raw.get("common_rubric") or [], "roleplay.common_rubric"),
        prompts=_lines(raw.get("prompts"), "roleplay.prompts", 2),
        evasive=_lines(raw.get("evasive"), "roleplay.evasive", 1),
        concede=_lines(raw.get("concede"), "roleplay.concede", 1),
        walk_away=_lines(raw.get("walk_away"), "roleplay.walk_away", 1),
        emotional=_lines(raw.get("emotional") or [], "roleplay.emotional", 0),
    )


def parse(data: dict) -> Playbook:
    excuses: dict[str, ExcuseEntry] = {}
    for intent, entry in (data.get("excuses") or {}).items():
        if not intent.startswith(EXCUSE_PREFIX):
            raise PlaybookError(f"excuse {intent!r} must be named {EXCUSE_PREFIX}<something>")
        for key in ("title", "analysis", "say"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise PlaybookError(f"{intent}.{key} is missing")
        excuses[intent] = ExcuseEntry(
            intent=intent,
            title=entry["title"].strip(),
            analysis=entry["analysis"].strip(),
            checks=tuple(_check(c, intent) for c in entry.get("checks") or []),
            countermeasures=_lines(
                entry.get("countermeasures") or [], f"{intent}.countermeasures", 3
            ),
            questions=_lines(entry.get("questions") or [], f"{intent}.questions", 1),
            say=entry["say"].strip(),
            rule=(entry.get("rule") or "").strip() or None,
            rubric=_criteria(entry.get("rubric") or [], f"{intent}.rubric"),
            debtor=_debtor(entry.get("roleplay"), intent),
        )
    if not excuses:
        raise PlaybookError("playbook.yml lists no excuses")
    verdict = data.get("verdict") or {}
    return Playbook(
        excuses=excuses,
        principles=tuple(data.get("principles") or ()),
        common_checks=tuple(_check(c, "common_checks") for c in data.get("common_checks") or []),
        large_segments=frozenset(s.lower() for s in data.get("large_segments") or ()),
        true_at=int(verdict.get("true_at", 2)),
        excuse_at=int(verdict.get("excuse_at", -2)),
        classes=_classes(data),
        warning_signs=_signs(data),
        levers=_levers(data),
        escalation=_text(data, "escalation", "playbook"),
        promise_next_step=_text(data, "promise_next_step", "playbook"),
        roleplay=_roleplay(data.get("roleplay")),
    )


@lru_cache(maxsize=4)
def load(path: Path = DEFAULT_PATH) -> Playbook:
    """The playbook, parsed once per process (it changes only with a deploy)."""
    with Path(path).open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle) or {})
