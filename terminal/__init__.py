"""The terminal chat: a rep's own prompt, talking to the running servers like any channel."""
