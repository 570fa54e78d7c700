"""The role-play round: requests, the debtor's answers by difficulty, conceding, ending."""

import json
import random

import pytest

from dunning_coach.accounts.models import RoleplayRound
from dunning_coach.language.languages import Language
from dunning_coach.playbook import playbook, playbook_languages
from dunning_coach.training import replies, roleplay, shared_judge
from dunning_coach.training.answer_checks import CONDUCT
from dunning_coach.training.answer_judge import CheckResult
from dunning_coach.training.roleplay import Round
from tests.conftest import TODAY

PLAYBOOK = playbook.load()
JUDGE = shared_judge.shared().judge  # the judge role-play uses in production
SETTINGS = PLAYBOOK.roleplay
CHEQUE = "excuse_cheque_mailed"
ALL_KEYS = "What's the cheque number? Please pay €1,000 on Friday."  # both key criteria
ONE_KEY = "What's the cheque number?"
RUDE_BUT_COMPLETE = "Sorry to bother you. What's the cheque number? Pay €1,000 on Friday."


def _round(difficulty="medium", excuse=CHEQUE, seed=7):
    return roleplay.start(PLAYBOOK, excuse, difficulty, None, seed, TODAY)


def _lines(*groups):
    return {roleplay.fill(line, _round()) for group in groups for line in group}


def test_the_round_opens_with_one_of_the_excuse_openers():
    opened = _round()
    assert opened.last_line in _lines(PLAYBOOK.excuse(CHEQUE).debtor.openers)
    assert opened.turns == 0 and not opened.finished


def test_the_round_survives_a_trip_through_a_json_slot():
    played = roleplay.answer(PLAYBOOK, _round(), ONE_KEY, TODAY, JUDGE)
    assert Round.from_slot(json.loads(json.dumps(played.to_slot()))) == played
    assert Round.from_slot(None) is None and Round.from_slot({"nonsense": 1}) is None
    assert Round.from_slot({**played.to_slot(), "difficulty": "insane"}) is None


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_the_debtor_never_says_the_same_line_twice_in_a_row(difficulty):
    for seed in range(20):
        played = _round(difficulty, seed=seed)
        for _ in range(SETTINGS.difficulties[difficulty].max_turns - 1):
            before = played.last_line
            played = roleplay.answer(PLAYBOOK, played, "Hmm, OK.", TODAY, JUDGE)
            assert played.last_line != before


def test_easy_asks_what_the_trainee_wants_instead_of_pushing_back():
    played = roleplay.answer(PLAYBOOK, _round("easy"), ONE_KEY, TODAY, JUDGE)
    assert played.last_line in _lines(SETTINGS.prompts)


def test_medium_pushes_back_on_the_most_important_key_criterion_missed():
    played = roleplay.answer(PLAYBOOK, _round("medium"), ONE_KEY, TODAY, JUDGE)
    commitment = PLAYBOOK.rubric(CHEQUE)[0]
    assert commitment.id == "concrete_commitment" and commitment.key
    assert played.last_line == commitment.opening


def test_a_broken_rule_is_the_first_opening_the_debtor_takes():
    said = "What's the cheque number? Pay whenever you can, no rush."
    played = roleplay.answer(PLAYBOOK, _round("medium"), said, TODAY, JUDGE)
    firm = next(c for c in PLAYBOOK.rubric(CHEQUE) if c.id == "stays_firm")
    assert played.last_line == firm.opening
    assert played.newly_broken == ("keeps_demand",)
    assert "keeps_demand" in played.checks_broken and "stays_firm" not in roleplay.met(
        PLAYBOOK, played
    )


def test_hard_is_evasive_as_well():
    played = roleplay.answer(PLAYBOOK, _round("hard"), ONE_KEY, TODAY, JUDGE)
    assert any(played.last_line.startswith(line) for line in SETTINGS.evasive)


@pytest.mark.parametrize("difficulty", ["easy", "medium"])
def test_no_concession_until_every_key_criterion_is_met(difficulty):
    played = roleplay.answer(PLAYBOOK, _round(difficulty), ONE_KEY, TODAY, JUDGE)
    assert played.outcome is None
    played = roleplay.answer(PLAYBOOK, played, "So €1,000 on Friday.", TODAY, JUDGE)
    assert played.outcome == roleplay.CONCEDED
    assert "€1,000" in played.last_line and "Fri 27 Nov" in played.last_line


