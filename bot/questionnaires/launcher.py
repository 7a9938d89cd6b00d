"""The organiser's launch dialogue, carried entirely in button data (nothing kept in memory), and the preview.

q:L → questionnaire (👁 preview: q:P) → audience (po | ref | all | zone → z<id>) → days → confirm (one
response per person, or per comune for referents) with a nonce → launch.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.catalogue.models import Zone
from bot.errors import NotFound
from bot.people import audience as audiences
from bot.people.models import Person
from bot.questionnaires import callbacks as cb
from bot.questionnaires import campaigns, followup, registry, units
from bot.questionnaires.callbacks import Launch
from bot.questionnaires.definition import Definition
from bot.reply import Reply
from bot.texts import Markup, plural, render
from bot.texts import questionnaires as T

AUD_BY_DEFINITION = {"po": "po", "referenti": "ref", "tutti": "all"}
AUD_KIND = {"po": "all_po", "ref": "all_referents", "all": "everyone"}
PREVIEW_MAX = 3800


async def menu(session: AsyncSession) -> Reply:
    found = await registry.available(session)
    rows = [[{"text": a.definition.title[:60], "data": cb.launch(Launch(key))}] for key, a in found.items()]
    return Reply(T.LAUNCH_PICK if found else T.LAUNCH_NONE, rows)


async def _audience(session: AsyncSession, code: str) -> tuple[audiences.Audience, str]:
    if code in AUD_KIND:
        return audiences.Audience(AUD_KIND[code]), T.AUDIENCE[code]
    zone = await session.get(Zone, int(code[1:])) if code.startswith("z") and code != "zone" else None
    if zone is None:
        raise NotFound("questionnaire", code)
    return audiences.Audience("zone_referents", zone_code=zone.code), render(T.AUDIENCE_ZONE, zone=zone.name)


async def _definition(session: AsyncSession, key: str) -> Definition:
    found = (await registry.available(session)).get(key)
    if found is None:
        raise NotFound("questionnaire", key)
    return found.definition


async def press(session: AsyncSession, person: Person, step: Launch, *, now: datetime, tz: ZoneInfo) -> Reply:
    """One step of the dialogue (the policy was asked by the service)."""
    if step.cancel:
        return Reply(T.LAUNCH_CANCELLED)
    if step.key is None:
        return await menu(session)
    definition = await _definition(session, step.key)
    if step.audience is None:
        first = AUD_BY_DEFINITION[definition.audience]
        order = [first] + [c for c in ("po", "ref", "all") if c != first]
        rows = [[{"text": T.AUDIENCE[c], "data": cb.launch(Launch(step.key, c))}] for c in order]
        rows.append([{"text": T.AUDIENCE["zone"], "data": cb.launch(Launch(step.key, "zone"))}])
        rows.append([{"text": T.BUTTON_PREVIEW, "data": cb.preview(step.key)}])
        return Reply(render(T.LAUNCH_AUDIENCE, title=definition.title, version=definition.version), rows)
    if step.audience == "zone":
        zones = (await session.execute(select(Zone.id, Zone.name).order_by(Zone.name))).all()
        return Reply(render(T.LAUNCH_ZONE, title=definition.title),
                     [[{"text": name, "data": cb.launch(Launch(step.key, f"z{zid}"))}] for zid, name in zones])
    audience, label = await _audience(session, step.audience)
    if step.days is None:
        return Reply(render(T.LAUNCH_DAYS, title=definition.title, audience=label),
                     [[{"text": plural(n, *T.DAYS), "data": cb.launch(Launch(step.key, step.audience, n))}
                       for n in cb.DAYS]])
    per_comune = step.per_comune and units.suits(audience) and not definition.anonymous
    closes = now + timedelta(days=step.days)
    if step.nonce is None:
        return await _confirm(session, step, definition, audience, label, per_comune, closes, now, tz)
    key = f"chat:{person.id}:{step.key}:{step.audience}:{step.days}{'c' if per_comune else ''}:{step.nonce}"
    campaign, n = await campaigns.launch(session, definition, audience, opens_at=now, closes_at=closes,
                                         created_by=person.id, launch_key=key[:64], now=now, tz=tz, actor=person,
                                         unit="comune" if per_comune else "person")
    if n is None:
        return await followup.status(session, campaign.id, tz, now)
    return Reply(render(T.LAUNCHED, title=definition.title, invites=plural(n, *T.INVITES),
                        closes=timefmt.day_at(campaign.closes_at, tz)),
                 [[{"text": T.BUTTON_STATUS, "data": cb.status(campaign.id)},
                   {"text": T.BUTTON_RESULTS, "data": cb.results(campaign.id)}]])


async def _confirm(session, step: Launch, definition: Definition, audience, label: str, per_comune: bool,
                   closes: datetime, now: datetime, tz: ZoneInfo) -> Reply:
    people = len(await audiences.resolve(session, audience))
    nonce = format(int(now.timestamp()), "x")
    chosen = Launch(step.key, step.audience, step.days, per_comune)
    rows = [[{"text": T.BUTTON_LAUNCH, "data": cb.launch(Launch(step.key, step.audience, step.days, per_comune,
                                                                 nonce))}]]
    if units.suits(audience) and not definition.anonymous:  # referents: one response per person or per comune
        other = Launch(step.key, step.audience, step.days, not per_comune)
        rows.append([{"text": T.BUTTON_UNIT_PERSON if per_comune else T.BUTTON_UNIT_COMUNE,
                      "data": cb.launch(other)}])
    rows.append([{"text": T.BUTTON_PREVIEW, "data": cb.preview(chosen.key)},
                 {"text": T.BUTTON_CANCEL, "data": cb.launch(Launch(cancel=True))}])
    return Reply(render(T.LAUNCH_CONFIRM, title=definition.title, audience=label, n=people,
                        closes=timefmt.day_at(closes, tz), unit=T.UNIT_COMUNE if per_comune else T.UNIT_PERSON), rows)


async def preview(session: AsyncSession, key: str) -> Reply:
    """Every question of the newest version, with its kind, choices and conditions, before launching it."""
    d = await _definition(session, key)
    text = render(T.PREVIEW_HEAD, title=d.title, version=d.version, introduction=d.introduction,
                  anonymous=T.PREVIEW_ANONYMOUS if d.anonymous else "",
                  audience=T.DEFINITION_AUDIENCE.get(d.audience, d.audience),
                  questions=plural(len(d.questions), *T.PREVIEW_QUESTIONS))
    for n, q in enumerate(d.questions, 1):
        part = render(T.PREVIEW_Q, n=n, label=q.label, kind=T.KINDS[q.type],
                      required="" if q.required else T.PREVIEW_OPTIONAL)
        if q.when:
            part += render(T.PREVIEW_WHEN, when=q.when)
        for choice in q.choices:
            part += render(T.PREVIEW_CHOICE, label=choice.label)
        if len(text) + len(part) > PREVIEW_MAX:
            text += T.PREVIEW_CUT
            break
        text += part
    return Reply(Markup(text), [[{"text": T.BUTTON_LAUNCH, "data": cb.launch(Launch(key))},
                                 {"text": T.BUTTON_CANCEL, "data": cb.launch(Launch(cancel=True))}]])
