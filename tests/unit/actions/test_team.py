"""actions/team.py: a team question through rasa-sdk, the intent and the rep's button read."""

from tests.unit.actions.run import run, tracker


def _ledger(build) -> None:
    build.rep("R1", manager_id="M1", name="Rita Field")
    build.rep("M1", role="manager", name="Morgan Lead", rest_id="m1")
    build.rep("R2", manager_id="M1", name="Sam Road")
    build.customer("C1", "R1", name="Alpha Tiles")
    build.customer("C2", "R2", name="Beta Foods")
    build.invoice("C1", issued=60, due=30, amount=700)
    build.invoice("C2", issued=60, due=30, amount=900)


def test_the_intent_asked_is_answered_for_the_team(build):
    from actions.team import ActionShowTeamFigures

    _ledger(build)
    messages, events = run(
        ActionShowTeamFigures(), tracker("who owes us the most?", "team_top_debtors", sender="m1")
    )
    assert events == []
    assert messages[0]["text"].startswith("Customers owing the most overdue")
    assert "Beta Foods" in messages[0]["text"] and "Alpha Tiles" in messages[0]["text"]


def test_a_reps_button_narrows_the_answer_to_that_rep(build):
    from actions.team import ActionShowTeamFigures

    _ledger(build)
    button = tracker(
        '/team_top_debtors{"rep_id": "R1"}',
        "team_top_debtors",
        entities=[{"entity": "rep_id", "value": "R1"}],
        sender="m1",
    )
    messages, _ = run(ActionShowTeamFigures(), button)
    assert "Alpha Tiles" in messages[0]["text"] and "Beta Foods" not in messages[0]["text"]


def test_a_rep_pressing_another_reps_button_gets_nothing_of_theirs(build):
    from actions.team import ActionShowTeamFigures

    _ledger(build)
    button = tracker(
        '/team_top_debtors{"rep_id": "R2"}',
        "team_top_debtors",
        entities=[{"entity": "rep_id", "value": "R2"}],
    )
    messages, _ = run(ActionShowTeamFigures(), button)
    assert messages[0]["text"] == "That rep is not on your team."
