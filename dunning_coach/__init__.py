"""Dunning Coach: plain, Rasa-free logic (database, matching, verdicts, rendering)."""
