"""Tables of the questionnaires feature (its issue adds them, with its own Alembic migration branch)."""
