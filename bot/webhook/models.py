"""Tables of the webhook feature (its issue adds them, with its own Alembic migration branch)."""
