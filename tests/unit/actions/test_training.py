"""actions/training.py: the role-play form, progress and the leaderboard."""

import pytest

from tests.unit.actions.run import run, slot_events, tracker


def test_role_play_form_starts_judges_each_reply_and_ends_with_a_stored_scorecard(build):
    from actions.training import ActionFinishRoleplay, ValidateRoleplayForm

    build.customer("C1", name="Demo Stores", demo=1)
    build.invoice(issued=60, due=30, amount=1500)
    messages, events = run(
        ValidateRoleplayForm(), tracker("role-play the cheque excuse on easy", "start_roleplay")
    )
    slots = slot_events(events)
    assert slots["requested_slot"] == "roleplay_reply"
    assert slots["roleplay"]["excuse"] == "excuse_cheque_mailed"
    assert slots["roleplay"]["difficulty"] == "easy"
    assert messages[0]["text"].startswith("Role-play (easy): Cheque already in the post.")
    assert "Demo Stores" in messages[0]["text"]

    messages, events = run(
        ValidateRoleplayForm(), tracker("When did you post it?", "inform", slots=slots)
    )
    slots = {**slots, **slot_events(events)}
    assert slots["requested_slot"] == "roleplay_reply" and slots["roleplay"]["turns"] == 1
    assert messages[0]["text"].startswith("Score: ")
    assert (
        '✓ Asks when or where the cheque was posted: "When did you post it"' in messages[0]["text"]
    )

    messages, events = run(
        ValidateRoleplayForm(),
        tracker("What's the cheque number? Then €1,500 on Friday.", "inform", slots=slots),
    )
    assert messages == []  # the round is over: the scorecard comes next, from the finish
    slots = {**slots, **slot_events(events)}
    assert slots["requested_slot"] is None and slots["roleplay"]["outcome"] == "conceded"
    messages, events = run(ActionFinishRoleplay(), tracker("", "inform", slots=slots))
    assert "Round over. The debtor agreed to pay." in messages[0]["text"]
    assert slot_events(events)["roleplay"] is None
    (stored,) = build.store.rounds("R1")
    assert stored.excuse == "excuse_cheque_mailed" and stored.turns == 2


def test_progress_and_leaderboard_actions_answer_by_role(build):
    from actions.training import ActionShowLeaderboard, ActionShowProgress

    build.rep("R1")
    messages, _ = run(ActionShowProgress(), tracker("my progress", "my_progress"))
    assert "No role-play rounds yet" in messages[0]["text"]
    messages, _ = run(ActionShowLeaderboard(), tracker("leaderboard", "show_leaderboard"))
    assert "for managers" in messages[0]["text"]


def test_a_reply_inside_a_round_is_judged_without_opening_the_ledger(build, monkeypatch):
    from actions.training import ValidateRoleplayForm
    from dunning_coach.accounts import shared_store

    build.customer("C1", name="Demo Stores", demo=1)
    build.invoice(issued=60, due=30, amount=1500)
    _, events = run(
        ValidateRoleplayForm(), tracker("role-play the cheque excuse on easy", "start_roleplay")
    )
    slots = slot_events(events)

    def no_store(*args, **kwargs):
        raise AssertionError("a reply inside a round opened the account database")

    monkeypatch.setattr(shared_store, "turn_store", no_store)
    messages, events = run(
        ValidateRoleplayForm(), tracker("When did you post it?", "inform", slots=slots)
    )
    assert slot_events(events)["roleplay"]["turns"] == 1
    assert messages[0]["text"].startswith("Score: ")
    # Starting the next round does read the ledger (the rep, the demo customer).
    finished = {**slots, "roleplay": {**slots["roleplay"], "outcome": "stopped"}}
    with pytest.raises(AssertionError, match="opened the account database"):
        run(ValidateRoleplayForm(), tracker("role-play again", "start_roleplay", slots=finished))
