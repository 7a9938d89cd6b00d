"""The tavoli's pages: the tavoli with their next meeting, one tavolo's calendar with the RSVPs and presences
of each meeting, one meeting's attendance and its CSV. All from MeetingService, the chat's own use cases."""
from __future__ import annotations

from web.dashboard import Visit, download, organiser_page

ACTION = "manage_tavoli"  # the chat asks it for every organiser's tool of a tavolo


@organiser_page(ACTION)
async def listing(visit: Visit):
    """GET /gestione/tavoli."""
    assert visit.services.meetings is not None
    return await visit.show("tavoli.html", "tavoli", rows=await visit.services.meetings.managed(visit.who))


@organiser_page(ACTION)
async def tavolo(visit: Visit):
    """GET /gestione/tavoli/<id>: the calendar, with RSVPs and presences per meeting."""
    assert visit.services.meetings is not None
    shown = await visit.services.meetings.calendar_of(visit.who, visit.id())
    return await visit.show("tavolo.html", "tavoli", cal=shown)


@organiser_page(ACTION)
async def attendance(visit: Visit):
    """GET /gestione/incontri/<id>: who answered what, and who came."""
    assert visit.services.meetings is not None
    result = await visit.services.meetings.attendance_of(visit.who, visit.id())
    return await visit.show("attendance.html", "tavoli", a=result)


@organiser_page(ACTION)
async def attendance_csv(visit: Visit):
    """GET /gestione/incontri/<id>/presenze.csv: the chat's CSV, as a download."""
    assert visit.services.meetings is not None
    return download(await visit.services.meetings.attendance_file(visit.who, visit.id()))
