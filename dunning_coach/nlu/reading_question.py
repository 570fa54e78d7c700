"""The question asked instead of recording from an unsure reading (dunning_coach/nlu/readings.py):
a button for the likeliest reading, and one for the second when it would record something too,
else "something else" (asked to say it in other words). A button's intent comes back sure, and
is answered and recorded as any other message with the words the rep typed."""

from __future__ import annotations

from dunning_coach.common.reply import Button, Reply, intent_payload
from dunning_coach.language import messages
from dunning_coach.language.languages import Language
from dunning_coach.nlu.readings import Reading
from dunning_coach.playbook.playbook import Playbook

FALLBACK_INTENT = "nlu_fallback"  # Rasa's: answered by asking to rephrase (data/rules.yml)


def title(playbook: Playbook, intent: str) -> str | None:
    """What a recording intent records, in the playbook's words."""
    if playbook.is_excuse(intent):
        return playbook.excuse(intent).title
    sign = playbook.warning_signs.get(intent)
    return sign.title if sign else None


def question(playbook: Playbook, top: Reading, second: Reading | None, language: Language) -> Reply:
    buttons = [Button(title(playbook, top.intent) or top.intent, intent_payload(top.intent))]
    second_title = title(playbook, second.intent) if second is not None else None
    if second is not None and second_title:
        buttons.append(Button(second_title, intent_payload(second.intent)))
    else:
        buttons.append(
            Button(messages.text("reading.neither", language), intent_payload(FALLBACK_INTENT))
        )
    return Reply(messages.text("reading.ask", language), tuple(buttons))
