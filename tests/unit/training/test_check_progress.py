"""Each check over a trainee's rounds: met or missed round by round, and the ones missed most."""

from dunning_coach.accounts.models import RoleplayRound
from dunning_coach.playbook import playbook
from dunning_coach.training import check_progress
from tests.conftest import TODAY

PLAYBOOK = playbook.load()
CHEQUE = "excuse_cheque_mailed"
TIGHT = "excuse_money_tight"


def _round(excuse, *checks, met=("x",), score=50):
    return RoleplayRound(
        "T1", excuse, "medium", TODAY, score, False, met=met, checks_met=tuple(checks)
    )


def test_each_check_has_a_trail_of_the_rounds_that_judged_it():
    rounds = [
        _round(CHEQUE, "asks_cheque_number"),
        _round(CHEQUE, "asks_cheque_number", "asks_payee"),
        _round(TIGHT, "names_amount"),
    ]
    trails = {p.check: p.trail for p in check_progress.per_check(rounds, PLAYBOOK)}
    assert trails["asks_cheque_number"] == (True, True)
    assert trails["asks_payee"] == (False, True)
    assert trails["names_amount"] == (False, False, True)  # a common check: every round
    assert set(trails) == set(PLAYBOOK.answer_checks(CHEQUE)) | set(PLAYBOOK.answer_checks(TIGHT))


def test_the_checks_missed_most_come_first():
    rounds = [_round(CHEQUE, "asks_payee"), _round(CHEQUE, "asks_payee", "names_amount")]
    missed = check_progress.most_missed(rounds, PLAYBOOK, 3)
    assert [p.share for p in missed] == [0.0, 0.0, 0.0]
    assert "asks_payee" not in [p.check for p in missed]
    assert "names_amount" not in [p.check for p in missed]  # met half the time: after the zeros
    everything = check_progress.most_missed(rounds, PLAYBOOK, 100)
    assert everything[-1].check == "names_amount" and everything[-1].share == 0.5


def test_rounds_stored_before_checks_were_say_nothing_about_checks():
    old = _round(CHEQUE, met=("cheque_number",))  # criteria met, no checks stored
    nothing_met = _round(CHEQUE, met=(), score=0)  # a real round that met nothing
    progress = check_progress.per_check([old, nothing_met], PLAYBOOK)
    assert {len(p.trail) for p in progress} == {1}
    assert check_progress.most_missed([old], PLAYBOOK, 3) == []
