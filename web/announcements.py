"""The deliveries' pages (the chat's /consegne): every round the outbox sent — announcements, questionnaire
invitations and reminders, tavoli reminders — with its outcome counts, and one round's detail."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from bot.errors import NotAllowed, NotFound
from web.dashboard import organiser, pages_for, refused, valid, who_of
from web.frame import ctx, page

ACTION = "delivery_report"


async def listing(request: Request):
    """GET /gestione/annunci."""
    who, refusal = await organiser(request, ACTION)
    if refusal is not None:
        return refusal
    c = ctx(request)
    assert c.services.announcements is not None
    try:
        rounds = await c.services.announcements.rounds(who_of(who))
    except NotAllowed as exc:
        return await refused(request, who, exc)
    return await page(request, "deliveries.html", private=True, nav="deliveries", pages=pages_for(who),
                      rounds=rounds, tz=c.settings.timezone)


async def detail(request: Request):
    """GET /gestione/annunci/<id of the round's first message>."""
    who, refusal = await organiser(request, ACTION)
    if refusal is not None:
        return refusal
    c = ctx(request)
    first_id = valid(request.path_params["id"])
    assert c.services.announcements is not None
    try:
        label, found, text = await c.services.announcements.round_of(who_of(who), first_id)
    except NotAllowed as exc:
        return await refused(request, who, exc)
    except NotFound:
        raise HTTPException(404) from None
    return await page(request, "delivery.html", private=True, nav="deliveries", pages=pages_for(who),
                      label=label, r=found, text=text, tz=c.settings.timezone)
