"""Role-play with the database: demo customers only, rounds stored, progress and leaderboard."""

from dunning_coach.accounts.models import RoleplayRound
from dunning_coach.playbook import playbook
from dunning_coach.training import roleplay
from dunning_coach.training import turns as training
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
    for seed in range(15):
        started = training.begin(build.turn("T1"), "let's practise", [], seed)
        assert started.round.customer_id == "DEMO"
        assert "Demo Stores" in started.reply.text and "Real Customer" not in started.reply.text


def test_without_demo_customers_the_debtor_is_a_neutral_one(build, fresh_db):
    build.rep("T1", role="trainee")
    started = training.begin(build.turn("T1"), "role-play the cheque excuse", [], 1)
    assert started.round.customer_id is None and started.round.excuse == CHEQUE
    assert "{" not in started.reply.text


def test_a_finished_round_is_stored_with_its_score(build, fresh_db):
    _setup(build)
    round_ = training.begin(build.turn("T1"), "role-play the cheque excuse", [], 2).round
    round_ = training.play(
        TODAY, round_, "What's the cheque number? €1,500 on Friday please.", "inform"
    )
    round_ = training.play(TODAY, round_, "So we're agreed.", "affirm")
    assert round_.outcome == roleplay.CONCEDED
    card = training.finish(build.turn("T1"), round_)
    (stored,) = fresh_db.rounds("T1")
    assert stored.excuse == CHEQUE and stored.score == roleplay.score(PLAYBOOK, round_) > 0
    assert stored.outcome == roleplay.CONCEDED and "cheque_number" in stored.met
    assert {"asks_cheque_number", "names_amount", "names_date"} <= set(stored.checks_met)
    assert f"Score: {stored.score}/100" in card.text and "pass mark 80" in card.text


def test_the_scorecard_comes_even_when_the_ledger_cannot_take_the_round(build, fresh_db):
    from tests.ledger_lock import ledger_locked

    _setup(build)
    round_ = training.begin(build.turn("T1"), "role-play the cheque excuse", [], 2).round
    round_ = training.play(
        TODAY, round_, "What's the cheque number? €1,500 on Friday please.", "inform"
    )
    fresh_db.db.execute("PRAGMA busy_timeout = 50")
    with ledger_locked(fresh_db.location):
        card = training.finish(build.turn("T1"), round_)
    assert "Score:" in card.text and fresh_db.rounds("T1") == []


def test_a_round_stopped_before_any_answer_is_not_stored(build, fresh_db):
    _setup(build)
    round_ = training.begin(build.turn("T1"), "practise", [], 3).round
    round_ = training.play(TODAY, round_, "stop", "stop")
    card = training.finish(build.turn("T1"), round_)
    assert fresh_db.rounds("T1") == [] and "no score" in card.text


def _played(fresh_db, rep_id, excuse, *scores):
    for score in scores:
        fresh_db.add_round(RoleplayRound(rep_id, excuse, "medium", TODAY, score, score >= 80))


def test_progress_shows_each_excuse_s_scores_over_time(build, fresh_db):
    _setup(build)
    _played(fresh_db, "T1", CHEQUE, 40, 65, 85)
    _played(fresh_db, "T1", "excuse_money_tight", 30)
    text = training.progress(build.turn("T1")).text
    assert "40 → 65 → 85 (best 85)" in text
    assert "Work on next: Cash is tight right now" in text


def test_progress_before_any_round_says_how_to_start(build, fresh_db):
    _setup(build)
    assert "No role-play rounds yet" in training.progress(build.turn("T1")).text


def test_the_leaderboard_ranks_the_team_for_a_manager_only(build, fresh_db):
    _setup(build)
    build.rep("T2", role="trainee", name="Tina Fresh")
    _played(fresh_db, "T1", CHEQUE, 50, 60)
    _played(fresh_db, "T2", CHEQUE, 70, 90)
    _played(fresh_db, "T2", "excuse_money_tight", 85)
    board = training.leaderboard(build.turn("M1")).text
    assert board.index("1. Tina Fresh: 2/13 passed") < board.index("2. Terry New: 0/13 passed")
    refused = training.leaderboard(build.turn("T1")).text
    assert "for managers" in refused and "Tina" not in refused


def test_a_manager_with_a_team_sees_only_the_team_on_the_leaderboard(build, fresh_db):
    _setup(build)
    build.rep("M2", role="manager", name="Mo Other")
    build.rep("T1", role="trainee", name="Terry New", manager_id="M1")
    build.rep("T2", role="trainee", name="Tina Fresh", manager_id="M2")
    _played(fresh_db, "T1", CHEQUE, 60)
    _played(fresh_db, "T2", CHEQUE, 90)
    board = training.leaderboard(build.turn("M1")).text
    assert "Terry New" in board and "Tina" not in board
    build.rep("M3", role="manager")  # nobody's manager: everyone, as before teams
    board = training.leaderboard(build.turn("M3")).text
    assert "Terry New" in board and "Tina Fresh" in board