def _again(round_, times=1, said="So we're agreed."):
    for _ in range(times):
        round_ = roleplay.answer(PLAYBOOK, round_, said, TODAY, JUDGE)
    return round_


def test_hard_concedes_only_to_a_passing_round_medium_to_the_key_criteria():
    medium = _again(roleplay.answer(PLAYBOOK, _round("medium"), RUDE_BUT_COMPLETE, TODAY, JUDGE))
    hard = roleplay.answer(PLAYBOOK, _round("hard"), RUDE_BUT_COMPLETE, TODAY, JUDGE)
    hard = _again(hard, SETTINGS.difficulties["hard"].holds_out)
    assert roleplay.score(PLAYBOOK, hard) < SETTINGS.pass_mark
    assert medium.outcome == roleplay.CONCEDED and hard.outcome is None


@pytest.mark.parametrize("difficulty", ["easy", "medium"])
def test_the_debtor_holds_out_once_at_medium_before_agreeing(difficulty):
    holds_out = SETTINGS.difficulties[difficulty].holds_out
    assert holds_out == {"easy": 0, "medium": 1}[difficulty]
    assert SETTINGS.difficulties["hard"].holds_out == 2
    strong = (
        "What's the cheque number and who is it made out to? Please pay the €1,000 by Friday; "
        "I'll call you Thursday to confirm."
    )
    played = roleplay.answer(PLAYBOOK, _round(difficulty), strong, TODAY, JUDGE)
    pushbacks = set(PLAYBOOK.excuse(CHEQUE).debtor.follow_ups + SETTINGS.emotional)
    for _ in range(holds_out):
        assert played.outcome is None
        assert played.last_line in _lines(pushbacks)  # a stronger or new excuse, or emotion
        played = _again(played)
    assert played.outcome == roleplay.CONCEDED


def test_the_round_ends_after_the_difficulty_s_turns():
    played = _round("easy")
    for _ in range(SETTINGS.difficulties["easy"].max_turns):
        assert not played.finished
        played = roleplay.answer(PLAYBOOK, played, "Hmm.", TODAY, JUDGE)
    assert played.outcome == roleplay.OUT_OF_TURNS
    assert played.last_line in _lines(SETTINGS.walk_away)


def test_scores_accumulate_over_the_round_and_feedback_names_what_is_new():
    first = roleplay.answer(PLAYBOOK, _round(), "When did you post it?", TODAY, JUDGE)
    second = roleplay.answer(PLAYBOOK, first, "I'll check with our bank.", TODAY, JUDGE)
    # What the first answer met is not new again. "I'll check" also says who does what next.
    assert second.newly_met == ("next_step", "says_will_verify")
    assert second.quotes["says_will_verify"] == "I'll check with our bank"
    assert {"asks_posting_date", "says_will_verify"} <= set(second.checks_met)
    assert {"posting_date", "verify_bank"} <= roleplay.met(PLAYBOOK, second)
    assert roleplay.score(PLAYBOOK, second) > roleplay.score(PLAYBOOK, first) > 0


def test_a_refused_check_counts_against_its_criterion_until_it_is_met():
    refused = roleplay.answer(
        PLAYBOOK, _round(), "I don't need the cheque number, just pay.", TODAY, JUDGE
    )
    assert "asks_cheque_number" in refused.checks_broken
    assert "cheque_number" not in roleplay.met(PLAYBOOK, refused)
    asked = roleplay.answer(PLAYBOOK, refused, "Actually, what's the cheque number?", TODAY, JUDGE)
    assert "asks_cheque_number" in asked.checks_met
    assert "asks_cheque_number" not in asked.checks_broken


