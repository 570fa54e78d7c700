"""The account data: its values, the one module that talks to SQLite, CSV import, finding
a customer, and who may see what."""
