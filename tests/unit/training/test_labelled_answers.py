"""Labelled answers are read with their labels, quotes and the words breaking a conduct check; a
bad kind or quote is refused by file and id, and the held-out rule is a fixed third decided by the
id alone."""

import pytest

from dunning_coach.language.languages import Language
from dunning_coach.training import labelled_answers

ANSWER = """language: es
answers:
- id: es-x001
  excuse: excuse_cheque_mailed
  kind: {kind}
  debtor: Ya le mandamos el cheque.
  answer: ¿Qué número tiene el cheque?
  met: [asks_cheque_number, courteous]
  quotes: {{asks_cheque_number: {quote}}}
- id: es-x002
  excuse: excuse_cheque_mailed
  kind: weak
  debtor: Ya le mandamos el cheque.
  answer: Vale, gracias.
  met:
"""


def test_answers_are_read_with_their_language_and_labels(tmp_path):
    (tmp_path / "es.yml").write_text(
        ANSWER.format(kind="strong", quote="Qué número tiene el cheque"), encoding="utf-8"
    )
    (tmp_path / "notes.md").write_text("not an answer file", encoding="utf-8")
    first, second = labelled_answers.load(tmp_path)
    assert first.language is Language.ES and first.kind == "strong"
    assert first.met == frozenset({"asks_cheque_number", "courteous"})
    assert second.met == frozenset()
    assert first.quotes == (("asks_cheque_number", "Qué número tiene el cheque"),)
    assert second.quotes == ()


@pytest.mark.parametrize(
    "quote",
    [
        "Qué número tiene el talón",  # not the answer's words
        "qué número",  # not as written
        "' '",  # nothing
    ],
)
def test_a_quote_that_is_not_the_answers_own_words_is_refused(tmp_path, quote):
    (tmp_path / "es.yml").write_text(ANSWER.format(kind="weak", quote=quote), encoding="utf-8")
    with pytest.raises(ValueError, match=r"es\.yml: es-x001 quotes 'asks_cheque_number' with"):
        labelled_answers.load(tmp_path)


def test_a_quote_for_a_check_the_answer_does_not_meet_is_refused(tmp_path):
    text = ANSWER.format(kind="weak", quote="Qué número").replace(
        "met: [asks_cheque_number, courteous]", "met: [courteous]"
    )
    (tmp_path / "es.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"es-x001 quotes 'asks_cheque_number', which it does"):
        labelled_answers.load(tmp_path)


def test_an_unknown_kind_is_refused_naming_the_file_and_the_answer(tmp_path):
    (tmp_path / "es.yml").write_text(
        ANSWER.format(kind="brilliant", quote="Qué número"), encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"es\.yml: es-x001 has unknown kind 'brilliant'"):
        labelled_answers.load(tmp_path)


def test_the_held_out_rule_is_a_fixed_third_by_id():
    def answer(n: int) -> labelled_answers.LabelledAnswer:
        return labelled_answers.LabelledAnswer(
            f"en-{n}", Language.EN, "x", "weak", "a", frozenset()
        )

    held = [answer(n).held_out for n in range(3000)]
    assert 0.30 < sum(held) / len(held) < 0.37
    assert held == [answer(n).held_out for n in range(3000)]  # the same every time
    relabelled = labelled_answers.LabelledAnswer("en-7", Language.KO, "y", "trap", "b", frozenset())
    assert relabelled.held_out == answer(7).held_out  # decided by the id alone


BROKEN = """language: en
answers:
- id: en-x001
  excuse: excuse_money_tight
  kind: trap
  debtor: Money's tight this month.
  answer: I won't chase you. Pay when you can.
  met: [courteous, no_apology_for_asking]
  breaks: {{{check}: {quote}}}
"""


def test_the_words_breaking_a_conduct_check_are_read_and_checked(tmp_path):
    path = tmp_path / "en.yml"
    path.write_text(BROKEN.format(check="keeps_demand", quote="Pay when you can"), encoding="utf-8")
    (answer,) = labelled_answers.load(tmp_path)
    assert answer.breaks == (("keeps_demand", "Pay when you can"),)
    # Not the answer's words; a check the answer keeps; a check that is not conduct.
    for check, quote, refusal in [
        ("keeps_demand", "Pay whenever", "with words that are not the answer's own"),
        ("courteous", "I won't chase you", "which is not a conduct check it breaks"),
        ("names_date", "Pay when you can", "which is not a conduct check it breaks"),
    ]:
        path.write_text(BROKEN.format(check=check, quote=quote), encoding="utf-8")
        with pytest.raises(ValueError, match=rf"en\.yml: en-x001 quotes.*{refusal}"):
            labelled_answers.load(tmp_path)
