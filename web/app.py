"""build_web: the pages' routes around one WebContext; `zobot web` and the webhook server serve it."""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.texts import web as T
from web import account, dashboard, feeds, opendata, public
from web.frame import HERE, SecurityHeaders, WebContext, base_path, page, templates

ROUTES = [
    Route("/", public.home, name="home"),
    Route("/catalogo/cerca", public.search, name="search"),
    Route("/catalogo/v/{data:str}", public.view, name="view"),
    Route("/catalogo/zone", public.zones, name="zones"),
    Route("/catalogo/zone/{id:int}", public.zone, name="zone"),
    Route("/catalogo/comuni/{id:int}", public.comune, name="comune"),
    Route("/catalogo/servizi", public.services, name="services"),
    Route("/catalogo/servizi/{id:int}", public.service, name="service"),
    Route("/dati", opendata.index, name="opendata"),
    Route("/dati/{name:str}", opendata.download, name="download"),
    Route("/accessibilita", public.accessibility, name="accessibility"),
    Route("/accesso/{token:str}", account.login_page, methods=["GET"], name="login_page"),
    Route("/accesso/{token:str}", account.login, methods=["POST"], name="login"),
    Route("/esci", account.logout, methods=["POST"], name="logout"),
    Route("/gestione", dashboard.index, name="dashboard"),
    Route("/calendario/{token:str}.ics", feeds.feed, name="feed"),
]


async def _error(request: Request, exc: HTTPException):
    if exc.status_code == 404:
        return await page(request, "message.html", 404, title=T.NOT_FOUND_TITLE, text=T.NOT_FOUND_TEXT)
    return await page(request, "message.html", exc.status_code, title=T.BAD_REQUEST_TITLE, text=T.BAD_REQUEST_TEXT)


def build_web(settings: Settings, *, db: Database, catalogue, clock: Clock | None = None) -> Starlette:
    """The web pages over `db` and a ready CatalogueService; mounted at the path of ZOBOT_WEB_URL."""
    base = base_path(settings)
    routes = [*ROUTES, Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")]
    pages = Starlette(routes=routes, exception_handlers={HTTPException: _error})
    app = Starlette(routes=[Mount(base, pages)] if base else routes,
                    exception_handlers={HTTPException: _error}, middleware=[Middleware(SecurityHeaders)])
    context = WebContext(settings=settings, db=db, catalogue=catalogue, clock=clock or Clock(), base=base,
                         templates=templates())
    app.state.zobot = pages.state.zobot = context
    return app


async def catalogue_for(db: Database):
    """The catalogue's search service, its index built: what the pages answer questions with."""
    from bot.catalogue.service import CatalogueService

    service = CatalogueService(db)
    await service.reload()
    return service
