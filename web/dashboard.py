"""The organisers' pages: the shell every page of the dashboard shares, and its index.

Each page asks the policy with the same action the chat asks for the same thing; a refusal is
audited like the chat's. Pages of the dashboard are added to PAGES (shown in its navigation).
"""
from __future__ import annotations

from starlette.requests import Request

from bot.meetings import tavoli
from bot.people import audit, policy
from bot.questionnaires import campaigns
from bot.texts import web as T
from web.frame import ctx, page, visitor

PAGES = [("dashboard", "/gestione", T.DASHBOARD_TITLE)]  # (nav key, path, label)


async def organiser(request: Request, action: str):
    """The visitor if the policy lets them do `action`; otherwise the page to answer with (login or 403)."""
    who = await visitor(request)
    if who is None:
        return None, await page(request, "message.html", 401, private=True, title=T.LOGIN_HOW_TITLE,
                                text=T.LOGIN_HOW)
    if not policy.can(who.person, action):
        c = ctx(request)
        await audit.refused(c.db, who.person.id, action, now=c.now, role=who.person.role, target=request.url.path)
        return None, await page(request, "message.html", 403, private=True, title=T.FORBIDDEN_TITLE,
                                text=T.FORBIDDEN_TEXT)
    return who, None


async def index(request: Request):
    """GET /gestione: the latest campaigns with their response rates, and the tavoli with their next meeting."""
    who, refusal = await organiser(request, "web_dashboard")
    if refusal is not None:
        return refusal
    c = ctx(request)
    now = c.now
    async with c.db.read() as s:
        listed = await campaigns.listing(s) if policy.can(who.person, "see_results") else None
        rows = None
        if policy.can(who.person, "manage_tavoli"):
            rows = []
            for tavolo in await tavoli.visible(s, who.person):
                rows.append({"tavolo": tavolo, "next": await tavoli.next_occurrence(s, tavolo.id, now),
                             "participants": len(await tavoli.participants(s, tavolo.id))})
    return await page(request, "dashboard.html", private=True, nav="dashboard", pages=PAGES, campaigns=listed,
                      tavoli=rows, tz=c.settings.timezone)
