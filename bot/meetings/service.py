"""The tavoli use cases, one transaction each, for every door (the chat, the command line, the web).

Each takes a `Who` (the person as the door knows them), resolves it inside its own transaction, asks the
policy before it reads anything that depends on its input, and returns a `Reply` (plain values for the
command line). Dates are shown in the configured zone (`settings.timezone`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bot import timefmt
from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.errors import MeetingCancelled, MeetingStarted, NotAllowed, NotFound
from bot.meetings import callbacks as cb
from bot.meetings import (
    describe,
    dialogue,
    editing,
    ics,
    jobs,
    loader,
    members,
    moving,
    notes,
    occurrences,
    rsvp,
    skipping,
    tavoli,
    views,
)
from bot.meetings.models import Occurrence, Tavolo
from bot.meetings.reminders import rsvp_keyboard
from bot.people import audit, links, policy
from bot.people.models import Person
from bot.people.who import Who
from bot.reply import File, Reply
from bot.texts import meetings as t
from bot.texts import plural, render

DRAFT_ENDERS = (NotAllowed, NotFound, MeetingStarted, MeetingCancelled)  # the draft can no longer be completed


@dataclass(frozen=True)
class RsvpByLink:
    """What an RSVP link of an e-mail records, for its web page; `page`: the tavolo as the chat shows it."""

    title: str
    when: str
    place: str
    answer: str  # yes | no
    page: str = ""


@dataclass(frozen=True)
class Listed:
    """One tavolo in `zobot tavoli list`."""

    slug: str
    title: str
    example: bool
    schedule: str
    next: str
    participants: int
    pause: str


@dataclass(frozen=True)
class Managed:
    """A tavolo on the organisers' page: its next meeting and how many take part."""

    tavolo: Tavolo
    next: Occurrence | None
    participants: int


@dataclass
class Calendar:
    """A tavolo's meetings on the organisers' page, each with its attendance."""

    tavolo: Tavolo
    participants: int
    schedule: str
    upcoming: list[rsvp.Attendance] = field(default_factory=list)
    past: list[rsvp.Attendance] = field(default_factory=list)


