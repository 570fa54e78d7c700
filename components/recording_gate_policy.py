"""Ask before recording from a message the classifier is unsure of: a message read as an excuse
or a warning sign below the recording threshold, or with a close second reading, gets
`action_ask_reading` (two buttons) instead of the action that would write the record.

It outranks IntentFamilyPolicy (priority 8 over 7), which answers the sure ones. A button's
intent comes at confidence 1 and is answered as read.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.trackers import DialogueStateTracker

from components.hand_written_policy import HandWrittenPolicy
from dunning_coach.common.rasa_names import ActionName
from dunning_coach.nlu import readings


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RecordingGatePolicy(HandWrittenPolicy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.9, "margin": 0.0, "action": ActionName.ASK_READING, "priority": 8}

    def answers(self, tracker: DialogueStateTracker) -> bool:
        if not tracker.latest_message:
            return False
        parsed = tracker.latest_message.parse_data
        ranking = parsed.get("intent_ranking") or [parsed.get("intent") or {}]
        return (
            readings.unsure(
                readings.ranked(ranking), self.config["threshold"], self.config["margin"]
            )
            is not None
        )
