"""The deliveries' pages (the chat's /consegne): every round the outbox sent — announcements, questionnaire
invitations and reminders, tavoli reminders — with its outcome counts, and one round's detail."""
from __future__ import annotations

from web.dashboard import Visit, organiser_page

ACTION = "delivery_report"


@organiser_page(ACTION)
async def listing(visit: Visit):
    """GET /gestione/annunci."""
    assert visit.services.announcements is not None
    return await visit.show("deliveries.html", "deliveries", rounds=await visit.services.announcements.rounds(visit.who))


@organiser_page(ACTION)
async def detail(visit: Visit):
    """GET /gestione/annunci/<id of the round's first message>."""
    assert visit.services.announcements is not None
    label, found, text = await visit.services.announcements.round_of(visit.who, visit.id())
    return await visit.show("delivery.html", "deliveries", label=label, r=found, text=text)
