"""nlu/evaluation.py: macro-F1 and the costliest confusions, as the held-out gate reads them."""

from __future__ import annotations

import pytest

from dunning_coach.nlu.evaluation import score


def test_macro_f1_averages_each_gold_intent_and_counts_fallbacks_as_misses():
    gold = ["a", "a", "b", "b"]
    predicted = ["a", "nlu_fallback", "b", "a"]
    scores = score(gold, predicted)
    assert scores.accuracy == 0.5
    assert scores.per_intent_f1 == {"a": pytest.approx(0.5), "b": pytest.approx(2 / 3)}
    assert scores.macro_f1 == pytest.approx((0.5 + 2 / 3) / 2)
    assert scores.confusions == [("a", "nlu_fallback", 1), ("b", "a", 1)]


def test_the_most_frequent_confusion_comes_first():
    scores = score(["a", "a", "a", "b"], ["b", "b", "c", "b"])
    assert scores.confusions[0] == ("a", "b", 2)


@pytest.mark.parametrize("gold, predicted", [([], []), (["a"], ["a", "b"])])
def test_mismatched_or_empty_lists_are_refused(gold, predicted):
    with pytest.raises(ValueError, match="as many predictions"):
        score(gold, predicted)


def test_accuracy_by_family_groups_excuses_signs_and_the_rest():
    from dunning_coach.nlu.evaluation import accuracy_by_family

    gold = ["excuse_a", "excuse_b", "sign_moving", "greet"]
    predicted = ["excuse_a", "excuse_a", "sign_moving", "nlu_fallback"]
    assert accuracy_by_family(gold, predicted) == {
        "excuses": (2, 0.5),
        "requests and conversation": (1, 0.0),
        "warning signs": (1, 1.0),
    }
