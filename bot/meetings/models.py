"""Tables of the meetings feature (its issue adds them, with its own Alembic migration branch)."""
