"""Choose the answer judge's settings on the labelled answers' calibration part, then measure.

    PYTHONPATH=$PWD .venv/bin/python scripts/calibrate_answer_judge.py

The held-out part (a third of tests/roleplay/labelled, fixed by a hash of each id) never
chooses anything: it is scored once, with the settings chosen, and `make test` gates on it.
Copy the chosen settings into `JudgeSettings` in dunning_coach/training/answer_judge.py.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np

from dunning_coach.common import playbook as playbook_file
from dunning_coach.nlu import sentence_encoder
from dunning_coach.training import answer_checks, judge_agreement
from dunning_coach.training.answer_judge import AnswerJudge, JudgeSettings

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "roleplay" / "labelled"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--c", type=float, nargs="+", default=[0.3, 1.0, 3.0])
    parser.add_argument(
        "--threshold", type=float, nargs="+", default=list(np.arange(0.4, 0.81, 0.05))
    )
    parser.add_argument("--conduct", type=float, nargs="+", default=[0.5, 0.7, 0.9])
    # The labelled answers do not tell demand thresholds apart (0.3 to 0.6 all within 0.001 on
    # calibration, round 3), so it stays where the judge's own tests of a plain demand ("pay
    # 4,860 euros by Friday", in every language) and of small talk ("lovely weather today") pass.
    parser.add_argument("--demand", type=float, nargs="+", default=[0.4])
    parser.add_argument("--held-out", action="store_true", help="also score the held-out part")
    parser.add_argument(
        "--per-language", action="store_true", help="then choose each language's own threshold"
    )
    args = parser.parse_args()
    playbook = playbook_file.load()
    book = answer_checks.load()
    answers = judge_agreement.load(LABELLED)
    calibration = [a for a in answers if not a.held_out]
    held_out = [a for a in answers if a.held_out]
    cache: dict[str, np.ndarray] = {}

    def encode(texts):
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            cache.update(zip(missing, sentence_encoder.encode(missing)))
        return np.stack([cache[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)

    print(f"{len(calibration)} calibration answers, {len(held_out)} held out")
    results = []
    for c in args.c:
        fitted = AnswerJudge.fit(book, encode, JudgeSettings(c=c))
        grid = itertools.product(args.threshold, args.conduct, args.demand)
        for threshold, conduct, demand in grid:
            judge = fitted.with_thresholds(round(threshold, 2), conduct, demand)
            score = judge_agreement.agreement(calibration, judge.judge, playbook.answer_checks)
            results.append((score.overall, judge))
            print(f"  {judge.settings}: {score.overall:.3f}")
    best, chosen = max(results, key=lambda r: r[0])
    print(f"\nchosen on calibration ({best:.3f}): {chosen.settings}")
    if args.per_language:
        # Then each language's own threshold, on its own calibration answers; a tie keeps the
        # threshold closest to the shared one.
        s = chosen.settings
        own = []
        for language in sorted({a.language for a in calibration}, key=lambda x: x.value):
            mine = [a for a in calibration if a.language is language]
            scored = []
            for threshold in args.threshold:
                t = round(threshold, 2)
                trial = chosen.with_thresholds(
                    s.threshold, s.conduct_threshold, s.demand_threshold, ((language.value, t),)
                )
                agreed = judge_agreement.agreement(mine, trial.judge, playbook.answer_checks)
                scored.append((agreed.overall, -abs(t - s.threshold), t))
            own.append((language.value, max(scored)[2]))
        chosen = chosen.with_thresholds(
            s.threshold, s.conduct_threshold, s.demand_threshold, tuple(own)
        )
        best = judge_agreement.agreement(calibration, chosen.judge, playbook.answer_checks).overall
        print(f"with each language's own threshold ({best:.3f}): {chosen.settings}")
    parts = [("calibration", calibration)] + ([("held out", held_out)] if args.held_out else [])
    for name, part in parts:
        score = judge_agreement.agreement(part, chosen.judge, playbook.answer_checks)
        print(f"\n{name}: agreement {score.overall:.3f}")
        for language in score.by_language:
            print(
                f"  {language.value:8s} agreement {score.by_language[language]:.3f}"
                f"  strong-trap {score.strong_minus_trap[language]:+.2f}"
                f"  strong-weak {score.strong_minus_weak[language]:+.2f}"
                f"  strong answers' share met {score.strong_share.get(language, 0):.2f}"
            )
        worst = sorted(score.by_check.items(), key=lambda kv: kv[1])[:10]
        print("  weakest checks: " + ", ".join(f"{k} {v:.2f}" for k, v in worst))


if __name__ == "__main__":
    main()