def test_a_check_taken_back_by_dropping_the_demand_is_quoted_not_taught_again():
    said = "What's the cheque number? Anyway, we'll sort it out once things calm down on your side."
    played = roleplay.answer(PLAYBOOK, _round(), said, TODAY, JUDGE)
    assert played.newly_taken_back == ("asks_cheque_number",)
    assert "asks_cheque_number" not in played.checks_met
    assert "keeps_demand" in played.newly_broken
    lines = replies.feedback(PLAYBOOK, played)
    title = "Asks for the cheque number"
    assert any(title in line and "What's the cheque number" in line for line in lines), lines
    # No example line for what the trainee said: the drop is what to fix.
    assert not [line for line in lines if title in line and "Try:" in line], lines


def test_the_round_is_played_in_the_trainee_s_language():
    korean = playbook_languages.load(Language.KO)
    opened = roleplay.start(korean, CHEQUE, "easy", None, 7, TODAY, Language.KO)
    assert opened.language == "ko"
    openers = {roleplay.fill(line, opened) for line in korean.excuse(CHEQUE).debtor.openers}
    assert opened.last_line in openers
    played = roleplay.answer(korean, opened, "수표 번호가 뭐예요?", TODAY, JUDGE)
    assert "asks_cheque_number" in played.checks_met
    assert played.last_line in {roleplay.fill(line, played) for line in korean.roleplay.prompts}
    assert any("\uac00" <= ch <= "\ud7a3" for ch in played.last_line)  # Hangul


def test_the_debtor_agrees_to_the_sum_and_day_demanded_in_the_trainee_s_language():
    spanish = playbook_languages.load(Language.ES)
    opened = roleplay.start(spanish, CHEQUE, "medium", None, 7, TODAY, Language.ES)
    said = "¿Cuál es el número del cheque? Páguenos 1.200 euros el viernes, por favor."
    played = roleplay.answer(spanish, opened, said, TODAY, JUDGE)
    assert played.outcome is None  # medium holds out once
    played = roleplay.answer(spanish, played, "Entonces quedamos así.", TODAY, JUDGE)
    assert played.outcome == roleplay.CONCEDED
    assert played.pay_amount == "1.200,00 €" and played.pay_day == "vie 27 nov"
    assert "vie 27 nov" in played.last_line


@pytest.mark.parametrize(
    "text,intent,expected",
    [
        ("stop", "stop", True),
        ("end role-play", "start_roleplay", True),
        ("end the practice please", None, True),
        ("/stop", "stop", True),
        ("Stop stalling and pay the invoice today", "stop", False),
        ("what's the cheque number", "inform", False),
    ],
)
def test_stop_ends_only_a_short_stop_message(text, intent, expected):
    assert roleplay.is_stop(text, intent) is expected


@pytest.mark.parametrize(
    "text,excuse,difficulty",
    [
        ("role-play the cheque excuse", CHEQUE, None),
        ("practise system down, hard", "excuse_computer_broken", "hard"),
        ("roleplay 'we already paid' on easy", "excuse_already_paid", "easy"),
        ("let's practise", None, None),
        ("give me a tough debtor", None, "hard"),
    ],
)
def test_the_request_names_an_excuse_and_a_difficulty_or_leaves_them_open(text, excuse, difficulty):
    assert roleplay.read_request(text, [], PLAYBOOK) == roleplay.Request(excuse, difficulty)


def test_a_button_s_entities_win_and_unknown_values_are_ignored():
    button = [
        {"entity": "excuse", "value": "excuse_goods_unsold"},
        {"entity": "difficulty", "value": "easy"},
    ]
    assert roleplay.read_request("/start_roleplay", button, PLAYBOOK) == roleplay.Request(
        "excuse_goods_unsold", "easy"
    )
    junk = [
        {"entity": "excuse", "value": "excuse_nonsense"},
        {"entity": "difficulty", "value": "insane"},
    ]
    assert roleplay.read_request("/start_roleplay", junk, PLAYBOOK) == roleplay.Request()


def test_the_weakest_excuses_come_up_most():
    mastered = [
        RoleplayRound("T1", e, "medium", TODAY, 100, True) for e in PLAYBOOK.playable if e != CHEQUE
    ]
    failing = [RoleplayRound("T1", CHEQUE, "medium", TODAY, 20, False)]
    rng = random.Random(1)
    draws = [roleplay.weakest_first(PLAYBOOK, mastered + failing, rng) for _ in range(600)]
    share = draws.count(CHEQUE) / len(draws)
    # weights: 80 for the failing excuse against 10 for each of the 12 mastered ones
    assert share > 0.3


