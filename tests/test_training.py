"""Role-play with the database: demo customers only, rounds stored, progress and leaderboard."""
from dunning_coach import playbook, roleplay, training
from dunning_coach.models import RoleplayRound

from tests.conftest import TODAY

PLAYBOOK = playbook.load()
CHEQUE = "excuse_cheque_mailed"


def _setup(build):
    build.rep("T1", role="trainee", name="Terry New")
    build.rep("M1", role="manager", name="Morgan Lead")
    build.customer("REAL", rep_id="R1", name="Real Customer Ltd")
    build.invoice("REAL", issued=90, due=60, amount=9000)
    build.customer("DEMO", rep_id="R1", name="Demo Stores", demo=1)
    build.invoice("DEMO", issued=60, due=30, amount=1500)


def test_a_round_is_played_on_a_demo_customer_never_a_real_one(build, fresh_db):
    _setup(build)
    trainee = fresh_db.rep("T1")
    for seed in range(15):
        started = training.begin(fresh_db, trainee, "let's practise", [], PLAYBOOK, TODAY, seed)
        assert started.round.customer_id == "DEMO"
        assert "Demo Stores" in started.reply.text and "Real Customer" not in started.reply.text


def test_without_demo_customers_the_debtor_is_a_neutral_one(build, fresh_db):
    build.rep("T1", role="trainee")
    started = training.begin(fresh_db, fresh_db.rep("T1"), "role-play the cheque excuse", [],
                             PLAYBOOK, TODAY, 1)
    assert started.round.customer_id is None and started.round.excuse == CHEQUE
    assert "{" not in started.reply.text


def test_a_finished_round_is_stored_with_its_score(build, fresh_db):
    _setup(build)
    trainee = fresh_db.rep("T1")
    round_ = training.begin(fresh_db, trainee, "role-play the cheque excuse", [], PLAYBOOK,
                            TODAY, 2).round
    round_ = training.play(round_, "What's the cheque number? €1,500 on Friday please.", "inform",
                           [], PLAYBOOK, TODAY)
    assert round_.outcome == roleplay.CONCEDED
    card = training.finish(fresh_db, trainee, round_, PLAYBOOK, TODAY)
    stored, = fresh_db.rounds("T1")
    assert stored.excuse == CHEQUE and stored.score == roleplay.score(PLAYBOOK, round_) > 0
    assert stored.outcome == roleplay.CONCEDED and "cheque_number" in stored.met
    assert f"Score: {stored.score}/100" in card.text and "pass mark 80" in card.text


def test_a_round_stopped_before_any_answer_is_not_stored(build, fresh_db):
    _setup(build)
    trainee = fresh_db.rep("T1")
    round_ = training.begin(fresh_db, trainee, "practise", [], PLAYBOOK, TODAY, 3).round
    round_ = training.play(round_, "stop", "stop", [], PLAYBOOK, TODAY)
    card = training.finish(fresh_db, trainee, round_, PLAYBOOK, TODAY)
    assert fresh_db.rounds("T1") == [] and "no score" in card.text


def _played(fresh_db, rep_id, excuse, *scores):
    for score in scores:
        fresh_db.add_round(RoleplayRound(rep_id, excuse, "medium", TODAY, score, score >= 80))


def test_progress_shows_each_excuse_s_scores_over_time(build, fresh_db):
    _setup(build)
    _played(fresh_db, "T1", CHEQUE, 40, 65, 85)
    _played(fresh_db, "T1", "excuse_money_tight", 30)
    text = training.progress(fresh_db, fresh_db.rep("T1"), PLAYBOOK).text
    assert "40 → 65 → 85 (best 85)" in text
    assert "Work on next: Cash is tight right now" in text


def test_progress_before_any_round_says_how_to_start(build, fresh_db):
    _setup(build)
    assert "No role-play rounds yet" in training.progress(fresh_db, fresh_db.rep("T1"),
                                                          PLAYBOOK).text


def test_the_leaderboard_ranks_the_team_for_a_manager_only(build, fresh_db):
    _setup(build)
    build.rep("T2", role="trainee", name="Tina Fresh")
    _played(fresh_db, "T1", CHEQUE, 50, 60)
    _played(fresh_db, "T2", CHEQUE, 70, 90)
    _played(fresh_db, "T2", "excuse_money_tight", 85)
    board = training.leaderboard(fresh_db, fresh_db.rep("M1"), PLAYBOOK).text
    assert board.index("1. Tina Fresh: 2/13 passed") < board.index("2. Terry New: 0/13 passed")
    refused = training.leaderboard(fresh_db, fresh_db.rep("T1"), PLAYBOOK).text
    assert "for managers" in refused and "Tina" not in refused
