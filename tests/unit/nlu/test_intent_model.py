"""The linear intent model: blocks weighted alike, probabilities, and storage as plain arrays."""

import numpy as np
import pytest
import scipy.sparse as sp

from dunning_coach.nlu.intent_model import IntentModel

LABELS = ["cheque", "cheque", "cash", "cash", "greet", "greet"]


def blocks(rows: int = 6, scale: float = 1.0):
    counts = sp.csr_matrix(
        np.array(
            [[3, 0, 0], [2, 0, 1], [0, 4, 0], [0, 1, 0], [0, 0, 5], [1, 0, 2]][:rows],
            dtype=np.float32,
        )
        * scale
    )
    dense = np.eye(6, 4, dtype=np.float32)[:rows]
    return [counts, dense]


def test_probabilities_are_a_distribution_over_the_intents():
    model = IntentModel.fit(blocks(), LABELS, c=10)
    probabilities = model.probabilities(blocks())
    assert model.intents == ("cash", "cheque", "greet")
    assert probabilities.shape == (6, 3)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert [model.intents[i] for i in probabilities.argmax(axis=1)] == LABELS


def test_a_block_counts_by_direction_not_size():
    # Ten times the counts: the same unit-length rows, the same model.
    small, large = (
        IntentModel.fit(blocks(), LABELS, c=10),
        IntentModel.fit(blocks(scale=10), LABELS, c=10),
    )
    assert np.allclose(
        small.probabilities(blocks()), large.probabilities(blocks(scale=10)), atol=1e-4
    )


def test_sparse_weight_changes_how_much_the_n_grams_count():
    full = IntentModel.fit(blocks(), LABELS, c=10, sparse_weight=1.0)
    half = IntentModel.fit(blocks(), LABELS, c=10, sparse_weight=0.5)
    assert not np.allclose(full.weights[:, :3], half.weights[:, :3])


def test_stored_as_arrays_it_predicts_the_same():
    model = IntentModel.fit(blocks(), LABELS, c=10, sparse_weight=0.5)
    arrays = model.to_arrays()
    assert all(a.dtype != object for a in arrays.values())  # nothing that needs pickle
    again = IntentModel.from_arrays(arrays)
    assert again.intents == model.intents and again.sparse_weight == 0.5
    assert np.allclose(again.probabilities(blocks()), model.probabilities(blocks()))


def test_blocks_of_the_wrong_shape_are_refused():
    model = IntentModel.fit(blocks(), LABELS, c=10)
    with pytest.raises(ValueError, match="expected 2 feature blocks"):
        model.probabilities(blocks()[:1])
    with pytest.raises(ValueError, match="columns"):
        model.probabilities([sp.csr_matrix(np.ones((1, 5))), np.ones((1, 4))])


def test_scoring_block_by_block_is_the_training_matrix_times_the_weights():
    from dunning_coach.nlu.intent_model import _design

    model = IntentModel.fit(blocks(), LABELS, c=10, sparse_weight=0.5)
    scores = np.asarray(_design(blocks(), model.idf, 0.5) @ model.weights.T) + model.bias
    expected = np.exp(scores - scores.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    assert np.allclose(model.probabilities(blocks()), expected, atol=1e-6)


def test_a_message_with_no_known_n_gram_still_gets_a_distribution():
    model = IntentModel.fit(blocks(), LABELS, c=10)
    empty = [sp.csr_matrix((1, 3), dtype=np.float32), np.zeros((1, 4), dtype=np.float32)]
    assert np.allclose(model.probabilities(empty).sum(), 1.0)
