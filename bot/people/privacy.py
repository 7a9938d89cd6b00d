"""GDPR: the notice, erasure that leaves nothing naming the person, retention. (The copy of a person's
data, `/imiei_dati`, is bot/people/my_data.py.)

Erasure blanks the Person row (name, username, Telegram ids, role, office) instead of deleting it:
records of what happened (audit, invitations made, sent announcements, questionnaire counts) keep
pointing at people.id, so their counts stay right while nothing in them names a living person any
more. Every column of any table that refers to people.id has a rule below; a new one without a rule
fails tests/test_people_privacy.py.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import Table, delete, null, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

import bot.db.models  # noqa: F401  every table in Base.metadata: erasure and export see them all
from bot.config import Settings
from bot.db.base import Base
from bot.people import audit, my_data
from bot.people.models import Person
from bot.texts import people as texts
from bot.texts import render
from bot.webhook.models import KEEP_UPDATE_IDS

DELETE, KEEP, BLANK, OWN = "delete", "keep", "blank", "own"
# (table, column referring to people.id) -> what erasure does with the person's rows there
ERASURE = {
    ("person_comuni", "person_id"): DELETE,
    ("registration_requests", "person_id"): DELETE,  # first their notices to organisers are blanked
    ("tavolo_participants", "person_id"): DELETE,  # no blank-named rows in attendance lists
    ("rsvps", "person_id"): DELETE,
    ("presences", "person_id"): DELETE,  # who came to a meeting: goes with the RSVPs
    ("tavolo_opt_outs", "person_id"): DELETE,
    ("tavolo_drafts", "person_id"): DELETE,
    ("web_login_links", "person_id"): DELETE,  # an erased person logs in nowhere, and their feeds stop
    ("web_sessions", "person_id"): DELETE,
    ("personal_links", "person_id"): DELETE,  # links in e-mails (answer, RSVP, confirm, unsubscribe) open nothing more
    ("calendar_feeds", "person_id"): DELETE,
    ("coverage_drafts", "person_id"): DELETE,  # a /copertura dialogue in progress
    ("delivery_drafts", "author_id"): OWN,  # drafts go; announcements already sent stay (the office's act)
    ("outbox", "person_id"): BLANK,  # messages to the person: text, buttons, files and chat go
    ("invitations", "used_by"): BLANK,  # the name and e-mail the organiser typed
    ("coverage_changes", "actor_id"): BLANK,
    ("q_invitations", "person_id"): BLANK,  # the completion flag stays (counts); answers lose the link
    ("registration_requests", "decided_by"): KEEP,  # what this person did to others: internal id only
    ("invitations", "created_by"): KEEP,
    ("audit_log", "actor_id"): KEEP,
    ("tavoli", "organiser_id"): KEEP,
    ("presences", "recorded_by"): KEEP,  # the organiser who took the attendance
    ("occurrence_notes", "updated_by"): KEEP,  # who wrote an agenda or minutes
    ("q_campaigns", "created_by"): KEEP,
    ("coverage_proposals", "person_id"): KEEP,  # the office's answer, attributed to the office, not a name
    ("coverage_proposals", "decided_by"): KEEP,
    ("q_comune_shares", "held_by"): KEEP,  # a comune's shared response: the comune's answer, internal id only
}


def _t(name: str) -> Table:
    return Base.metadata.tables[name]


def notice(settings: Settings):
    """The privacy notice (GDPR art. 13), with this deployment's controller, DPO and retention."""
    dpo = settings.privacy_dpo or render(texts.PRIVACY_DPO_FALLBACK, contact=settings.privacy_contact)
    return render(texts.PRIVACY, controller=settings.privacy_controller, contact=settings.privacy_contact,
                  dpo=dpo, days=settings.retention_days, update_days=KEEP_UPDATE_IDS.days)


async def erase(session: AsyncSession, person: Person, *, now: datetime, reason: str = "request") -> None:
    """Delete or blank every row that names the person (rules in ERASURE); keep the row and the counts.

    Call `Database.forget_deleted()` after the commit, so the deleted bytes leave the SQLite files too."""
    pid, chat_id = person.id, person.chat_id
    if person.telegram_user_id is not None:
        await _forget_updates(session, person.telegram_user_id, now)
    await _blank_notices_to_organisers(session, pid)
    for (table, column), rule in ERASURE.items():
        if rule == DELETE:
            await session.execute(delete(_t(table)).where(_t(table).c[column] == pid))
    drafts = _t("delivery_drafts")
    await session.execute(delete(drafts).where(drafts.c.author_id == pid, drafts.c.status != "sent"))
    await _blank_outbox(session, _t("outbox").c.person_id == pid if chat_id is None
                        else or_(_t("outbox").c.person_id == pid, _t("outbox").c.chat_id == chat_id))
    if person.email:
        await _blank_outbox(session, _t("outbox").c.address == person.email)
    await _update(session, "invitations", "used_by", pid, name="", email=None)
    await _update(session, "coverage_changes", "actor_id", pid, actor="")
    await _unlink_responses(session, pid, now)
    person.telegram_user_id = None
    person.chat_id = None
    person.name = ""
    person.username = None
    person.role = None
    person.member_role = None
    person.office_id = None
    person.reachable = False
    person.email = None  # e-mail as a channel: the address and its history go
    person.email_confirmed_at = person.email_refused_at = person.email_unsubscribed_at = None
    person.channel = "telegram"
    person.erased_at = now
    await audit.record(session, pid, "privacy.erase", f"person:{pid}", {"reason": reason}, now=now)
    await session.flush()


