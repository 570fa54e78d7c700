"""Infrastructure every capability uses: settings and the environment, Rasa names, replies, tokens
and channel identities. The languages are in language/, the playbook in playbook/."""
