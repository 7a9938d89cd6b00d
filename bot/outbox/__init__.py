"""The outbox: every message the bot sends on its own initiative is a row first (queue.py), sent by one
dispatcher that records exact outcomes (dispatcher.py, claims.py) within Telegram's limits (limits.py)."""
