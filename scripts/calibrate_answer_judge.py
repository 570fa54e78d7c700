"""Choose the answer judge's settings on the labelled answers it learns from, then measure.

    PYTHONPATH=$PWD .venv/bin/python scripts/calibrate_answer_judge.py [--held-out]

The judge learns from answer_checks/labelled, so its settings are chosen by 5-fold
cross-validation there: each fold is judged by a judge fitted without it. In turn: the fitting
weights and the shared thresholds, then each language's threshold, then each check's shift of
it (scored exactly on the same folds at the end). Those folds chose them, so their gain over the
settings shipped is partly chance: the chosen settings replace the shipped ones, all or none, only
if they agree with more of the labels (SPLIT_GAIN) on average over SPLITS splits of the same
answers into folds, that one and others.
The held-out answers (tests/roleplay/labelled) never choose anything: with --held-out they are
scored once, with the settings kept, by the judge fitted on all of answer_checks/labelled;
`make test` gates on them. Copy the settings kept into `JudgeSettings` in
dunning_coach/training/answer_judge.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from dunning_coach.language.languages import Language
from dunning_coach.nlu import sentence_encoder
from dunning_coach.playbook import playbook as playbook_file
from dunning_coach.training import answer_checks, judge_agreement, labelled_answers, shared_judge
from dunning_coach.training.answer_judge import (
    FITTING_SETTINGS,
    SETTINGS,
    AnswerJudge,
    CheckResult,
    JudgeSettings,
    TaughtAnswer,
    shifts_threshold,
)
from dunning_coach.training.labelled_answers import LabelledAnswer

HELD_OUT = Path(__file__).resolve().parents[1] / "tests" / "roleplay" / "labelled"
FOLDS = 5
# How many more of a check's learnt answers its own shift of the threshold must agree with
# than no shift, to be kept: with 75 checks and a few shifts each, gains of an answer or two
# come by chance.
SHIFT_GAIN = 3
# Splits of the learnt answers into folds, the first the one that chooses, on which the chosen
# settings must agree with at least SPLIT_GAIN more of the labels' check decisions on average
# than those shipped, to replace them. One split's gain is an estimate from the folds that chose:
# the settings chosen once set L was learnt agreed with 16 more of the labels' 27,147 decisions than
# those shipped, and on the next two splits with 7 more and 18 fewer.
SPLITS = 3
SPLIT_GAIN = 10


def fold(answer: LabelledAnswer, split: int = 0) -> int:
    """The fold of `answer` in one split of the learnt answers (0: the split that chooses)."""
    # Split 0 keeps the key every fold was drawn with before there were other splits, so that
    # earlier results stay reproducible.
    key = f"fold{split}:" if split else "fold:"
    return hashlib.sha1(f"{key}{answer.id}".encode()).digest()[0] % FOLDS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--c", type=float, nargs="+", default=[3.0])
    parser.add_argument("--answer-weight", type=float, nargs="+", default=[SETTINGS.answer_weight])
    parser.add_argument(
        "--threshold", type=float, nargs="+", default=list(np.arange(0.4, 0.96, 0.05))
    )
    parser.add_argument("--conduct", type=float, nargs="+", default=[0.8, 0.9, 0.95, 0.97, 0.99])
    parser.add_argument("--met-weight", type=float, nargs="+", default=[SETTINGS.met_weight])
    parser.add_argument("--chars-weight", type=float, nargs="+", default=[SETTINGS.chars_weight])
    parser.add_argument("--broken-weight", type=float, nargs="+", default=[SETTINGS.broken_weight])
    parser.add_argument("--demand", type=float, nargs="+", default=[0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    parser.add_argument(
        "--shift",
        type=float,
        nargs="*",
        default=[-0.2, -0.15, -0.1, -0.05, 0.05, 0.1, 0.15, 0.2],
        help="each check's shifts of its language's threshold to try",
    )
    parser.add_argument("--held-out", action="store_true", help="then score the held-out part")
    parser.add_argument(
        "--splits",
        type=int,
        default=SPLITS,
        help="fold splits the chosen settings must beat those shipped on (0: keep them unchecked)",
    )
    args = parser.parse_args()
    playbook = playbook_file.load()
    book = answer_checks.load()
    training = labelled_answers.load(labelled_answers.TRAINING)
    cache: dict[str, np.ndarray] = {}

    def encode(texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            cache.update(zip(missing, sentence_encoder.encode(missing)))
        if not texts:
            return np.zeros((0, sentence_encoder.DIMENSIONS), np.float32)
        return np.stack([cache[t] for t in texts])

    taught = dict(zip((a.id for a in training), shared_judge.taught_answers()))
    print(f"{len(training)} labelled answers to learn from, in {FOLDS} folds")
    # Each answer's findings under each setting, from the judge fitted without its fold, keyed
    # by the judge's settings (no language's own threshold yet).
    found: dict[JudgeSettings, dict[str, Mapping[str, CheckResult]]] = {}
    # Each fold's fitted judge, by the settings it was fitted with, and which those were for
    # each key of `found`: the thresholds chosen last are scored on the same fits.
    fits: dict[tuple[JudgeSettings, int], AnswerJudge] = {}
    fitted_with: dict[JudgeSettings, JudgeSettings] = {}
    thresholds = [round(float(t), 2) for t in args.threshold]
    for c, weight, met, chars, broken in itertools.product(
        args.c, args.answer_weight, args.met_weight, args.chars_weight, args.broken_weight
    ):
        settings = JudgeSettings(
            c=c, answer_weight=weight, met_weight=met, chars_weight=chars, broken_weight=broken
        )
        for k in range(FOLDS):
            rest = [taught[a.id] for a in training if fold(a) != k]
            fitted = fits[(settings, k)] = AnswerJudge.fit(book, encode, settings, rest)
            for threshold, conduct, demand in itertools.product(
                thresholds, args.conduct, args.demand
            ):
                judge = fitted.with_settings(
                    dataclasses.replace(
                        settings,
                        threshold=threshold,
                        conduct_threshold=conduct,
                        demand_threshold=demand,
                        by_language=(),
                        by_check=(),
                    )
                )
                judged = found.setdefault(judge.settings, {})
                fitted_with[judge.settings] = settings
                for a in training:
                    if fold(a) == k:
                        judged[a.id] = judge.judge(
                            a.answer, a.language, playbook.answer_checks(a.excuse)
                        )
        print(
            f"  c={c} answer_weight={weight} met_weight={met} chars_weight={chars} "
            f"broken_weight={broken}: folds fitted",
            flush=True,
        )

    def score(key: JudgeSettings, answers: Sequence[LabelledAnswer]) -> float:
        return agreement_of(found[key], answers, playbook).overall

    best = max(found, key=lambda key: score(key, training))
    print(f"\nchosen ({score(best, training):.3f}): {best}")
    # Then each language's own threshold, on its own answers; a tie keeps the one closest to the
    # shared threshold.
    own = []
    mixed: dict[str, Mapping[str, CheckResult]] = {}
    for language in Language:
        mine = [a for a in training if a.language is language]
        t = max(
            thresholds,
            key=lambda t: (
                score(dataclasses.replace(best, threshold=t), mine),
                -abs(t - best.threshold),
            ),
        )
        own.append((language.value, t))
        mixed.update({a.id: found[dataclasses.replace(best, threshold=t)][a.id] for a in mine})
    by_language = dataclasses.replace(best, by_language=tuple(own))
    print(f"with each language's own threshold: {by_language}")
    report("cross-validated", agreement_of(mixed, training, playbook))
    chosen = dataclasses.replace(
        by_language, by_check=check_shifts(found, by_language, training, playbook, args.shift)
    )
    print(f"\nwith each check's own shift: {chosen}")
    exact: dict[str, Mapping[str, CheckResult]] = {}
    for k in range(FOLDS):
        judge = fits[(fitted_with[best], k)].with_settings(chosen)
        for a in training:
            if fold(a) == k:
                exact[a.id] = judge.judge(a.answer, a.language, playbook.answer_checks(a.excuse))
    report("cross-validated, each check's shift too", agreement_of(exact, training, playbook))
    first_fits = {(fitting(s), k): judge for (s, k), judge in fits.items()}
    chosen = kept_settings(
        chosen, SETTINGS, args.splits, book, encode, training, taught, playbook, first_fits, exact
    )
    if args.held_out:
        held = labelled_answers.load(HELD_OUT)
        judge = AnswerJudge.fit(book, encode, chosen, list(taught.values()))
        report(
            f"held out ({len(held)} answers)",
            judge_agreement.agreement(held, judge.judge, playbook.answer_checks),
        )
    print("\nsettings:", dataclasses.asdict(chosen))


def fitting(settings: JudgeSettings) -> tuple[float, ...]:
    """The settings a fit depends on: settings alike in these are read from the same fit."""
    return tuple(getattr(settings, f) for f in FITTING_SETTINGS)


def kept_settings(
    chosen: JudgeSettings,
    shipped: JudgeSettings,
    splits: int,
    book: Mapping[Language, answer_checks.LanguageChecks],
    encode: Callable[[Sequence[str]], np.ndarray],
    training: Sequence[LabelledAnswer],
    taught: Mapping[str, TaughtAnswer],
    playbook: playbook_file.Playbook,
    first_fits: Mapping[tuple[tuple[float, ...], int], AnswerJudge],
    first_found: Mapping[str, Mapping[str, CheckResult]],
) -> JudgeSettings:
    """`chosen` if it agrees with at least SPLIT_GAIN more of the labels' check decisions than
    `shipped` on average over `splits` splits of the learnt answers into folds, else `shipped`:
    all of them or none. `first_fits` are split 0's, by fitting settings and fold, and
    `first_found` the findings of `chosen` on it, by answer; `splits` below 1 keeps `chosen`
    unchecked."""
    if chosen == shipped or splits < 1:
        return chosen
    agreed: dict[JudgeSettings, int] = {chosen: 0, shipped: 0}
    decisions = sum(len(playbook.answer_checks(a.excuse)) for a in training)
    for split in range(splits):
        found: dict[JudgeSettings, dict[str, Mapping[str, CheckResult]]] = {c: {} for c in agreed}
        judging = list(agreed)
        if not split:
            found[chosen] = dict(first_found)  # judged already, on the fits that chose it
            judging.remove(chosen)
        for k in range(FOLDS):
            rest = [taught[a.id] for a in training if fold(a, split) != k]
            fitted = {key: j for (key, n), j in first_fits.items() if n == k} if not split else {}
            for settings in judging:
                if fitting(settings) not in fitted:
                    fitted[fitting(settings)] = AnswerJudge.fit(book, encode, settings, rest)
                judge = fitted[fitting(settings)].with_settings(settings)
                for a in training:
                    if fold(a, split) == k:
                        checks = playbook.answer_checks(a.excuse)
                        found[settings][a.id] = judge.judge(a.answer, a.language, checks)
        scores = {c: agreement_of(found[c], training, playbook).overall for c in agreed}
        for settings, score in scores.items():
            agreed[settings] += round(score * decisions)  # share agreed × decisions: a count
        print(f"split {split}: chosen {scores[chosen]:.4f}, shipped {scores[shipped]:.4f}")
    gain = (agreed[chosen] - agreed[shipped]) / splits
    kept = chosen if gain >= SPLIT_GAIN else shipped
    print(
        f"on {splits} splits, the chosen settings agree with {gain:+.1f} of {decisions} "
        f"decisions on average against those shipped: keeping the "
        f"{'chosen' if kept is chosen else 'shipped'} settings",
        flush=True,
    )
    return kept


def check_shifts(
    found: Mapping[JudgeSettings, Mapping[str, Mapping[str, CheckResult]]],
    chosen: JudgeSettings,
    training: Sequence[LabelledAnswer],
    playbook: playbook_file.Playbook,
    shifts: Sequence[float],
) -> tuple[tuple[str, float], ...]:
    """Each check's shift of its language's threshold: the one agreeing with the most more of
    the check's answers than no shift, kept only where that is at least SHIFT_GAIN (a tie keeps
    the smaller shift, then the lower). A shift that takes a language's threshold off the grid
    searched is compared on the other languages' answers only, against no shift on the same
    answers. A check's finding at another threshold is read from `found`; two rules read other
    checks (an answer meeting nothing else does not keep the demand, and a check met by others
    together, MET_BY_OTHERS, moves with their shifts), so the choice is close, not exact, and
    the script then scores the shifts chosen exactly."""
    by_language = dict(chosen.by_language)

    def at(shift: float) -> dict[str, Mapping[str, CheckResult]]:
        mix: dict[str, Mapping[str, CheckResult]] = {}
        for a in training:
            t = round(by_language[a.language.value] + shift, 2)
            key = dataclasses.replace(chosen, threshold=t, by_language=())
            if key in found:
                mix[a.id] = found[key][a.id]
        return mix

    unshifted = at(0.0)
    gains: dict[float, Counter[str]] = {}
    for shift in sorted(set(shifts) - {0.0}):
        mix = at(shift)
        gained: Counter[str] = Counter()
        for a in training:
            if a.id not in mix:
                continue
            for check in playbook.answer_checks(a.excuse):
                label = check in a.met
                gained[check] += (mix[a.id][check].met == label) - (
                    unshifted[a.id][check].met == label
                )
        gains[shift] = gained
    kept = []
    checks = {c for a in training for c in playbook.answer_checks(a.excuse)}
    for check in sorted(c for c in checks if shifts_threshold(c)):
        shift = max(gains, key=lambda s: (gains[s][check], -abs(s), -s))
        if gains[shift][check] >= SHIFT_GAIN:
            kept.append((check, shift))
    return tuple(kept)


def agreement_of(
    found: Mapping[str, Mapping[str, CheckResult]],
    answers: Sequence[LabelledAnswer],
    playbook: playbook_file.Playbook,
) -> judge_agreement.Agreement:
    by_text = {(a.answer, a.language): a.id for a in answers}
    return judge_agreement.agreement(
        answers,
        lambda text, language, _checks: found[by_text[(text, language)]],
        playbook.answer_checks,
    )


def report(name: str, score: judge_agreement.Agreement) -> None:
    below = sorted((v, k) for k, v in score.by_check.items() if v < 0.9)
    print(
        f"\n{name}: agreement {score.overall:.3f};"
        f" {len(below)} of {len(score.by_check)} checks below 0.90"
    )
    for language in score.by_language:
        print(
            f"  {language.value:8s} agreement {score.by_language[language]:.3f}"
            f"  strong-trap {score.strong_minus_trap[language]:+.2f}"
            f"  strong-weak {score.strong_minus_weak[language]:+.2f}"
            f"  strong answers' share met {score.strong_share.get(language, 0):.2f}"
        )
    print("  weakest checks: " + ", ".join(f"{k} {v:.3f}" for v, k in below[:12]))
    if score.quotes_overlap is not None:
        print(f"  the judge's quote shares words with the writer's: {score.quotes_overlap:.2f}")


if __name__ == "__main__":
    main()
