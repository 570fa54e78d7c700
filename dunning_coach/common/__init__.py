"""Building blocks every capability uses: dates, money, settings, the playbook file, tokens,
identities, Rasa names and replies."""
