"""The team's questions answered in chat: who sees what, the buttons going down to a rep or a
customer, and every answer in every language."""

import json

import pytest

from dunning_coach.common.rasa_names import Entity, Intent
from dunning_coach.language.languages import Language
from dunning_coach.team import turns

TEAM_INTENTS = [v for k, v in vars(Intent).items() if k.startswith("TEAM_")]


def _team(build) -> None:
    build.rep("M1", role="manager", name="Morgan Lead")
    build.rep("R1", manager_id="M1", name="Rita Field")
    build.rep("R2", manager_id="M1", name="Sam Road")
    build.rep("R9", name="Outside Olga")
    build.customer("C1", "R1", name="Alpha Tiles")
    build.customer("C2", "R2", name="Beta Foods")
    build.customer("C9", "R9", name="Omega Motors")
    build.invoice("C1", issued=60, due=30, amount=1200)
    build.invoice("C1", issued=150, due=120, amount=300)
    build.invoice("C2", issued=60, due=40, amount=800)
    build.invoice("C9", issued=60, due=40, amount=99999)


def _payloads(reply) -> list[dict]:
    found = []
    for button in reply.buttons:
        intent, _, entities = button.payload[1:].partition("{")
        found.append({"intent": intent, **(json.loads("{" + entities) if entities else {})})
    return found


def test_a_manager_sees_each_rep_of_the_team_with_a_button_to_go_down_to_them(build):
    _team(build)
    reply = turns.answer(build.turn("M1"), Intent.TEAM_OVERDUE)
    assert "Rita Field" in reply.text and "Sam Road" in reply.text
    assert "Outside Olga" not in reply.text and "999" not in reply.text
    assert reply.text.index("Rita Field") < reply.text.index("Sam Road")  # most overdue first
    assert [p.get(Entity.REP_ID) for p in _payloads(reply)] == ["R1", "R2"]


def test_a_rep_asking_the_same_gets_their_own_figures(build):
    _team(build)
    reply = turns.answer(build.turn("R2"), Intent.TEAM_TOP_DEBTORS)
    assert "Beta Foods" in reply.text
    assert "Alpha Tiles" not in reply.text and "Omega Motors" not in reply.text
    assert _payloads(reply) == [{"intent": Intent.SELECT_CUSTOMER, Entity.CUSTOMER_ID: "C2"}]


def test_going_down_to_a_rep_shows_that_reps_customers_alone(build):
    _team(build)
    reply = turns.answer(build.turn("M1"), Intent.TEAM_TOP_DEBTORS, rep_id="R1")
    assert "Alpha Tiles" in reply.text and "Beta Foods" not in reply.text


@pytest.mark.parametrize("asker, rep_id", [("M1", "R9"), ("R1", "R2"), ("M1", "NOBODY")])
def test_nobody_goes_down_to_a_rep_they_do_not_oversee(build, asker, rep_id):
    _team(build)
    for intent in TEAM_INTENTS:
        reply = turns.answer(build.turn(asker), intent, rep_id=rep_id)
        assert reply.text == "That rep is not on your team."
        assert not reply.buttons


def test_the_overview_names_the_team_and_offers_every_figure(build):
    _team(build)
    reply = turns.answer(build.turn("M1"), Intent.TEAM_OVERVIEW)
    assert reply.text.startswith("Your team at a glance")
    assert "€2,300.00" in reply.text  # 1,200 + 300 + 800: not Olga's
    assert "€1,100.00 of it doubtful or worse" in reply.text  # 40 and 120 days overdue
    assert {p["intent"] for p in _payloads(reply)} == set(TEAM_INTENTS) - {Intent.TEAM_OVERVIEW}


