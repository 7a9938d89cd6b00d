"""The tavoli's pages: the tavoli with their next meeting, one tavolo's calendar with the RSVPs and presences
of each meeting, one meeting's attendance and its CSV. All from MeetingService, the chat's own use cases."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from bot.errors import NotAllowed, NotFound
from web.dashboard import download, organiser, pages_for, refused, valid, who_of
from web.frame import ctx, page

ACTION = "manage_tavoli"  # the chat asks it for every organiser's tool of a tavolo


async def listing(request: Request):
    """GET /gestione/tavoli."""
    who, refusal = await organiser(request, ACTION)
    if refusal is not None:
        return refusal
    c = ctx(request)
    assert c.services.meetings is not None
    try:
        rows = await c.services.meetings.managed(who_of(who))
    except NotAllowed as exc:
        return await refused(request, who, exc)
    return await page(request, "tavoli.html", private=True, nav="tavoli", pages=pages_for(who), rows=rows,
                      tz=c.settings.timezone)


async def tavolo(request: Request):
    """GET /gestione/tavoli/<id>: the calendar, with RSVPs and presences per meeting."""
    who, refusal = await organiser(request, ACTION)
    if refusal is not None:
        return refusal
    c = ctx(request)
    tavolo_id = valid(request.path_params["id"])
    assert c.services.meetings is not None
    try:
        shown = await c.services.meetings.calendar_of(who_of(who), tavolo_id)
    except NotAllowed as exc:
        return await refused(request, who, exc)
    except NotFound:
        raise HTTPException(404) from None
    return await page(request, "tavolo.html", private=True, nav="tavoli", pages=pages_for(who), cal=shown,
                      tz=c.settings.timezone)


async def attendance(request: Request):
    """GET /gestione/incontri/<id>: who answered what, and who came."""
    who, refusal = await organiser(request, ACTION)
    if refusal is not None:
        return refusal
    c = ctx(request)
    occurrence_id = valid(request.path_params["id"])
    assert c.services.meetings is not None
    try:
        result = await c.services.meetings.attendance_of(who_of(who), occurrence_id)
    except NotAllowed as exc:
        return await refused(request, who, exc)
    except NotFound:
        raise HTTPException(404) from None
    return await page(request, "attendance.html", private=True, nav="tavoli", pages=pages_for(who), a=result,
                      tz=c.settings.timezone)


async def attendance_csv(request: Request):
    """GET /gestione/incontri/<id>/presenze.csv: the chat's CSV, as a download."""
    who, refusal = await organiser(request, ACTION)
    if refusal is not None:
        return refusal
    c = ctx(request)
    occurrence_id = valid(request.path_params["id"])
    assert c.services.meetings is not None
    try:
        file = await c.services.meetings.attendance_file(who_of(who), occurrence_id)
    except NotAllowed as exc:
        return await refused(request, who, exc)
    except NotFound:
        raise HTTPException(404) from None
    return download(file)
