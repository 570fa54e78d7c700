"""The answer judge against the blind labelled answers: the held-out part (tests/roleplay/labelled)
decides nothing and must agree with the labels; the part the judge learns from
(answer_checks/labelled) never holds a held-out answer; both mix every kind."""

from collections import Counter
from pathlib import Path

import pytest

from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook
from dunning_coach.training import answer_checks, judge_agreement, labelled_answers, shared_judge
from dunning_coach.training.answer_judge import CheckResult

HELD_OUT = Path(__file__).resolve().parents[2] / "roleplay" / "labelled"
PLAYBOOK = playbook.load()
HELD = labelled_answers.load(HELD_OUT)
TAUGHT = labelled_answers.load(labelled_answers.TRAINING)
ANSWERS = HELD + TAUGHT
MIN_AGREEMENT = 0.85  # issue 26: `make test` fails below this on the held-out part
MIN_MARGIN = 0.25  # strong answers meet this share of checks more than traps and weak ones


def test_every_language_has_labelled_answers_of_every_kind_with_known_checks():
    known = set(answer_checks.load()[Language.EN].checks)
    for language in Language:
        mine = [a for a in ANSWERS if a.language is language]
        assert len(mine) >= 40, language
        for part in (HELD, TAUGHT):
            kinds = {a.kind for a in part if a.language is language}
            assert kinds == set(labelled_answers.KINDS), language
        for answer in mine:
            assert answer.met <= set(PLAYBOOK.answer_checks(answer.excuse)) <= known, answer.id


def test_the_held_out_part_is_a_fixed_third_of_every_kind_and_never_taught():
    assert all(a.held_out for a in HELD) and not any(a.held_out for a in TAUGHT)
    assert not {a.id for a in HELD} & {a.id for a in TAUGHT}
    assert not {a.answer for a in HELD} & {a.answer for a in TAUGHT}
    taught = {t.answer for t in shared_judge.taught_answers()}
    assert taught == {a.answer for a in TAUGHT} and not taught & {a.answer for a in HELD}
    assert 0.25 < len(HELD) / len(ANSWERS) < 0.42
    kinds = Counter(a.kind for a in HELD)
    assert all(kinds[k] >= 3 for k in labelled_answers.KINDS)


def test_no_answer_is_written_twice():
    # Two writers once wrote the same Korean sentence: learnt twice it weighs double, and the
    # calibration, which finds an answer's findings by its text, scored one with the other's.
    seen: dict[tuple[Language, str], str] = {}
    for a in ANSWERS:
        text = (a.language, " ".join(a.answer.split()))
        assert text not in seen, f"{a.id} repeats {seen[text]}"
        seen[text] = a.id


def test_every_met_check_but_sums_days_and_conduct_is_quoted_in_both_parts():
    # The judge learns a met check from the piece holding its quote, and the quote measure reads
    # every held-out one: an answer added without its quotes would quietly weaken both.
    unquoted = [
        (a.id, check)
        for a in ANSWERS
        for check in sorted(
            a.met - answer_checks.CONDUCT - {answer_checks.AMOUNT_CHECK, answer_checks.DAY_CHECK}
        )
        if check not in dict(a.quotes)
    ]
    assert not unquoted


def test_agreement_counts_each_check_and_the_margins_by_kind():
    answers = [a for a in ANSWERS if a.language is Language.EN][:8]

    def says_labels(text, language, checks):  # a judge that repeats the labels agrees fully
        labels = next(a.met for a in answers if a.answer == text)
        return {c: CheckResult(c, c in labels) for c in checks}

    score = judge_agreement.agreement(answers, says_labels, PLAYBOOK.answer_checks)
    assert score.overall == 1.0
    assert set(score.by_check) == {c for a in answers for c in PLAYBOOK.answer_checks(a.excuse)}
    # Repeating the labels, strong answers meet more of their checks than traps and weak ones.
    assert score.strong_minus_trap[Language.EN] > 0 and score.strong_minus_weak[Language.EN] > 0

    def meets_nothing(text, language, checks):
        return {c: CheckResult(c, False) for c in checks}

    nothing = judge_agreement.agreement(answers, meets_nothing, PLAYBOOK.answer_checks)
    assert nothing.overall < 1.0
    assert nothing.strong_minus_trap[Language.EN] == 0 == nothing.strong_minus_weak[Language.EN]


def test_the_judges_quote_is_checked_against_the_writers_words():
    answer = labelled_answers.LabelledAnswer(
        "en-q1",
        Language.EN,
        "excuse_cheque_mailed",
        "partial",
        "What's the cheque number? Thanks a lot",
        frozenset({"asks_cheque_number"}),
        (("asks_cheque_number", "the cheque number"),),
    )

    def quoting(words: str | None, met: bool = True):
        def judge(text, language, checks):
            return {c: CheckResult(c, met and c == "asks_cheque_number", words) for c in checks}

        return judge

    def overlap(words: str | None, met: bool = True) -> float | None:
        score = judge_agreement.agreement([answer], quoting(words, met), PLAYBOOK.answer_checks)
        return score.quotes_overlap

    assert overlap("What's the cheque number") == 1.0
    assert overlap("cheque number? Thanks") == 1.0  # holds most of the writer's words
    assert overlap("What's the") == 0.0  # a few characters of them are not enough
    assert overlap("Thanks a lot") == 0.0
    assert overlap(None) == 0.0
    assert overlap("What's the cheque number", met=False) is None  # a miss is scored elsewhere


@pytest.fixture(scope="module")
def held_out_score():
    judge = shared_judge.shared()
    return judge_agreement.agreement(HELD, judge.judge, PLAYBOOK.answer_checks)


def test_the_judge_agrees_with_the_held_out_labels(held_out_score):
    assert held_out_score.overall >= MIN_AGREEMENT, held_out_score.by_language


def test_strong_answers_beat_traps_and_weak_ones_in_every_language(held_out_score):
    for language in Language:
        assert held_out_score.strong_minus_trap[language] >= MIN_MARGIN, language
        assert held_out_score.strong_minus_weak[language] >= MIN_MARGIN, language
