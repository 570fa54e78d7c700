"""Rasa graph components of this project (loaded by the Rasa server through config.yml)."""
