"""Language understanding without Rasa: rule entities, the sentence encoder, the intent model
and its scoring."""
