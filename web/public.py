"""The public catalogue: home and search (the chat's own answers), zones, comuni, services, accessibility.

The search box asks the same CatalogueService as the chat; the buttons of its answers become links to
`/catalogo/v/<button data>`, the same view the chat shows when the button is pressed. The structured
pages read the catalogue through its query functions (bot/catalogue/queries.py).
"""
from __future__ import annotations

from itertools import groupby

from starlette.exceptions import HTTPException
from starlette.requests import Request

from bot.catalogue import callbacks as cb
from bot.catalogue import queries
from bot.catalogue import version as catalogue_version
from bot.catalogue.models import SERVICE_STATUSES
from bot.errors import NotFound
from bot.texts import catalogue as CT
from bot.texts import web as T
from web.frame import ctx, page

MAX_QUERY = 500


def actions(answer, base: str) -> list[dict]:
    """The answer's buttons as links: `cat:` data to its view page, URLs as they are; others are chat-only."""
    links = []
    for row in answer.rows or []:
        for button in row:
            if "url" in button:
                links.append({"text": button["text"], "href": button["url"]})
            elif cb.parse(button.get("data")) is not None:
                links.append({"text": button["text"], "href": f"{base}/catalogo/v/{button['data']}"})
    return links


async def _version(request: Request) -> int:
    async with ctx(request).db.read() as s:
        return await catalogue_version.read(s)


async def home(request: Request):
    return await page(request, "home.html", nav="home")


async def search(request: Request):
    """GET /catalogo/cerca?q=…: the chat's answer to the same words."""
    c = ctx(request)
    q = (request.query_params.get("q") or "").strip()[:MAX_QUERY]
    if not q:
        return await page(request, "home.html", nav="home")
    answer = await c.catalogue.ask(q, await _version(request))
    return await page(request, "answer.html", nav="catalogue", q=q, title=T.SEARCH_TITLE_FOR.format(q=q),
                      answer=answer, links=actions(answer, c.base))


async def view(request: Request):
    """GET /catalogo/v/cat:…: what the chat shows when that button is pressed."""
    c = ctx(request)
    try:
        answer = await c.catalogue.view(request.path_params["data"], await _version(request))
    except NotFound:
        raise HTTPException(404) from None
    return await page(request, "answer.html", nav="catalogue", q="", title=T.SEARCH_TITLE, answer=answer,
                      links=actions(answer, c.base))


async def zones(request: Request):
    async with ctx(request).db.read() as s:
        found = await queries.zones_with_counts(s)
    return await page(request, "zones.html", nav="zones", zones=found)


def _scope(coverage) -> str:
    if coverage.zone is not None:
        return (T.SCOPE_CAPOLUOGO if coverage.zone.is_capoluogo else T.SCOPE_ZONE).format(name=coverage.zone.name)
    return T.SCOPE_COMUNE.format(name=coverage.comune.name) if coverage.comune is not None else ""


def _rows(coverages) -> list[dict]:
    return [{"service": c.service, "where": _scope(c), "status": CT.STATUS.get(c.status, c.status), "since": c.since,
             "note": c.note, "example": c.is_example} for c in coverages]


async def zone(request: Request):
    async with ctx(request).db.read() as s:
        found = await queries.zone(s, request.path_params["id"])
        if found is None:
            raise HTTPException(404)
        coverage = await queries.coverage_in_zone(s, found.id)
    rows = _rows(coverage)
    return await page(request, "zone.html", nav="zones", zone=found, rows=rows, example=any(r["example"] for r in rows))


async def comune(request: Request):
    async with ctx(request).db.read() as s:
        found = await queries.comune(s, request.path_params["id"])
        if found is None:
            raise HTTPException(404)
        coverage = await queries.coverage_for_comune(s, found)
    rows = _rows(coverage)
    return await page(request, "comune.html", nav="zones", comune=found, rows=rows,
                      example=any(r["example"] for r in rows))


async def services(request: Request):
    async with ctx(request).db.read() as s:
        found = await queries.services(s)
    themes = [(theme, list(items)) for theme, items in groupby(found, key=lambda x: x.theme)]
    return await page(request, "services.html", nav="catalogue", themes=themes, statuses=SERVICE_STATUSES)


async def service(request: Request):
    async with ctx(request).db.read() as s:
        found = await queries.service(s, request.path_params["id"])
        if found is None:
            raise HTTPException(404)
        coverage = await queries.coverage_of_service(s, found.id)
    rows = _rows(coverage)
    return await page(request, "service.html", nav="catalogue", service=found, rows=rows,
                      service_status=CT.STATUS.get(found.status, found.status), example=any(r["example"] for r in rows))


async def accessibility(request: Request):
    return await page(request, "accessibility.html", nav="", contact=ctx(request).settings.privacy_contact)
