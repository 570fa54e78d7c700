"""What our hand-written policies share: their config over their defaults, both kinds of training
data accepted, nothing to learn, and one shape of prediction: after a message the policy
`answers`, run its configured `action`; after that action, back to the form the message stepped
out of (see below), or else listen. Each subclass says only which messages it answers.

A form whose validation rejected a message (it reads as another intent, not as an answer) stays
active but rejected: Rasa's RulePolicy returns to it after an action its rules predicted, but
not after ours, so our policies return to it themselves."""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker


class HandWrittenPolicy(Policy):
    # False: the policy stays out of the way while a form is active (forms validate their own
    # answers) unless the form rejected the message; True: it answers inside forms too.
    inside_forms = False

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
        return self._resource  # written by hand: nothing to learn

    def answers(self, tracker: DialogueStateTracker) -> bool:
        """Whether the message just received gets this policy's action."""
        raise NotImplementedError

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        form = tracker.active_loop_name
        if form and not tracker.is_active_loop_rejected and not self.inside_forms:
            return self._prediction(probabilities)
        action = self.config["action"]
        previous = tracker.latest_action_name
        if previous == action:
            after = form if form and tracker.is_active_loop_rejected else ACTION_LISTEN_NAME
            probabilities[domain.index_for_action(after)] = 1.0
        elif previous == ACTION_LISTEN_NAME and self.answers(tracker):
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)
