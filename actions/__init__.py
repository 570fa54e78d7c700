"""Rasa custom actions: thin adapters from a tracker to dunning_coach and back."""