def test_the_excuses_of_the_period_asked_are_counted_with_their_verdicts(build, today):
    _team(build)
    for customer, intent, verdict in [
        ("C1", "excuse_cheque_mailed", "Likely excuse"),
        ("C2", "excuse_cheque_mailed", "Likely true"),
        ("C2", "excuse_money_tight", "Likely excuse"),
    ]:
        build.store.log_excuse(
            customer_id=customer,
            rep_id="R1",
            intent=intent,
            text="x",
            verdict=verdict,
            logged_on=today,
        )
    reply = turns.answer(build.turn("M1"), Intent.TEAM_EXCUSES, text="excuses this week")
    assert "cheque" in reply.text.lower() and ": 2, 1 judged likely excuses" in reply.text
    assert "Beta Foods (2)" in reply.text
    assert _payloads(reply)[0] == {"intent": Intent.SELECT_CUSTOMER, Entity.CUSTOMER_ID: "C2"}


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("intent", TEAM_INTENTS)
def test_every_team_answer_reads_in_every_language(build, intent, language):
    _team(build)
    build.sign("C1", kind="sign_moving", reported=3)
    build.promise("C1", made=10, due_in=-5, amount=100)
    reply = turns.answer(build.turn("M1", spoken=language), intent)
    assert reply.text and "{" not in reply.text and "team." not in reply.text
    if language is not Language.EN:
        english = turns.answer(build.turn("M1", spoken=Language.EN), intent)
        assert reply.text.splitlines()[0] != english.text.splitlines()[0]


def test_customers_owing_in_another_currency_are_named_not_ranked_with_the_main_one(build):
    _team(build)
    build.customer("C3", "R1", name="Won Works")
    build.invoice("C3", issued=60, due=30, amount=5_000_000, currency="KRW")
    reply = turns.answer(build.turn("M1"), Intent.TEAM_TOP_DEBTORS)
    assert "Won Works" not in reply.text
    assert reply.text.splitlines()[-1].startswith("Also owed in: KRW")


@pytest.mark.parametrize(
    "asker, sees",
    [
        ("R1", {"Alpha Tiles"}),  # a rep: their own customers
        ("M1", {"Alpha Tiles", "Beta Foods"}),  # a manager: the team's
        ("BOSS", {"Alpha Tiles", "Beta Foods", "Omega Motors", "Demo Depot"}),  # no team: all
        ("T1", {"Demo Depot"}),  # a trainee: demo customers only
    ],
)
def test_every_role_sees_in_every_team_answer_only_the_customers_it_may(build, asker, sees):
    _team(build)
    build.rep("BOSS", role="manager", name="Big Boss")
    build.rep("T1", role="trainee", manager_id="M1", name="Terry New")
    build.customer("CD", "R9", name="Demo Depot", demo=1)
    build.invoice("CD", issued=60, due=30, amount=10)
    everyone = {"Alpha Tiles", "Beta Foods", "Omega Motors", "Demo Depot"}
    shown: set[str] = set()
    for intent in TEAM_INTENTS:
        reply = turns.answer(build.turn(asker), intent)
        text = reply.text + " ".join(b.title for b in reply.buttons)
        shown |= {name for name in everyone if name in text}
    assert shown == sees


def test_reps_are_ranked_by_the_main_currency_not_by_cents_of_any(build):
    _team(build)
    build.customer("C3", "R2", name="Won Works")
    build.invoice("C3", issued=60, due=30, amount=7_000_000, currency="KRW")
    reply = turns.answer(build.turn("M1"), Intent.TEAM_OVERDUE)
    assert reply.text.index("Rita Field") < reply.text.index("Sam Road")  # €1,500 over €800


def test_a_trainee_gets_no_button_for_a_rep_they_do_not_oversee(build):
    _team(build)
    build.rep("T1", role="trainee", name="Terry New")
    build.customer("CD", "R1", name="Demo Depot", demo=1)
    build.invoice("CD", issued=60, due=30, amount=10)
    reply = turns.answer(build.turn("T1"), Intent.TEAM_OVERDUE)
    assert "Rita Field" in reply.text and not reply.buttons


def test_a_long_team_is_cut_to_the_first_reps_and_counted(build):
    build.rep("M1", role="manager")
    for n in range(13):
        build.rep(f"R{n}", manager_id="M1", name=f"Rep Number {n}")
        build.customer(f"C{n}", f"R{n}")
        build.invoice(f"C{n}", issued=60, due=30, amount=100 + n)
    reply = turns.answer(build.turn("M1"), Intent.TEAM_OVERDUE)
    assert reply.text.count("Rep Number") == 10
    assert reply.text.endswith("…and 3 more reps.")
    assert len(reply.buttons) == 6
