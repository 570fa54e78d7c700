"""Answer a family of intents (every excuse_*, every sign_*) with one action each, so a new
excuse type or warning sign needs no new rule or story."""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from components.hand_written_policy import HandWrittenPolicy
from dunning_coach.common.rasa_names import EXCUSE_PREFIX, ActionName


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class IntentFamilyPolicy(HandWrittenPolicy):
    """After a user turn whose intent starts with `intent_prefix`, run `action`; then listen.

    It stays out of the way while a form is active, so forms keep their own validation.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent_prefix": EXCUSE_PREFIX, "action": ActionName.RESPOND_EXCUSE, "priority": 7}

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self.config["action"]
        if tracker.active_loop_name:
            return self._prediction(probabilities)
        previous = tracker.latest_action_name
        if previous == action:
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        elif previous == ACTION_LISTEN_NAME:
            intent = tracker.latest_message.intent.get("name") if tracker.latest_message else None
            if intent and intent.startswith(self.config["intent_prefix"]):
                probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)
