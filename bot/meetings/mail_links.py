"""What a meeting's e-mail offers instead of the chat's RSVP buttons (bot/outbox/queue.py turns these specs
into personal links per recipient; web/mail_links.py opens them)."""
from __future__ import annotations

from bot.outbox.queue import EmailLink
from bot.texts import meetings as t


def rsvp_links(occurrence_id: int) -> tuple[tuple[EmailLink, ...], ...]:
    """«Partecipo» / «Non partecipo»: single-purpose personal links (/rsvp/<token>), one per choice."""
    return ((EmailLink(t.RSVP_LABELS["yes"], "rsvp", f"occurrence:{occurrence_id}:yes"),
             EmailLink(t.RSVP_LABELS["no"], "rsvp", f"occurrence:{occurrence_id}:no")),)