def test_role_play_is_played_in_the_language_the_trainee_asks_in(build, fresh_db):
    from dunning_coach.language.languages import Language

    build.customer("C1", demo=1, name="示範商行")
    build.invoice("C1", issued=60, due=30)
    turn = build.turn(spoken=Language.ZH_HANT)
    button = [{"entity": "excuse", "value": CHEQUE}]
    started = training.begin(turn, "/start_roleplay", button, seed=4)
    assert started.round is not None and started.round.language == "zh-Hant"
    assert started.reply.text.startswith("角色扮演(")
    assert "這一輪要做到:" in started.reply.text  # the goals before the first answer
    # A short answer read as English stays in the round's language.
    played = training.play(TODAY, started.round, "支票號碼是多少?", None)
    assert "asks_cheque_number" in played.checks_met
    assert any("\u4e00" <= ch <= "\u9fff" for ch in played.last_line)  # the debtor in Chinese
    assert training.book(played).roleplay == turn.playbook.roleplay


def test_progress_and_the_leaderboard_are_read_in_the_reps_language(build, fresh_db):
    from dunning_coach.language.languages import Language

    _setup(build)
    _played(fresh_db, "T1", CHEQUE, 40, 85)
    text = training.progress(build.turn("T1", spoken=Language.KO)).text
    assert text.splitlines()[0] == "Terry New님의 롤플레이 점수 (2회, 최신 점수가 오른쪽):"
    assert "✓ 수표는 이미 보냈다: 40 → 85 (최고 85)" in text.splitlines()
    board = training.leaderboard(build.turn("M1", spoken=Language.ES)).text
    assert board.splitlines()[1] == "1. Terry New: 1/13 superadas, media 85, 2 rondas"


def test_progress_shows_the_checks_missed_and_the_manager_sees_each_trainee_s_most_missed(
    build, fresh_db
):
    _setup(build)
    build.rep("T1", role="trainee", name="Terry New", manager_id="M1")
    for said in ("What's the cheque number?", "Who is the cheque made out to?"):
        round_ = training.begin(build.turn("T1"), "role-play the cheque excuse", [], 2).round
        round_ = training.play(TODAY, round_, said, "inform")
        training.finish(build.turn("T1"), training.roleplay.stop(round_))
    stored = fresh_db.rounds("T1")
    assert [r.language for r in stored] == ["en", "en"]
    assert "asks_cheque_number" in stored[0].checks_met
    assert "asks_cheque_number" not in stored[1].checks_met
    text = training.progress(build.turn("T1")).text
    assert "Checks to work on (latest rounds on the right):" in text
    assert "• Asks for a specific amount: ✗ ✗ (met in 0 of 2 rounds)" in text
    board = training.leaderboard(build.turn("M1")).text.splitlines()
    row = next(n for n, line in enumerate(board) if "Terry New" in line)
    assert board[row + 1].startswith("   misses most: ")


def test_every_tip_shown_as_an_example_line_is_filled_in_every_language(build, fresh_db):
    import string

    from dunning_coach.language.languages import Language
    from dunning_coach.playbook import playbook_languages
    from dunning_coach.training import answer_checks

    _setup(build)
    for language in Language:
        started = training.begin(build.turn("T1", spoken=language), "practise", [], 5).round
        for check in answer_checks.book()[language].checks.values():
            used = {n for _, n, _, _ in string.Formatter().parse(check.tip) if n}
            line = roleplay.fill(check.tip, started)
            assert "{" not in line and "}" not in line, (language, check.id, line)
            if "amount" in used:
                assert started.persona["overdue_amount"] in line
    assert playbook_languages.load(Language.KO).roleplay.emotional  # written in every language


def test_an_answer_cut_short_is_said_to_be(build, fresh_db):
    from dunning_coach.training import replies, rubric

    _setup(build)
    round_ = training.begin(build.turn("T1"), "role-play the cheque excuse", [], 2).round
    essay = "Let me explain our position at length. " * 40 + "What's the cheque number?"
    assert len(essay) > rubric.JUDGED_CHARS
    played = training.play(TODAY, round_, essay, "inform")
    feedback = replies.turn(training.book(played), played).text
    assert f"(Only your first {rubric.JUDGED_CHARS} characters were read" in feedback
    assert "asks_cheque_number" not in played.checks_met  # past the limit: not read
    short = training.play(TODAY, played, "What's the cheque number?", "inform")
    assert "characters were read" not in replies.turn(training.book(short), short).text
