"""Answer a family of intents (every excuse_*, every sign_*) with one action each, so a new
excuse type or warning sign needs no new rule or story."""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from dunning_coach.common.rasa_names import EXCUSE_PREFIX, ActionName


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class IntentFamilyPolicy(Policy):
    """After a user turn whose intent starts with `intent_prefix`, run `action`; then listen.

    It stays out of the way while a form is active, so forms keep their own validation.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent_prefix": EXCUSE_PREFIX, "action": ActionName.RESPOND_EXCUSE, "priority": 7}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Any | None = None,
    ) -> None:
        config = {**self.get_default_config(), **config}
        super().__init__(config, model_storage, resource, execution_context, featurizer)

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource  # rule-based: nothing to learn

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
