"""dunning_coach/nlu/reading_question.py: two buttons, in the rep's language, that say what each
would record."""

from __future__ import annotations

import pytest

from dunning_coach.language.languages import Language
from dunning_coach.nlu.reading_question import question
from dunning_coach.nlu.readings import Reading
from dunning_coach.playbook import playbook_languages


@pytest.mark.parametrize("language", list(Language))
def test_two_recording_readings_are_two_buttons_titled_by_the_playbook(language):
    book = playbook_languages.load(language)
    reply = question(
        book, Reading("sign_moving", 0.6), Reading("excuse_pay_next_month", 0.3), language
    )
    assert [b.payload for b in reply.buttons] == ["/sign_moving", "/excuse_pay_next_month"]
    assert reply.buttons[0].title == book.warning_signs["sign_moving"].title
    assert reply.buttons[1].title == book.excuse("excuse_pay_next_month").title
    assert reply.text


def test_a_runner_up_that_records_nothing_becomes_something_else():
    book = playbook_languages.load(Language.KO)
    reply = question(
        book, Reading("sign_staff_change", 0.7), Reading("select_customer", 0.2), Language.KO
    )
    assert [b.payload for b in reply.buttons] == ["/sign_staff_change", "/nlu_fallback"]
    assert reply.buttons[1].title == "둘 다 아니에요"
