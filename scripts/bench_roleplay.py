"""The role-play part of `make bench`: how well and how fast the answer judge reads replies.

- Agreement with the blind labelled answers' held-out part (tests/roleplay/labelled: a third,
  fixed by a hash of each id, that the judge never learnt from and that chose no setting), per
  language, with the strong-minus-trap
  and strong-minus-weak margins of the share of checks met.
- Criterion decisions on tests/roleplay/heldout.yml, English replies labelled by hand with the
  criteria they meet and the rules they break (written for the cue judge this one replaced).
- Milliseconds per reply, judged as role-play judges it (the shared, fitted judge).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook
from dunning_coach.training import judge_agreement, labelled_answers, roleplay, rubric, shared_judge
from dunning_coach.training.answer_checks import CONDUCT

LABELLED = ROOT / "tests" / "roleplay" / "labelled"
HELDOUT = ROOT / "tests" / "roleplay" / "heldout.yml"


def _criteria_said(judge, criteria, reply: str) -> set[str]:
    """Criteria one reply meets (at least half their checks) or breaks; a criterion of conduct
    checks only is reported when broken, as the labels do."""
    findings = judge.judge(reply, Language.EN, rubric.check_ids(criteria))
    standing = rubric.update(rubric.Standing(), *roleplay.met_and_broken(findings), CONDUCT)
    met = rubric.criteria_met(criteria, standing)
    said = {c.id for c in criteria if c.id in met and not set(c.answer_checks) <= CONDUCT}
    return said | {c.id for c in criteria if set(c.answer_checks) & standing.broken}


def judge_accuracy() -> dict:
    book = playbook.load()
    judge = shared_judge.shared()
    answers = labelled_answers.load(LABELLED)
    timings = []
    for a in answers:
        started = time.perf_counter()
        judge.judge(a.answer, a.language, book.answer_checks(a.excuse))
        timings.append(1000 * (time.perf_counter() - started))
    score = judge_agreement.agreement(answers, judge.judge, book.answer_checks)
    cases = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    right = decisions = exact = 0
    errors = []
    for case in cases:
        criteria = book.rubric(case["excuse"])
        said = _criteria_said(judge, criteria, case["reply"])
        expected = set(case.get("meets") or []) | set(case.get("breaks") or [])
        exact += said == expected
        for c in criteria:
            decisions += 1
            right += (c.id in said) == (c.id in expected)
            if (c.id in said) != (c.id in expected):
                errors.append(
                    f"{'extra' if c.id in said else 'missed'} {c.id}: {case['reply'][:50]}"
                )
    return {
        "labelled_held_out": len(answers),
        "agreement": score.overall,
        "by_language": {k.value: v for k, v in score.by_language.items()},
        "strong_minus_trap": {k.value: v for k, v in score.strong_minus_trap.items()},
        "strong_minus_weak": {k.value: v for k, v in score.strong_minus_weak.items()},
        "quotes_overlap": score.quotes_overlap,
        "replies": len(cases),
        "decisions": decisions,
        "accuracy": right / decisions,
        "replies_all_right": exact / len(cases),
        "errors": errors,
        "judge_ms_p50": statistics.median(timings),
        "judge_ms_p95": statistics.quantiles(timings, n=20)[-1],
    }


def report(result: dict) -> None:
    print(
        f"Answer judge on {result['labelled_held_out']} held-out labelled answers: check agreement"
        f" {result['agreement']:.3f} ("
        + ", ".join(f"{k} {v:.3f}" for k, v in result["by_language"].items())
        + "); strong minus trap "
        + ", ".join(f"{k} {v:+.2f}" for k, v in result["strong_minus_trap"].items())
        + "; strong minus weak "
        + ", ".join(f"{k} {v:+.2f}" for k, v in result["strong_minus_weak"].items())
        + (
            f"; the judge's quote shares words with the writer's on {result['quotes_overlap']:.0%}"
            " of the quoted checks both find met"
            if result["quotes_overlap"] is not None
            else ""
        )
    )
    print(
        f"Criterion decisions on {result['replies']} hand-labelled English replies "
        f"({result['decisions']}): accuracy {result['accuracy']:.3f}; every criterion right on "
        f"{result['replies_all_right']:.0%} of replies; judge {result['judge_ms_p50']:.1f} ms "
        f"p50, {result['judge_ms_p95']:.1f} ms p95 per reply"
    )
    for error in result["errors"]:
        print(f"  {error}")


if __name__ == "__main__":
    report(judge_accuracy())
