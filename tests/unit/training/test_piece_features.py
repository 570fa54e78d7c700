"""A piece's features: the encoder's vector first, then its character n-grams, hashed the same way
in every process and weighed by the setting."""

import os
import subprocess
import sys

import numpy as np
import pytest

from dunning_coach.training import piece_features


def _encoder(texts):
    """A stand-in encoder of two dimensions: the text's length and 1."""
    return np.array([[len(t), 1.0] for t in texts], np.float32)


def test_the_encoders_vector_comes_first_and_the_ngrams_after():
    rows = piece_features.features(["pay it the day he is back"], _encoder, 0.5).toarray()
    assert rows.shape == (1, 2 + piece_features.COLUMNS)
    assert rows[0, :2].tolist() == [25.0, 1.0]
    grams = rows[0, 2:]
    assert (grams > 0).sum() > 10
    assert np.linalg.norm(grams) == pytest.approx(0.5)  # unit length, times the weight


def test_the_same_words_give_the_same_columns_and_others_differ():
    first, again, other = piece_features.features(
        ["오늘 입금해 주세요", "오늘 입금해 주세요", "언제 돌아오세요"], _encoder, 1.0
    ).toarray()
    assert np.array_equal(first, again)
    assert not np.array_equal(first[2:], other[2:])


def test_pieces_sharing_words_share_some_ngrams_and_not_others():
    """ "pay it the day he is back" and "when is he back" share "he is back", not "pay"."""
    asks, pays = piece_features.ngrams(["when is he back", "pay it the day he is back"]).toarray()
    assert 0.2 < float(asks @ pays) < 0.8


def test_the_columns_are_the_same_in_another_process():
    """Python salts `hash` per process; a judge fitted in one process is used in another."""
    text = "请周五前付4860欧元 pay it the day he is back"
    script = (
        "from dunning_coach.training import piece_features as p; "
        f"print(p.ngrams([{text!r}]).indices.tolist())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert runs == {f"{piece_features.ngrams([text]).indices.tolist()}\n"}


def test_weight_zero_leaves_the_encoder_alone():
    rows = piece_features.features(["付款", "請付款"], _encoder, 0.0).toarray()
    assert not rows[:, 2:].any()
