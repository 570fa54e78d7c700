"""Rasa input channels of our own: REST with a token, the mobile web chat, Slack and Telegram.

Each is named in credentials.yml by its class path; secrets reach them from the environment."""
