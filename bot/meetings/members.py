"""Who takes part in a tavolo: audiences as rules kept current, and people named by the organiser.

A tavolo's audience rules ("referents of zone X", "PO of theme T", "every referent": bot/people/audience.py)
are stored with it and applied again at every reminder tick (`reconcile_all`), so the database stays the
truth: a referent registered after the tavolo was created joins it (and is told so, through the outbox);
one who no longer qualifies (revoked, another zone) leaves, and nothing of the tavolo waits in the outbox
for them. People who left a tavolo themselves, or were removed by the organiser, are not added again
(`OptOut`) until they join again. People added by name stay whatever the rules say.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.lookup import fold
from bot.db.upsert import insert_ignore
from bot.errors import NotFound
from bot.meetings import callbacks as cb
from bot.meetings.models import AudienceRule, OptOut, Participant, Tavolo
from bot.meetings.tavoli import get, leave
from bot.outbox.models import OutboxMessage
from bot.outbox.queue import Outgoing
from bot.people import audit, policy
from bot.people.audience import Audience, from_json, resolve, to_json
from bot.people.channels import enqueue
from bot.people.models import Person
from bot.texts import meetings as t
from bot.texts import render

RULE_SOURCE, NAMED_SOURCE = "rule", "named"
MAX_MATCHES = 8


def rule_key(audience: Audience) -> str:
    """One row per rule and tavolo: adding the same rule twice changes nothing."""
    if audience.kind == "union":
        return "|".join(rule_key(p) for p in audience.parts)[:120]
    ref = audience.zone_code or audience.theme_code or ",".join(audience.comune_codes) \
        or ",".join(map(str, audience.person_ids)) or ""
    return f"{audience.kind}:{ref}"[:120]


async def add_rule(session: AsyncSession, tavolo_id: int, audience: Audience, organiser: Person, *, now: datetime,
                   actor: str | None = None) -> tuple[Tavolo, int, int]:
    """Make a whole audience a rule of the tavolo and apply it now: (tavolo, added, already there).

    Audited as `tavolo.audience` by the organiser (or `actor`, e.g. "cli" for a file load)."""
    policy.require(organiser, "manage_tavoli")
    tavolo = await get(session, tavolo_id)
    await insert_ignore(session, AudienceRule.__table__, [
        {"tavolo_id": tavolo.id, "key": rule_key(audience), "rule": to_json(audience), "created_at": now}],
        ["tavolo_id", "key"])
    people = await resolve(session, audience)
    joined, _ = await reconcile(session, tavolo, now=now)
    added = len([p for p in people if p.id in joined])
    await audit.record(session, actor or organiser, "tavolo.audience", f"tavolo:{tavolo.id}",
                       {**audit.audience_detail(audience), "added": added, "already": len(people) - added}, now=now)
    return tavolo, added, len(people) - added


async def rules_of(session: AsyncSession, tavolo_id: int) -> list[Audience]:
    rows = (await session.scalars(select(AudienceRule.rule).where(AudienceRule.tavolo_id == tavolo_id)
                                  .order_by(AudienceRule.id))).all()
    return [from_json(r) for r in rows]


async def reconcile(session: AsyncSession, tavolo: Tavolo, *, now: datetime) -> tuple[set[int], set[int]]:
    """Apply the tavolo's rules: who joined (told so) and who left; (joined ids, left ids)."""
    rules = await rules_of(session, tavolo.id)
    wanted: dict[int, tuple[Person, Audience]] = {}
    for audience in rules:
        for person in await resolve(session, audience):
            wanted.setdefault(person.id, (person, audience))
    current = dict((await session.execute(select(Participant.person_id, Participant.source)
                                          .where(Participant.tavolo_id == tavolo.id))).all())
    opted = set(await session.scalars(select(OptOut.person_id).where(OptOut.tavolo_id == tavolo.id)))
    joining = [pid for pid in wanted if pid not in current and pid not in opted]
    leaving = {pid for pid, source in current.items() if source == RULE_SOURCE and pid not in wanted}
    if joining:
        await insert_ignore(session, Participant.__table__, [
            {"tavolo_id": tavolo.id, "person_id": pid, "source": RULE_SOURCE, "created_at": now} for pid in joining],
            ["tavolo_id", "person_id"])
        await _welcome(session, tavolo, [wanted[pid] for pid in joining], now=now)
    for pid in leaving:  # no opt-out: they may qualify again (a new zone back), then they rejoin
        await leave(session, tavolo.id, pid, now=None)
    return set(joining), leaving


