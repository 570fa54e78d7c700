"""The manager's view: the team's collection at a glance, in chat and on the team page."""
