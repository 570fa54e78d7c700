"""Answer a family of intents (every excuse_*, every sign_*) with one action each, so a new
excuse type or warning sign needs no new rule or story."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
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

    def answers(self, tracker: DialogueStateTracker) -> bool:
        intent = tracker.latest_message.intent.get("name") if tracker.latest_message else None
        return isinstance(intent, str) and intent.startswith(self.config["intent_prefix"])
