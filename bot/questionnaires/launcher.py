"""The organiser's launch dialogue, carried entirely in button data (nothing kept in memory).

q:L → questionnaire → audience (po | ref | all | zone → z<id>) → days → confirm with a nonce → launch.
q:S:<campaign> shows invited / started / completed at any time.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Zone
from bot.people import audience as audiences
from bot.people.models import Person
from bot.questionnaires import campaigns, registry
from bot.questionnaires.state import fmt_when
from bot.questionnaires.views import View
from bot.texts import questionnaires as A
from bot.texts import render

DAYS = (7, 14, 30)
AUD_BY_DEFINITION = {"po": "po", "referenti": "ref", "tutti": "all"}
AUD_KIND = {"po": "all_po", "ref": "all_referents", "all": "everyone"}


async def menu(session: AsyncSession) -> View:
    found = registry.available()
    kb = [[{"text": d.title[:60], "data": f"q:L:{key}"}] for key, d in found.items()]
    return View(A.LAUNCH_PICK if found else A.LAUNCH_NONE, kb)


async def _audience(session: AsyncSession, code: str) -> tuple[audiences.Audience, str] | None:
    if code in AUD_KIND:
        return audiences.Audience(AUD_KIND[code]), A.AUDIENCE[code]
    if code.startswith("z") and code[1:].isdigit():
        zone = await session.get(Zone, int(code[1:]))
        if zone is not None:
            return audiences.Audience("zone_referents", zone_code=zone.code), render(A.AUDIENCE_ZONE, zone=zone.name)
    return None


async def press(session: AsyncSession, person: Person, data: str, *, now: datetime, tz: ZoneInfo) -> View:
    parts = data.split(":")
    if parts[1] == "S" and len(parts) == 3 and parts[2].isdigit():
        return await status(session, int(parts[2]), tz)
    if len(parts) < 3 or parts[2] == "x":
        return View(A.LAUNCH_CANCELLED)
    definition = registry.available().get(parts[2])
    if definition is None:
        return View(toast=A.UNKNOWN_QUESTIONNAIRE)
    base = f"q:L:{definition.id}"
    if len(parts) == 3:
        first = AUD_BY_DEFINITION[definition.audience]
        order = [first] + [c for c in ("po", "ref", "all") if c != first]
        kb = [[{"text": A.AUDIENCE[c], "data": f"{base}:{c}"}] for c in order]
        kb.append([{"text": A.AUDIENCE["zone"], "data": f"{base}:zone"}])
        return View(render(A.LAUNCH_AUDIENCE, title=definition.title), kb)
    if parts[3] == "zone" and len(parts) == 4:
        zones = (await session.execute(select(Zone.id, Zone.name).order_by(Zone.name))).all()
        return View(render(A.LAUNCH_ZONE, title=definition.title),
                    [[{"text": name, "data": f"{base}:z{zid}"}] for zid, name in zones])
    chosen = await _audience(session, parts[3])
    if chosen is None:
        return View(toast=A.UNKNOWN_QUESTIONNAIRE)
    aud, aud_label = chosen
    if len(parts) == 4:
        return View(render(A.LAUNCH_DAYS, title=definition.title, audience=aud_label),
                    [[{"text": render(A.DAYS, n=n), "data": f"{base}:{parts[3]}:{n}"} for n in DAYS]])
    if not parts[4].isdigit() or int(parts[4]) not in DAYS:
        return View(toast=A.UNKNOWN_QUESTIONNAIRE)
    closes = now + timedelta(days=int(parts[4]))
    if len(parts) == 5:
        people = len(await audiences.resolve(session, aud))
        nonce = format(int(now.timestamp()), "x")
        return View(render(A.LAUNCH_CONFIRM, title=definition.title, audience=aud_label, n=people,
                           closes=fmt_when(closes, tz)),
                    [[{"text": A.BUTTON_LAUNCH, "data": f"{data}:{nonce}"}],
                     [{"text": A.BUTTON_CANCEL, "data": "q:L:x"}]])
    key = f"chat:{person.id}:{':'.join(parts[2:6])}"
    campaign, n = await campaigns.launch(session, definition, aud, opens_at=now, closes_at=closes,
                                         created_by=person.id, launch_key=key[:64], now=now, tz=tz, actor=person)
    if n is None:
        return await status(session, campaign.id, tz)
    return View(render(A.LAUNCHED, title=definition.title, n=n, closes=fmt_when(campaign.closes_at, tz)),
                [[{"text": A.BUTTON_STATUS, "data": f"q:S:{campaign.id}"},
                  {"text": A.BUTTON_RESULTS, "data": f"q:R:{campaign.id}"}]])


async def status(session: AsyncSession, campaign_id: int, tz: ZoneInfo) -> View:
    """Invited / started / completed / opted out of one campaign, any time."""
    from bot.questionnaires.models import Campaign, QuestionnaireVersion
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        return View(toast=A.UNKNOWN_QUESTIONNAIRE)
    version = await session.get(QuestionnaireVersion, campaign.version_id)
    p = await campaigns.progress(session, campaign_id)
    text = render(A.STATUS, title=version.title, total=p.total, invited=p.invited, started=p.started,
                  completed=p.completed, opted_out=p.opted_out, rate=f"{p.rate:.0%}",
                  closes=fmt_when(campaign.closes_at, tz))
    return View(text, [[{"text": A.BUTTON_REFRESH, "data": f"q:S:{campaign_id}"},
                        {"text": A.BUTTON_RESULTS, "data": f"q:R:{campaign_id}"}]])
