"""The shared judge: fitted once and written, loaded from the file after, never from a stale one."""

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dunning_coach.language.languages import Language
from dunning_coach.training import answer_judge, shared_judge
from dunning_coach.training.answer_judge import JudgeSettings

QUESTION = "What's the cheque number?"


@pytest.fixture(scope="module")
def fitted_once() -> answer_judge.AnswerJudge:
    return shared_judge.shared()


@pytest.fixture(autouse=True)
def fits(monkeypatch, fitted_once) -> list[JudgeSettings]:
    """The real fit, done once for the module: these tests are about the file, not the fit."""
    calls: list[JudgeSettings] = []

    def fit(settings: JudgeSettings = answer_judge.SETTINGS) -> answer_judge.AnswerJudge:
        calls.append(settings)
        return fitted_once

    monkeypatch.setattr(shared_judge, "fit", fit)
    return calls


def test_a_fitted_judge_is_written_and_the_next_load_reads_it(tmp_path, fits):
    fitted = shared_judge.load_or_fit(tmp_path)
    (written,) = tmp_path.glob("answer-judge-*.npz")
    assert written == shared_judge.path_for(tmp_path)
    assert len(fits) == 1
    loaded = shared_judge.load_or_fit(tmp_path)
    assert len(fits) == 1, "fitted again although the file was there"
    assert np.array_equal(loaded.weights, fitted.weights)
    checks = ["asks_cheque_number", "asks_payee"]
    assert loaded.judge(QUESTION, Language.EN, checks) == fitted.judge(
        QUESTION, Language.EN, checks
    )
    assert loaded.judge(QUESTION, Language.EN, checks)["asks_cheque_number"].met


def test_other_settings_or_examples_name_another_file(tmp_path):
    assert shared_judge.path_for(tmp_path) != shared_judge.path_for(tmp_path, JudgeSettings(c=0.3))
    examples = tmp_path / "checks"
    examples.mkdir()
    for path in shared_judge.answer_checks.DIRECTORY.glob("*.yml"):
        (examples / path.name).write_bytes(path.read_bytes())
    before = shared_judge.fingerprint(directory=examples)
    with (examples / "en.yml").open("a", encoding="utf-8") as out:
        out.write("# one more comment changes the file\n")
    assert shared_judge.fingerprint(directory=examples) != before


def test_another_encoder_names_another_file(monkeypatch):
    before = shared_judge.fingerprint()
    monkeypatch.setattr(shared_judge.sentence_encoder, "fingerprint", lambda: "0123456789abcdef")
    assert shared_judge.fingerprint() != before


def test_another_label_on_a_taught_answer_names_another_file(tmp_path):
    for path in shared_judge.labelled_answers.TRAINING.glob("*.yml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    before = shared_judge.fingerprint(labelled=tmp_path)
    assert before == shared_judge.fingerprint()
    en = tmp_path / "en.yml"
    text = en.read_text(encoding="utf-8")
    relabelled = re.sub(r"met: \[[a-z_]+, ", "met: [", text, count=1)  # one check less
    assert relabelled != text
    en.write_text(relabelled, encoding="utf-8")
    assert shared_judge.fingerprint(labelled=tmp_path) != before


def test_no_labelled_answers_is_an_error_not_a_quieter_judge(tmp_path):
    with pytest.raises(shared_judge.NoLabelledAnswers):
        shared_judge.fingerprint(labelled=tmp_path)


def test_every_process_names_the_same_file():
    """Nothing in the fingerprint may follow a set's order, which changes with the hash seed:
    the file `make` writes must be the one every server then looks for."""
    code = "from dunning_coach.training import shared_judge; print(shared_judge.fingerprint())"
    root = Path(__file__).resolve().parents[3]
    names = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(names) == 1 and names != {""}


def test_a_torn_file_is_fitted_again_not_trusted(tmp_path, fits):
    shared_judge.path_for(tmp_path).write_bytes(b"not an npz file")
    judge = shared_judge.load_or_fit(tmp_path)
    assert len(fits) == 1
    assert judge.judge(QUESTION, Language.EN, ["asks_cheque_number"])["asks_cheque_number"].met
    with np.load(shared_judge.path_for(tmp_path)) as data:
        assert data["weights"].shape == judge.weights.shape


def test_a_read_only_folder_keeps_the_judge_in_memory(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    judge = shared_judge.load_or_fit(blocked)  # cannot mkdir under a file
    assert judge.judge(QUESTION, Language.EN, ["asks_cheque_number"])["asks_cheque_number"].met


def test_warming_loads_the_judge_in_the_background_once():
    shared_judge._shared.cache_clear()
    threads = [shared_judge.warm(), shared_judge.warm()]  # two rounds open at once
    for thread in threads:
        thread.join(timeout=120)
    assert shared_judge._shared.cache_info().misses == 1
    assert shared_judge._shared.cache_info().currsize == 1


def test_a_truncated_file_is_fitted_again(tmp_path, fits):
    good = shared_judge.load_or_fit(tmp_path)
    path = shared_judge.path_for(tmp_path)
    path.write_bytes(path.read_bytes()[:200])  # a copy cut short
    again = shared_judge.load_or_fit(tmp_path)
    assert len(fits) == 2 and np.array_equal(again.weights, good.weights)
    assert oct(path.stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