def test_a_stopped_round_before_any_answer_scores_nothing():
    stopped = roleplay.stop(_round())
    assert stopped.outcome == roleplay.STOPPED and roleplay.score(PLAYBOOK, stopped) == 0


def test_placeholders_come_from_the_customer_played(build, fresh_db):
    build.customer("C1", name="Acme Stores", approver="Ada Park", signatory="Leo Grant", demo=1)
    build.invoice("C1", issued=60, due=30, amount=1500)
    account = fresh_db.account("C1", TODAY)
    played = roleplay.start(PLAYBOOK, "excuse_signer_absent", "medium", account, 3, TODAY)
    assert played.persona["customer"] == "Acme Stores"
    assert played.persona["signatory_on_file"] == "Leo Grant"
    assert "{" not in played.last_line
    lines = _lines(PLAYBOOK.excuse("excuse_signer_absent").debtor.openers)
    filled = {
        roleplay.fill(line, played)
        for line in PLAYBOOK.excuse("excuse_signer_absent").debtor.openers
    }
    assert played.last_line in filled and filled != lines  # the name went into the lines


def test_an_answer_that_does_nothing_earns_no_courtesy():
    played = roleplay.answer(PLAYBOOK, _round(), "hello", TODAY, JUDGE)
    assert played.checks_met == () and roleplay.score(PLAYBOOK, played) == 0
    assert roleplay.met(PLAYBOOK, played) == frozenset()


def test_the_debtor_repeats_the_day_demanded_not_a_number_in_the_sum():
    said = "What's the cheque number? Please pay the 4,860 euros by transfer on Friday."
    played = roleplay.answer(PLAYBOOK, _round(), said, TODAY, JUDGE)
    assert played.pay_day == "Fri 27 Nov" and played.pay_amount == "€4,860.00"


def test_a_refused_check_quotes_the_refusal_not_an_earlier_answer():
    asked = roleplay.answer(PLAYBOOK, _round(), "What's the cheque number?", TODAY, JUDGE)
    refused = roleplay.answer(
        PLAYBOOK, asked, "Actually, I don't need the cheque number.", TODAY, JUDGE
    )
    assert "asks_cheque_number" in refused.checks_broken
    assert "don't need the cheque number" in refused.quotes["asks_cheque_number"]


def test_a_slot_from_the_cue_judge_drops_what_it_does_not_know():
    old = {
        **_round().to_slot(),
        "met": ["cheque_number"],
        "newly_met": ["cheque_number"],
        "checks_met": ["asks_cheque_number", "no_such_check"],
        "quotes": {"no_such_check": "x", "asks_cheque_number": "What's the number?"},
    }
    restored = Round.from_slot(old)
    assert restored.newly_met == () and restored.checks_met == ("asks_cheque_number",)
    assert restored.quotes == {"asks_cheque_number": "What's the number?"}


def test_an_offer_then_the_rest_set_apart_limits_the_remedy_over_the_round():
    """A check met by others together counts when they are met in different answers too."""
    said = {
        "We'll replace the cracked jars.": (
            "offers_remedy_for_faulty",
            "We'll replace the cracked jars",
        ),
        "The rest of the order isn't in question.": (
            "separates_undisputed",
            "The rest of the order isn't in question",
        ),
    }

    def judge(text, language, ids):
        check, words = said[text]
        return {
            i: CheckResult(i, i == check or i in CONDUCT, words if i == check else None)
            for i in ids
        }

    played = _round("hard", excuse="excuse_product_complaint")
    played = roleplay.answer(PLAYBOOK, played, "We'll replace the cracked jars.", TODAY, judge)
    assert "limits_remedy_to_faulty" not in played.checks_met
    played = roleplay.answer(
        PLAYBOOK, played, "The rest of the order isn't in question.", TODAY, judge
    )
    assert "limits_remedy_to_faulty" in played.newly_met
    assert played.quotes["limits_remedy_to_faulty"] == (
        "We'll replace the cracked jars … The rest of the order isn't in question"
    )
