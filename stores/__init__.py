"""Rasa-side stores named in endpoints.yml by class path."""
