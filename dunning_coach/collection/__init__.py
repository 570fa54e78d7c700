"""Collecting on an account: receivables classes, warning signs, levers, promises, the day's
plan, and their turns."""
