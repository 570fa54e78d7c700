"""Scoring a round by its answer checks: partial credit, refusals, conduct, what is missed."""

from dunning_coach.playbook import playbook
from dunning_coach.playbook.playbook import Criterion
from dunning_coach.training import rubric
from dunning_coach.training.answer_checks import CONDUCT
from dunning_coach.training.rubric import Standing

CHEQUE = playbook.load().rubric("excuse_cheque_mailed")
NUMBER = next(c for c in CHEQUE if c.id == "cheque_number")  # asks_cheque_number, asks_payee
FIRM = next(c for c in CHEQUE if c.id == "stays_firm")  # keeps_demand


def _after(*answers: tuple[set[str], set[str]]) -> Standing:
    standing = Standing()
    for met, broken in answers:
        standing = rubric.update(standing, met, broken, CONDUCT)
    return standing


def test_a_criterion_earns_the_share_of_its_checks_met():
    assert rubric.credit(NUMBER, _after(({"asks_cheque_number"}, set()))) == 0.5
    assert rubric.credit(NUMBER, _after(({"asks_cheque_number", "asks_payee"}, set()))) == 1
    assert rubric.credit(NUMBER, Standing()) == 0


def test_a_refused_check_counts_against_its_criterion_until_it_is_met():
    refused = _after(({"asks_payee"}, {"asks_cheque_number"}))
    assert rubric.credit(NUMBER, refused) == 0  # one met, one refused
    then_asked = _after(({"asks_payee"}, {"asks_cheque_number"}), ({"asks_cheque_number"}, set()))
    assert rubric.credit(NUMBER, then_asked) == 1 and not then_asked.broken


def test_a_broken_conduct_check_stays_broken_for_the_round():
    broken = _after(({"keeps_demand"}, set()), (set(), {"keeps_demand"}), ({"keeps_demand"}, set()))
    assert "keeps_demand" in broken.broken and "keeps_demand" not in broken.met
    assert rubric.credit(FIRM, broken) == 0


def test_the_score_weighs_each_criterion_by_its_credit():
    everything = _after(({c for criterion in CHEQUE for c in criterion.answer_checks}, set()))
    assert rubric.score(CHEQUE, everything) == 100
    assert rubric.score(CHEQUE, Standing()) == 0
    half_of_number = _after(({"asks_cheque_number"}, set()))
    total = sum(c.weight for c in CHEQUE)
    assert rubric.score(CHEQUE, half_of_number) == round(100 * NUMBER.weight * 0.5 / total)


def test_a_criterion_is_met_from_half_its_checks():
    assert "cheque_number" in rubric.criteria_met(CHEQUE, _after(({"asks_payee"}, set())))
    commitment = next(c for c in CHEQUE if c.id == "concrete_commitment")  # three checks
    assert len(commitment.answer_checks) == 3
    one_of_three = _after(({"names_amount"}, set()))
    assert "concrete_commitment" not in rubric.criteria_met(CHEQUE, one_of_three)


def test_missed_checks_come_key_criteria_first_broken_before_unmet():
    standing = _after((set(), {"asks_payee"}))
    missed = rubric.missed_checks(CHEQUE, standing)
    # concrete_commitment (key, weight 25), then cheque_number (key, 20), its refused check first
    assert missed[:5] == [
        "names_amount",
        "names_date",
        "next_step",
        "asks_payee",
        "asks_cheque_number",
    ]
    assert set(missed) == set(rubric.check_ids(CHEQUE))


def test_words_read_contractions_and_drop_punctuation():
    assert rubric.words("Don't STOP, it's the cheque one!") == [
        "dont",
        "stop",
        "it",
        "the",
        "cheque",
        "one",
    ]


def test_each_check_belongs_to_one_criterion_of_a_rubric():
    book = playbook.load()
    for intent in book.playable:
        criteria: tuple[Criterion, ...] = book.rubric(intent)
        ids = [c for criterion in criteria for c in criterion.answer_checks]
        assert len(ids) == len(set(ids)), intent
