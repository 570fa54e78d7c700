"""A role-play answer read before its turn asks for it.

Most of judging an answer is reading it: splitting it into pieces and encoding each (about 4 of
the action's 5 ms). The Rasa server parses the message first (about 6 ms), and the action server
sits idle meanwhile. So when a round is on, the Rasa server sends the answer to the action
server as the turn begins (rasa_patches/send_ahead.py), which reads it then and keeps the
reading for the judge (AnswerJudge.read_ahead). The judge finds nothing when the action server
restarted, or the answer came another way: it reads the answer then, as before. Both servers
build and read the request here, so they agree on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dunning_coach.common.rasa_names import Form
from dunning_coach.language.languages import Language
from dunning_coach.nlu import sentence_encoder
from dunning_coach.training import shared_judge
from dunning_coach.training.roleplay import Round

PATH = "/read-ahead"  # on the action server, behind its token like every call
MAX_CHARS = 4000  # more than a message can hold (channels cut it at 2,000)


def request(text: str | None, active_loop: str | None, round_slot: Any) -> dict[str, str] | None:
    """The request reading `text` ahead, when it is a trainee's answer in a round: the role-play
    form is on and its round not over. A button's payload (a "/" command) is no answer."""
    if active_loop != Form.ROLEPLAY:
        return None
    current = Round.from_slot(round_slot)
    answer = (text or "").strip()
    if current is None or current.finished or not answer or answer.startswith("/"):
        return None
    return {"answer": answer[:MAX_CHARS], "language": current.speaks.value}


def wanted(body: Any) -> tuple[str, Language] | None:
    """The answer and language a request asks to read; None for any other body."""
    if not isinstance(body, Mapping):
        return None
    answer, code = body.get("answer"), body.get("language")
    if not isinstance(answer, str) or not answer or len(answer) > MAX_CHARS:
        return None
    language = next((known for known in Language if known.value == code), None)
    return None if language is None else (answer, language)


def read(answer: str, language: Language) -> bool:
    """Reads the answer ahead for this process's judge; False, reading nothing, while the judge
    is still loading (a round's opening starts it): the turn must not wait for it here."""
    judge = shared_judge.loaded()
    if judge is None:
        return False
    with sentence_encoder.beside_other_work():  # Rasa is parsing the message on the other core
        judge.read_ahead(answer, language)
    return True
