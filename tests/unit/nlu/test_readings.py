"""dunning_coach/nlu/readings.py: a record only from a sure reading; otherwise the two to ask."""

from __future__ import annotations

from dunning_coach.nlu.readings import Reading, ranked, records, unsure

T, M = 0.8, 0.2


def test_only_excuses_and_signs_record():
    assert records("excuse_money_tight") and records("sign_moving")
    assert not records("select_customer") and not records(None) and not records("")


def test_a_sure_reading_is_recorded_as_read():
    assert unsure([Reading("sign_moving", 0.95), Reading("excuse_money_tight", 0.03)], T, M) is None


def test_a_reading_below_the_threshold_is_asked_about_with_the_runner_up():
    top, second = Reading("sign_staff_change", 0.6), Reading("select_customer", 0.3)
    assert unsure([top, second], T, M) == (top, second)


def test_a_close_second_reading_is_asked_about_even_above_the_threshold():
    top, second = Reading("excuse_already_paid", 0.81), Reading("promise_to_pay", 0.7)
    assert unsure([top, second], T, M) == (top, second)


def test_a_reading_that_records_nothing_is_never_asked_about():
    assert unsure([Reading("select_customer", 0.5), Reading("sign_moving", 0.45)], T, M) is None
    assert unsure([], T, M) is None


def test_rasas_ranking_becomes_readings_likeliest_first_without_the_fallback():
    ranking = [
        {"name": "nlu_fallback", "confidence": 1.0},
        {"name": "sign_moving", "confidence": 0.2},
        {"name": "excuse_money_tight", "confidence": 0.35},
    ]
    assert ranked(ranking) == [Reading("excuse_money_tight", 0.35), Reading("sign_moving", 0.2)]
