"""iMIP (RFC 6047): a meeting's .ics, as the chat sends it (bot/meetings/ics.py builds it), made the
invitation of one e-mail: the outbox's mail transport attaches it as text/calendar with its METHOD."""
from __future__ import annotations

from icalendar import Calendar


def as_imip(content: bytes, *, organizer: str, attendee: str) -> tuple[bytes, str]:
    """A meeting's .ics (from `occurrence_ics`) made an iMIP message for one attendee (RFC 6047): METHOD
    REQUEST, or CANCEL when its meetings are cancelled, with ORGANIZER and ATTENDEE as mailto: addresses;
    the UID and SEQUENCE stay, so a calendar updates the event it already has. Returns (ics, method)."""
    cal = Calendar.from_ical(content)
    events = [c for c in cal.walk("VEVENT")]
    method = "CANCEL" if events and all(str(e.get("status", "")).upper() == "CANCELLED" for e in events) else "REQUEST"
    cal.pop("METHOD", None)
    cal.add("method", method)
    for event in events:
        for name in ("ORGANIZER", "ATTENDEE"):
            event.pop(name, None)
        event.add("organizer", f"mailto:{organizer}")
        event.add("attendee", f"mailto:{attendee}", parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "TRUE",
                                                                 "PARTSTAT": "NEEDS-ACTION"})
    return cal.to_ical(), method
