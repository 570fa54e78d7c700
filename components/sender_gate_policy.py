"""Keep senders the reps table does not know out of the whole conversation, not only out of
the account actions: while the `registered` slot is false, every message gets the registration
answer and nothing else (no greeting, no help, no role-play)."""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
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

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self.config["action"]
        previous = tracker.latest_action_name
        if previous == action:
            # Also after the action found the sender registered at last: they send again.
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        elif previous == ACTION_LISTEN_NAME and tracker.get_slot(self.config["slot"]) is False:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)
