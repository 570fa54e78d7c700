"""Keep senders the reps table does not know out of the whole conversation, not only out of
the account actions: while the `registered` slot is false, every message gets the registration
answer and nothing else (no greeting, no help, no role-play)."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.trackers import DialogueStateTracker

from components.hand_written_policy import HandWrittenPolicy
from dunning_coach.common.rasa_names import ActionName, Slot


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class SenderGatePolicy(HandWrittenPolicy):
    """Above every other policy: once `action_session_start` has set `registered` to false,
    answer each message with `action` and listen. A slot not set (None) lets the others decide;
    the account actions check the sender themselves anyway, so no data depends on this."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"slot": Slot.REGISTERED, "action": ActionName.EXPLAIN_REGISTRATION, "priority": 9}

    # An unknown sender gets nothing else, inside a form or not. After its action it listens,
    # also when the action found the sender registered at last: they send again.
    inside_forms = True

    def answers(self, tracker: DialogueStateTracker) -> bool:
        return tracker.get_slot(self.config["slot"]) is False