class MeetingService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self.db, self.clock, self.settings = db, clock, settings

    @property
    def tz(self):
        return self.settings.timezone

    @property
    def now(self) -> datetime:
        return self.clock.now()

    # ---- everyone ----

    async def rsvp_by_link(self, token: str, *, use: bool) -> RsvpByLink | None:
        """An RSVP link of an e-mail (single purpose: occurrence:<id>:yes|no): what it records (a GET: mail
        scanners fetch links) or, with `use`, recorded once through the chat's own `rsvp.answer`; None if the
        link is unusable. The link is spent in the same transaction as the answer (a refusal keeps it)."""
        async with self.db.session() as s:
            link = await (links.spend if use else links.find)(s, "rsvp", token, now=self.now)
            parts = (link.subject if link is not None else "").split(":")
            occurrence_id = policy.valid_id(parts[1]) if len(parts) == 3 and parts[0] == "occurrence" else None
            if link is None or occurrence_id is None or parts[2] not in ("yes", "no"):
                return None
            person = await s.get(Person, link.person_id)
            if person is None or person.erased_at is not None:
                return None
            if use:
                occurrence, tavolo = await rsvp.answer(s, occurrence_id, person, parts[2], now=self.now)
            else:
                occurrence, tavolo = await occurrences.get(s, occurrence_id)
            page = await views.detail(s, tavolo, person, self.now, self.tz) if use else None
            where = ", ".join(p for p in (tavolo.place, tavolo.video_link) if p)
            return RsvpByLink(tavolo.title, timefmt.day_at(occurrence.start_at, self.tz), where, parts[2],
                              page.text if page else "")

    async def rsvp_link_used(self, token: str) -> bool:
        async with self.db.read() as s:
            return await links.used(s, "rsvp", token)

    async def tavoli_list(self, who: Who) -> Reply:
        async with self.db.session() as s:
            return await views.tavoli_list(s, await who.person(s), self.now, self.tz)

    async def detail(self, who: Who, tavolo_id: int, toast: str = "") -> Reply:
        async with self.db.session() as s:
            person = await who.person(s)
            tavolo = await tavoli.get_visible(s, tavolo_id, person)
            return await views.detail(s, tavolo, person, self.now, self.tz, toast)

    async def subscribe(self, who: Who, tavolo_id: int, join: bool) -> Reply:
        async with self.db.session() as s:
            person = await who.person(s)
            if join:
                tavolo = await tavoli.subscribe(s, tavolo_id, person, now=self.now)
            else:
                tavolo = await tavoli.unsubscribe(s, tavolo_id, person, now=self.now)
            toast = (t.SUBSCRIBED if join else t.UNSUBSCRIBED).format(title=tavolo.title)
            return await views.detail(s, tavolo, person, self.now, self.tz, toast)

    async def calendar(self, who: Who, tavolo_id: int) -> Reply:
        """The series as one .ics document ("Aggiungi al calendario")."""
        async with self.db.session() as s:
            tavolo = await tavoli.get_visible(s, tavolo_id, await who.person(s))
            content = ics.series_ics(tavolo, await occurrences.all_of(s, tavolo.id), now=self.now)
        return Reply(files=(File(ics.filename(tavolo), content, render(t.CALENDAR_CAPTION, title=tavolo.title)),))

    async def rsvp(self, who: Who, occurrence_id: int, answer: str) -> Reply:
        """Record the answer; the pressed message keeps its text, its buttons tick the answer."""
        async with self.db.session() as s:
            _, tavolo = await rsvp.answer(s, occurrence_id, await who.person(s), answer, now=self.now)
            agenda = "agenda" in await notes.kinds(s, occurrence_id)
        return Reply(rows=rsvp_keyboard(occurrence_id, tavolo.id, answer, agenda=agenda),
                     toast=t.RSVP_SAVED.format(label=t.RSVP_LABELS[answer]))

    async def note(self, who: Who, occurrence_id: int, kind: str) -> Reply:
        """The agenda or the minutes, to anyone who may see the tavolo."""
        async with self.db.session() as s:
            occurrence, tavolo, note = await notes.read(s, occurrence_id, kind, await who.person(s))
            return views.note_reply(occurrence, tavolo, kind, note, self.tz)

    # ---- dialogues (typed text and documents go to the person's open draft) ----

    async def new_tavolo(self, who: Who) -> Reply:
        async with self.db.session() as s:
            return (await dialogue.start(s, await who.person(s), now=self.now)).as_new_message()

    async def dialogue_button(self, who: Who, step: str, value: str) -> Reply:
        async with self.db.session() as s:
            person = await who.person(s)
            if step == "x":
                return await dialogue.cancel(s, person)
            draft = await dialogue.active(s, person.id) if person is not None else None
            if draft is not None and draft.kind == "edit" and step == "sched":
                return await editing.on_pattern(s, draft, person, value, now=self.now)
            return await dialogue.on_button(s, person, step, value, now=self.now, tz=self.tz)

    async def on_text(self, who: Who, text: str) -> Reply | None:
        """Typed text answers the person's open dialogue; None if they have none (the text is someone else's).
        A dialogue that can no longer be completed (the meeting started, the role was taken away) is dropped."""
        failed: Exception | None = None
        async with self.db.session() as s:
            person = await who.person(s)
            draft = await self._draft(s, person)
            if draft is None:
                return None
            try:
                return await self._typed(s, draft, person, text)
            except DRAFT_ENDERS as exc:
                await s.delete(draft)
                failed = exc
        raise failed

    async def _draft(self, s, person: Person | None):
        draft = await dialogue.active(s, person.id) if person is not None else None
        if draft is not None and draft.updated_at < self.now - dialogue.DRAFT_TTL:  # abandoned: not an answer
            await s.delete(draft)
            return None
        return draft

    async def _typed(self, s, draft, person: Person, text: str) -> Reply:
        now, tz = self.now, self.tz
        if draft.kind == "move":
            return await moving.on_text(s, draft, person, text, now=now, tz=tz)
        if draft.kind == "edit":
            return await editing.on_text(s, draft, person, text, now=now, tz=tz)
        if draft.kind == "person":
            return await editing.on_person_text(s, draft, person, text, now=now)
        if draft.kind == "note":
            return await editing.on_note(s, draft, person, now=now, text=text)
        return await dialogue.on_text(s, draft, person, text, now=now, tz=tz)

    async def awaits_document(self, who: Who) -> bool:
        """True if the person's open dialogue asks for a document (an agenda or minutes)."""
        async with self.db.read() as s:
            person = await who.person(s)
            draft = await dialogue.active(s, person.id) if person is not None else None
            return draft is not None and draft.kind == "note" and draft.updated_at >= self.now - dialogue.DRAFT_TTL

    def check_document(self, filename: str, size: int) -> None:
        """Refused before it is downloaded: a document of an unknown type, or too big."""
        notes.check_file(filename, size)

    async def on_document(self, who: Who, filename: str, content: bytes) -> Reply | None:
        async with self.db.session() as s:
            person = await who.person(s)
            draft = await self._draft(s, person)
            if draft is None or draft.kind != "note":
                return None
            return await editing.on_note(s, draft, person, now=self.now, filename=filename[:200], content=content)

    # ---- the organiser's tools ----

    async def occurrences(self, who: Who, tavolo_id: int, past: bool = False) -> Reply:
        async with self.db.session() as s:
            tavolo = await tavoli.get_managed(s, tavolo_id, await who.person(s))
            return await views.occurrence_list(s, tavolo, self.now, self.tz, past)

    async def occurrence(self, who: Who, occurrence_id: int) -> Reply:
        async with self.db.session() as s:
            result = await rsvp.attendance(s, occurrence_id, await who.person(s))
            return views.occurrence_detail(result, await notes.kinds(s, occurrence_id), self.now, self.tz)

    async def attendance(self, who: Who, occurrence_id: int, as_csv: bool) -> Reply:
        """Who is coming (and who came): counts and names in the chat, or the CSV document."""
        if as_csv:
            return Reply(files=(await self.attendance_file(who, occurrence_id),))
        async with self.db.session() as s:
            result = await rsvp.attendance(s, occurrence_id, await who.person(s))
        return views.attendance_text(result, self.tz)

    async def presence(self, who: Who, occurrence_id: int, page: int) -> Reply:
        async with self.db.session() as s:
            result = await rsvp.attendance(s, occurrence_id, await who.person(s))
            return views.presence_page(result, page, self.tz)

    async def toggle_presence(self, who: Who, occurrence_id: int, person_id: int, page: int) -> Reply:
        async with self.db.session() as s:
            result = await rsvp.toggle_presence(s, occurrence_id, person_id, await who.person(s), now=self.now)
            return views.presence_page(result, page, self.tz)

    async def cancel(self, who: Who, occurrence_id: int, confirmed: bool) -> Reply:
        async with self.db.session() as s:
            person = await who.person(s)
            if confirmed:
                occ, tavolo, n = await occurrences.cancel(s, occurrence_id, person, now=self.now, tz=self.tz)
                return views.cancelled(occ, tavolo, self.tz, n)
            occ, tavolo = await occurrences.editable(s, occurrence_id, person, self.now)
            return views.cancel_confirm(occ, self.tz, len(await tavoli.participants(s, tavolo.id)))

    async def move(self, who: Who, occurrence_id: int) -> Reply:
        async with self.db.session() as s:
            return await moving.start(s, await who.person(s), occurrence_id, now=self.now, tz=self.tz)

    async def audiences(self, who: Who, tavolo_id: int) -> Reply:
        async with self.db.session() as s:
            tavolo = await tavoli.get_managed(s, tavolo_id, await who.person(s))
            return await views.audience_menu(s, tavolo)

    async def add_audience(self, who: Who, tavolo_id: int, kind: str, ref: int) -> Reply:
        async with self.db.session() as s:
            person = await who.person(s)
            audience = await tavoli.audience_from_button(s, kind, ref, person)
            tavolo, added, already = await members.add_rule(s, tavolo_id, audience, person, now=self.now)
        return Reply(render(t.AUDIENCE_ADDED, added=added, already=already, title=tavolo.title), new_message=True)

    async def report(self, who: Who, occurrence_id: int) -> Reply:
        async with self.db.session() as s:
            rounds = await jobs.reminder_rounds(s, occurrence_id, await who.person(s))  # the policy first
            occ, tavolo = await occurrences.get(s, occurrence_id)
        return views.report(occ, tavolo, rounds, self.tz)

    async def edit_menu(self, who: Who, tavolo_id: int) -> Reply:
        async with self.db.session() as s:
            tavolo = await tavoli.get_managed(s, tavolo_id, await who.person(s))
            return await views.edit_menu(s, tavolo, self.now, self.tz)

    async def edit_field(self, who: Who, tavolo_id: int, field: str) -> Reply:
        async with self.db.session() as s:
            return await editing.start_field(s, await who.person(s), tavolo_id, field, now=self.now, tz=self.tz)

    async def toggle_skip(self, who: Who, tavolo_id: int, kind: str) -> Reply:
        """August or the public holidays skipped (or no longer): the meetings follow, participants are told."""
        async with self.db.session() as s:
            person = await who.person(s)
            tavolo = await tavoli.get_managed(s, tavolo_id, person)
            outcome = await tavoli.edit(s, tavolo, person, now=self.now, tz=self.tz,
                                        skip=skipping.toggle(tavolo.skip, kind))
            toast = editing.done(outcome, self.now, self.tz).plain().split("\n")[0]
            return await views.edit_menu(s, outcome.tavolo, self.now, self.tz, toast)

    async def archive(self, who: Who, tavolo_id: int, confirmed: bool) -> Reply:
        async with self.db.session() as s:
            person = await who.person(s)
            if confirmed:
                outcome = await tavoli.archive(s, tavolo_id, person, now=self.now, tz=self.tz)
                return Reply(render(t.ARCHIVED_DONE, title=outcome.tavolo.title,
                                    cancelled=plural(len(outcome.changes.cancelled), *t.CANCELLED_COUNT),
                                    people=outcome.notified),
                             [[{"text": t.BACK_TO_LIST, "data": cb.tavoli_list()}]])
            tavolo = await tavoli.get_managed(s, tavolo_id, person)
            coming = await s.scalar(select(func.count()).select_from(Occurrence).where(
                Occurrence.tavolo_id == tavolo.id, Occurrence.status == "scheduled", Occurrence.start_at > self.now))
            return views.archive_confirm(tavolo, coming, len(await tavoli.participants(s, tavolo.id)))

    async def people(self, who: Who, tavolo_id: int) -> Reply:
        async with self.db.session() as s:
            tavolo = await tavoli.get_managed(s, tavolo_id, await who.person(s))
            return await views.people_list(s, tavolo)

    async def add_person(self, who: Who, tavolo_id: int, person_id: int | None) -> Reply:
        async with self.db.session() as s:
            person = await who.person(s)
            if person_id is None:
                return await editing.start_person(s, person, tavolo_id, now=self.now)
            return await editing.add_person(s, person, tavolo_id, person_id, now=self.now)

    async def remove_person(self, who: Who, tavolo_id: int, person_id: int) -> Reply:
        async with self.db.session() as s:
            organiser = await who.person(s)
            tavolo, removed = await members.remove(s, tavolo_id, person_id, organiser, now=self.now)
            return await views.people_list(s, tavolo, t.PERSON_REMOVED.format(name=removed.name))

    async def set_note(self, who: Who, occurrence_id: int, kind: str) -> Reply:
        async with self.db.session() as s:
            return await editing.start_note(s, await who.person(s), occurrence_id, kind, now=self.now, tz=self.tz)

    # ---- the periodic job and the command line ----

    async def tick(self) -> tuple[int, int]:
        return await jobs.tick(self.db, now=self.now, tz=self.tz)

    async def load(self, path: Path) -> list[tavoli.Outcome]:
        """`zobot tavoli load FILE`: validated whole, then applied as edits (one transaction)."""
        async with self.db.session() as s:
            return await loader.load(s, path, now=self.now, tz=self.tz)

    async def listing(self) -> list[Listed]:
        """`zobot tavoli list`: every active tavolo with its schedule, next meeting and participants."""
        async with self.db.read() as s:
            found = []
            for tavolo in (await s.scalars(select(Tavolo).where(Tavolo.active.is_(True)).order_by(Tavolo.title))).all():
                nxt = await tavoli.next_occurrence(s, tavolo.id, self.now)
                found.append(Listed(
                    tavolo.slug, tavolo.title, tavolo.is_example,
                    describe.schedule(tavolo.rrule, tavolo.dtstart_local, tavolo.dates_local, self.tz),
                    describe.when(nxt.start_at, self.tz) if nxt else t.NO_DATE,
                    len(await tavoli.participants(s, tavolo.id)), skipping.describe(tavolo.skip)))
            return found

    # ---- the organisers' web pages: plain data, the policy asked as for the chat's tools ----

    async def managed(self, who: Who) -> list[Managed]:
        """Every active tavolo with its next meeting and how many take part (organisers)."""
        async with self.db.read() as s:
            person = await who.person(s)
            policy.require(person, "manage_tavoli")
            assert person is not None
            return [Managed(tavolo, await tavoli.next_occurrence(s, tavolo.id, self.now),
                            len(await tavoli.participants(s, tavolo.id)))
                    for tavolo in await tavoli.visible(s, person)]

    async def calendar_of(self, who: Who, tavolo_id: int) -> Calendar:
        """A tavolo's coming and past meetings, each with its RSVPs and presences (the chat's «🗓 Incontri»)."""
        if policy.valid_id(tavolo_id) is None:
            raise NotFound("tavolo", tavolo_id)
        async with self.db.read() as s:
            person = await who.person(s)
            tavolo = await tavoli.get_managed(s, tavolo_id, person)
            assert person is not None
            shown = Calendar(tavolo, len(await tavoli.participants(s, tavolo.id)),
                             describe.schedule(tavolo.rrule, tavolo.dtstart_local, tavolo.dates_local, self.tz))
            for occurrence in await occurrences.upcoming(s, tavolo.id, self.now):
                shown.upcoming.append(await rsvp.attendance(s, occurrence.id, person))
            for occurrence in await occurrences.past(s, tavolo.id, self.now):
                shown.past.append(await rsvp.attendance(s, occurrence.id, person))
            return shown

    async def attendance_of(self, who: Who, occurrence_id: int) -> rsvp.Attendance:
        """One meeting's participants by answer, and who came (the chat's «📋 Presenze»)."""
        if policy.valid_id(occurrence_id) is None:
            raise NotFound("occurrence", occurrence_id)
        async with self.db.read() as s:
            return await rsvp.attendance(s, occurrence_id, await who.person(s))

    async def attendance_file(self, who: Who, occurrence_id: int) -> File:
        """«⬇️ CSV presenze» in the chat and on the web (formula-safe), audited as `occurrence.export`."""
        if policy.valid_id(occurrence_id) is None:
            raise NotFound("occurrence", occurrence_id)
        async with self.db.session() as s:
            person = await who.person(s)
            result = await rsvp.attendance(s, occurrence_id, person)
            await audit.record(s, person, "occurrence.export", f"occurrence:{occurrence_id}",
                               {"rows": len(result.people())}, now=self.now)
        return views.csv_reply(result, rsvp.attendance_csv(result, self.tz), self.tz).files[0]