async def _update(session: AsyncSession, table: str, column: str, pid: int, **values) -> None:
    t = _t(table)
    await session.execute(update(t).where(t.c[column] == pid).values(**values))


async def _blank_outbox(session: AsyncSession, where) -> None:
    outbox = _t("outbox")
    await session.execute(update(outbox).where(where, outbox.c.status.in_(("pending", "claimed")))
                          .values(status="expired"))
    await session.execute(update(outbox).where(where).values(text="", keyboard=null(), content=None, filename=None,
                                                             chat_id=0, address=None, subject=None))


async def _forget_updates(session: AsyncSession, telegram_user_id: int, now: datetime) -> None:
    """Webhook updates of the person still held (this very one included): payload gone, marked processed."""
    inbox = _t("inbound_updates")
    held = (await session.execute(select(inbox.c.update_id, inbox.c.payload)
                                  .where(inbox.c.payload.is_not(None)))).all()
    ids = [update_id for update_id, payload in held if my_data.mentions(payload, telegram_user_id)]
    if ids:
        await session.execute(update(inbox).where(inbox.c.update_id.in_(ids))
                              .values(payload=null(), processed_at=now, last_error="erased"))


async def _blank_notices_to_organisers(session: AsyncSession, pid: int) -> None:
    """The registration notices sent to organisers carry the person's name: their text goes."""
    requests = _t("registration_requests")
    ids = (await session.scalars(select(requests.c.id).where(requests.c.person_id == pid))).all()
    if not ids:
        return
    outbox = _t("outbox")
    rounds = outbox.c.round.in_([f"registration:{i}" for i in ids])
    await session.execute(update(outbox).where(rounds, outbox.c.status.in_(("pending", "claimed")))
                          .values(status="expired"))
    await session.execute(update(outbox).where(rounds).values(text="", keyboard=null()))


async def _unlink_responses(session: AsyncSession, pid: int, now: datetime) -> None:
    """Questionnaires: the invitation keeps its status and day (counts, no reminders); answers in progress
    go; sent answers stay without link, time or update id, like an anonymous response."""
    invitations, responses, answers = _t("q_invitations"), _t("q_responses"), _t("q_answers")
    rows = (await session.execute(select(responses.c.id, responses.c.status)
                                  .join(invitations, invitations.c.response_id == responses.c.id)
                                  .where(invitations.c.person_id == pid))).all()
    day = now.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    await session.execute(update(invitations).where(invitations.c.person_id == pid)
                          .values(response_id=None, touched_at=day))
    started = [rid for rid, status in rows if status != "completed"]
    sent = [rid for rid, status in rows if status == "completed"]
    if started:
        await session.execute(delete(answers).where(answers.c.response_id.in_(started)))
        await session.execute(delete(responses).where(responses.c.id.in_(started)))
    if sent:
        await session.execute(update(answers).where(answers.c.response_id.in_(sent))
                              .values(source_message_id=None, answered_at=None))
        await session.execute(update(responses).where(responses.c.id.in_(sent))
                              .values(submitted_at=None, last_message_id=0))


async def apply_retention(session: AsyncSession, *, now: datetime, days: int,
                          admins: frozenset[int] = frozenset()) -> int:
    """Erase accounts not seen for `days`, except the admins listed in ZOBOT_ADMINS now (an ex-admin is
    treated like anyone, whatever their stored role); returns how many."""
    cutoff = now - timedelta(days=days)
    stale = await session.scalars(select(Person).where(
        Person.erased_at.is_(None), Person.telegram_user_id.is_not(None),
        Person.telegram_user_id.not_in(admins) if admins else Person.id.is_not(None),
        or_(Person.last_seen_at < cutoff, Person.last_seen_at.is_(None) & (Person.created_at < cutoff))))
    count = 0
    for person in list(stale):
        await erase(session, person, now=now, reason="retention")
        count += 1
    return count
