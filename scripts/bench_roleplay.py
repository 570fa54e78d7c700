"""The role-play part of `make bench`: how well and how fast the rubric judge reads replies.

Accuracy is measured on tests/roleplay/heldout.yml, hand-labelled replies no cue was tuned on:
every (reply, criterion) pair is one decision, met or not (for rules to avoid: broken or not).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dunning_coach.common import playbook
from dunning_coach.training import rubric

HELDOUT = ROOT / "tests" / "roleplay" / "heldout.yml"
CUSTOMER = {"approver": "Ada Park (finance)", "signatory": "Leo Grant", "terms_days": "30"}
TODAY = dt.date(2026, 11, 23)


def judge_accuracy() -> dict:
    book = playbook.load()
    cases = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    tp = fp = fn = tn = exact = 0
    errors = []
    started = time.perf_counter()
    for case in cases:
        criteria = book.rubric(case["excuse"])
        judged = rubric.judge(rubric.read(case["reply"], [], TODAY), criteria, CUSTOMER)
        said = judged.met | judged.violated
        expected = set(case.get("meets") or []) | set(case.get("breaks") or [])
        exact += said == expected
        for c in criteria:
            got, want = c.id in said, c.id in expected
            tp += got and want
            fp += got and not want
            fn += want and not got
            tn += not got and not want
            if got != want:
                errors.append(f"{'extra' if got else 'missed'} {c.id}: {case['reply'][:50]}")
    elapsed = time.perf_counter() - started
    decisions = tp + fp + fn + tn
    return {
        "replies": len(cases),
        "decisions": decisions,
        "accuracy": (tp + tn) / decisions,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "replies_all_right": exact / len(cases),
        "errors": errors,
        "judge_ms_per_reply": 1000 * elapsed / len(cases),
    }


def report(result: dict) -> None:
    print(
        f"Role-play judge on {result['replies']} held-out replies ({result['decisions']} "
        f"criterion decisions): accuracy {result['accuracy']:.3f}, precision "
        f"{result['precision']:.3f}, recall {result['recall']:.3f}; every criterion right on "
        f"{result['replies_all_right']:.0%} of replies; {result['judge_ms_per_reply']:.2f} ms "
        f"per reply"
    )
    for error in result["errors"]:
        print(f"  {error}")


if __name__ == "__main__":
    report(judge_accuracy())
