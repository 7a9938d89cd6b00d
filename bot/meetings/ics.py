"""iCalendar files: one VEVENT per occurrence with a stable UID, and one file for a whole series.

The series file lists the same VEVENTs (same UIDs) as the per-occurrence files, so importing both
never duplicates a meeting in Outlook or Google Calendar; a moved or cancelled occurrence keeps its
UID and gets a higher SEQUENCE (and a meeting a new schedule moves to another slot keeps the UID it had,
`Occurrence.uid`). Every function here is a pure function of the tavolo and its occurrences, so the chat,
the calendar feeds and the e-mail channel (iMIP, RFC 6047: `method="REQUEST"` or `"CANCEL"`) share them.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODID = "-//Citta Metropolitana di Milano//zobot tavoli//IT"


METHODS = ("PUBLISH", "REQUEST", "CANCEL")


def uid(occurrence) -> str:
    """Stable across moves: built from the series and the first planned start (frozen in `uid` once a new
    schedule gives the meeting another slot)."""
    if getattr(occurrence, "uid", None):
        return occurrence.uid
    return f"tavolo-{occurrence.tavolo_id}-{occurrence.original_start:%Y%m%dT%H%M%SZ}@zobot"


def _calendar(name: str, method: str = "PUBLISH") -> Calendar:
    if method not in METHODS:
        raise ValueError(method)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    return cal


def _event(tavolo, occurrence, now: datetime, local: bool = False, organizer: str | None = None,
           attendees: tuple[str, ...] = ()) -> Event:
    """One VEVENT; `local`: start and end in the tavolo's time zone (TZID), else in UTC. iTIP (RFC 5546)
    wants an ORGANIZER and ATTENDEEs as mailto: addresses; they are added when given."""
    start = occurrence.start_at.astimezone(ZoneInfo(tavolo.timezone)) if local else occurrence.start_at
    event = Event()
    event.add("uid", uid(occurrence))
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=tavolo.duration_minutes))
    event.add("summary", tavolo.title)
    event.add("sequence", occurrence.sequence)
    event.add("status", "CANCELLED" if occurrence.status == "cancelled" else "CONFIRMED")
    location = ", ".join(p for p in (tavolo.place, tavolo.video_link) if p)
    if location:
        event.add("location", location)
    if tavolo.video_link:
        event.add("url", tavolo.video_link)
    description = "\n".join(p for p in (tavolo.description, tavolo.video_link) if p)
    if description:
        event.add("description", description)
    if organizer:
        event.add("organizer", f"mailto:{organizer}")
    for address in attendees:
        event.add("attendee", f"mailto:{address}", parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "TRUE"})
    return event


def occurrence_ics(tavolo, occurrence, *, now: datetime, method: str = "PUBLISH", organizer: str | None = None,
                   attendees: tuple[str, ...] = ()) -> bytes:
    """The .ics of one meeting (`method` CANCEL for a cancelled one sent by e-mail: RFC 5546 §3.2.5)."""
    cal = _calendar(tavolo.title, method)
    cal.add_component(_event(tavolo, occurrence, now, organizer=organizer, attendees=attendees))
    return cal.to_ical()


def series_ics(tavolo, occurrences, *, now: datetime) -> bytes:
    """The .ics of a whole series (or of the meetings a change touched): every occurrence given, cancelled
    ones marked as such, each with its UID and SEQUENCE."""
    cal = _calendar(tavolo.title)
    for occurrence in occurrences:
        cal.add_component(_event(tavolo, occurrence, now))
    return cal.to_ical()


def feed_ics(name: str, meetings, *, now: datetime, refresh: timedelta) -> bytes:
    """A subscribed calendar: the same VEVENTs (same UIDs, SEQUENCE, cancelled ones marked) with TZID and
    a VTIMEZONE for each zone, and how often to fetch it again (RFC 7986 REFRESH-INTERVAL)."""
    cal = _calendar(name)
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", refresh)
    for tavolo, occurrence in meetings:
        cal.add_component(_event(tavolo, occurrence, now, local=True))
    cal.add_missing_timezones()
    return cal.to_ical()


def filename(tavolo, occurrence=None) -> str:
    """A safe ASCII file name, e.g. tavolo-ambiente-2027-01-05.ics."""
    base = re.sub(r"[^a-z0-9]+", "-", tavolo.slug.lower()).strip("-")[:60] or f"tavolo-{tavolo.id}"
    if occurrence is None:
        return f"{base}.ics"
    return f"{base}-{occurrence.start_at.astimezone(ZoneInfo(tavolo.timezone)).date().isoformat()}.ics"