async def reconcile_all(session: AsyncSession, *, now: datetime) -> tuple[int, int]:
    """Every active tavolo with rules, then nothing of any tavolo left waiting for people who lost their
    role (revoked members): (joined, left)."""
    joined = left = 0
    ids = (await session.scalars(select(AudienceRule.tavolo_id).distinct()
                                 .join(Tavolo, Tavolo.id == AudienceRule.tavolo_id).where(Tavolo.active.is_(True)))).all()
    for tavolo_id in ids:
        came, went = await reconcile(session, await session.get(Tavolo, tavolo_id), now=now)
        joined, left = joined + len(came), left + len(went)
    await expire_for_outsiders(session)
    return joined, left


async def expire_for_outsiders(session: AsyncSession) -> int:
    """Tavoli messages still waiting for someone who has lost their role (a revoked member: their
    participations went with it, bot/people/membership.py). People who leave one tavolo have theirs
    expired when they leave (`tavoli.leave`)."""
    waiting = select(OutboxMessage.id).join(Person, Person.id == OutboxMessage.person_id).where(
        OutboxMessage.status == "pending", Person.role.is_(None), OutboxMessage.round.startswith("m:"))
    done = await session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(waiting))
                                 .values(status="expired").execution_options(synchronize_session=False))
    return done.rowcount or 0


async def _welcome(session: AsyncSession, tavolo: Tavolo, people: list[tuple[Person, Audience]], *,
                   now: datetime) -> None:
    """«You have been added to the tavolo because …», once per person and day."""
    day = now.date().isoformat()
    name = f"m:{tavolo.id}:join:{day}"
    rows = [[{"text": t.OPEN_TAVOLO, "data": cb.tavolo(tavolo.id)},
             {"text": t.UNSUBSCRIBE, "data": cb.subscribe(tavolo.id, join=False)}]]
    await enqueue(session, [
        Outgoing(key=f"{name}:p{person.id}", round=name, chat_id=person.chat_id, person_id=person.id,
                 text=render(t.JOINED_NOTICE, title=tavolo.title, why=await _why(session, audience)),
                 keyboard=rows, due_at=now)
        for person, audience in people], now=now)  # enqueue skips who is reachable on no channel


async def _why(session: AsyncSession, audience: Audience) -> str:
    from bot.catalogue.models import Theme, Zone

    if audience.kind == "zone_referents":
        name = await session.scalar(select(Zone.name).where(Zone.code == audience.zone_code))
        return t.WHY_ZONE.format(zone=name or audience.zone_code)
    if audience.kind == "theme_po":
        name = await session.scalar(select(Theme.name).where(Theme.code == audience.theme_code))
        return t.WHY_THEME.format(theme=name or audience.theme_code)
    return t.WHY_OTHER.get(audience.kind, t.WHY_OTHER["people"])


# ---- people named by the organiser ----

async def named_candidates(session: AsyncSession, text: str) -> list[Person]:
    """People with a role whose name (folded) contains every word typed, at most MAX_MATCHES + 1."""
    words = fold(text).split()
    if not words:
        return []
    found = [p for p in (await session.scalars(select(Person).where(
        Person.role.is_not(None), Person.erased_at.is_(None)).order_by(Person.name, Person.id))).all()
        if all(w in fold(p.name) for w in words)]
    return found[:MAX_MATCHES + 1]


async def add_named(session: AsyncSession, tavolo_id: int, person_id: int, organiser: Person, *,
                    now: datetime) -> tuple[Tavolo, Person, bool]:
    """Add one person by name: (tavolo, person, added now)."""
    policy.require(organiser, "manage_tavoli")
    tavolo = await get(session, tavolo_id)
    person = await session.get(Person, person_id)
    if person is None or person.role is None or person.erased_at is not None:
        raise NotFound("participant", person_id)
    added = await insert_ignore(session, Participant.__table__, [
        {"tavolo_id": tavolo.id, "person_id": person.id, "source": NAMED_SOURCE, "created_at": now}],
        ["tavolo_id", "person_id"])
    await session.execute(delete(OptOut).where(and_(OptOut.tavolo_id == tavolo.id, OptOut.person_id == person.id)))
    await audit.record(session, organiser, "tavolo.person_add", f"tavolo:{tavolo.id}", {"person_id": person.id},
                       now=now)
    return tavolo, person, bool(added)


async def remove(session: AsyncSession, tavolo_id: int, person_id: int, organiser: Person, *,
                 now: datetime) -> tuple[Tavolo, Person]:
    """Remove one person: out now, not added again by a rule, nothing of the tavolo left waiting for them."""
    policy.require(organiser, "manage_tavoli")
    tavolo = await get(session, tavolo_id)
    person = await session.get(Person, person_id)
    if person is None:
        raise NotFound("participant", person_id)
    await leave(session, tavolo.id, person.id, now=now)
    await audit.record(session, organiser, "tavolo.person_remove", f"tavolo:{tavolo.id}", {"person_id": person.id},
                       now=now)
    return tavolo, person
