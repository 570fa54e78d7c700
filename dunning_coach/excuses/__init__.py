"""Fact or excuse: the verdict on what a debtor said, the countermeasures, and the excuse turn."""
