"""The account data: its values, the store that talks to the database (SQLite or PostgreSQL,
through one connection), CSV import, finding a customer, and who may see what."""
