"""The answer judge a server uses: fitted once per version of the checks, and kept on disk.

Fitting takes about a minute (the example, refusing and mentioning clauses and the labelled
answers' pieces encoded, about 11 s; 75 check models and the demand model fitted twice over
those vectors and their n-grams, about 36 s), which a trainee's answer must not wait for.
`make` fits it beside the Rasa model (`python -m dunning_coach.training.shared_judge`); a server
that finds no file for the current checks fits it once and writes it. The file is named by a
fingerprint of everything the fit depends on, so a changed example, label or setting can never
load stale weights.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
import threading
import zipfile
from pathlib import Path

import numpy as np
import sklearn

from dunning_coach.nlu import sentence_encoder
from dunning_coach.playbook import playbook
from dunning_coach.training import (
    answer_checks,
    answer_judge,
    labelled_answers,
    piece_features,
    rubric,
)
from dunning_coach.training.answer_judge import SETTINGS, AnswerJudge, JudgeSettings, TaughtAnswer

log = logging.getLogger(__name__)

FOLDER = Path(__file__).resolve().parents[2] / "models"
FORMAT = b"answer-judge/3"  # bumped when the file's layout changes


class NoLabelledAnswers(RuntimeError):
    pass


def taught_answers(directory: Path = labelled_answers.TRAINING) -> tuple[TaughtAnswer, ...]:
    """The labelled answers the judge learns from, each with the checks its excuse is judged on.
    None at all is a broken checkout, not a judge to fit quietly from the examples alone."""
    book = playbook.load()
    taught = tuple(
        TaughtAnswer(
            a.language,
            a.answer,
            book.answer_checks(a.excuse),
            a.met,
            dict(a.quotes),
            dict(a.breaks),
        )
        for a in labelled_answers.load(directory)
    )
    if not taught:
        raise NoLabelledAnswers(f"no labelled answers in {directory}")
    return taught


def fit(settings: JudgeSettings = SETTINGS) -> AnswerJudge:
    """The judge as every server and test of it has it."""
    return AnswerJudge.fit(
        answer_checks.load(), sentence_encoder.encode, settings, taught_answers()
    )


# The code a fit runs: the judge and what it reads in a piece, the checks' reading (which checks
# are conduct, sums or days), the labelled answers' reading, and how much of an answer is judged
# (rubric.JUDGED_CHARS).
FITTING_CODE = (answer_judge, piece_features, answer_checks, labelled_answers, rubric)


def fingerprint(
    settings: JudgeSettings = SETTINGS,
    directory: Path = answer_checks.DIRECTORY,
    labelled: Path = labelled_answers.TRAINING,
) -> str:
    """Everything the fitted weights depend on: the examples, the labelled answers and the checks
    each was labelled on, the fitting code and its settings, the encoder's fingerprint and
    scikit-learn's version. The same in every process: files are hashed as bytes, in name order."""
    digest = hashlib.sha256(FORMAT)
    # The labels' files and the playbook (which checks each excuse is labelled on) as bytes,
    # like the examples: parsing them here would slow every server's first role-play answer.
    labels = sorted(labelled.glob("*.yml"))
    if not labels:
        raise NoLabelledAnswers(f"no labelled answers in {labelled}")
    for path in [*sorted(directory.glob("*.yml")), *labels, playbook.DEFAULT_PATH]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for module in FITTING_CODE:
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(repr(settings).encode())
    digest.update(sentence_encoder.fingerprint().encode())
    digest.update(sklearn.__version__.encode())
    return digest.hexdigest()[:16]


def path_for(folder: Path = FOLDER, settings: JudgeSettings = SETTINGS) -> Path:
    return folder / f"answer-judge-{fingerprint(settings)}.npz"


def load_or_fit(folder: Path = FOLDER, settings: JudgeSettings = SETTINGS) -> AnswerJudge:
    book = answer_checks.load()
    path = path_for(folder, settings)
    if path.exists():
        try:
            with np.load(path) as data:
                weights, bias = data["weights"], data["bias"]
            return AnswerJudge(book, sentence_encoder.encode, settings, weights, bias)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
            # A torn or foreign file: fit again (and replace it below).
            log.warning("Answer judge file %s unreadable (%s); fitting it again", path, error)
    judge = fit(settings)
    _save(judge, folder, path)
    return judge


def _save(judge: AnswerJudge, folder: Path, path: Path) -> None:
    """Written whole and flushed to disk, then renamed into place: two servers starting together
    never read half a file, and a crash leaves no torn one."""
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as out:
            temporary = out.name
            np.savez(out, weights=judge.weights, bias=judge.bias)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # servers running as another user read it too
        os.replace(temporary, path)
    except OSError as error:
        log.warning("Answer judge not saved to %s (%s); kept in memory", folder, error)
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


_loading = threading.Lock()


@functools.lru_cache(maxsize=1)
def _shared() -> AnswerJudge:
    judge = load_or_fit()
    judge.encode(["warm"])  # loads the encoder too: the first answer should not wait for it
    return judge


def shared() -> AnswerJudge:
    """This process's judge (one, even when two turns ask for it at once)."""
    with _loading:
        return _shared()


def loaded() -> AnswerJudge | None:
    """This process's judge if it is loaded already, without waiting for it."""
    return _shared() if _shared.cache_info().currsize else None


def warm() -> threading.Thread:
    """Load the judge in the background: a round's opening does not need it, and the trainee
    takes longer to type the first answer than the judge takes to load."""
    thread = threading.Thread(target=shared, name="answer-judge", daemon=True)
    thread.start()
    return thread


if __name__ == "__main__":
    print(load_or_fit().ids.__len__(), "answer checks fitted:", path_for())
