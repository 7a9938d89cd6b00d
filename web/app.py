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
from bot.services import AppServices, build_services
from bot.texts import web as T
from web import (
    account,
    announcements,
    audit,
    campaigns,
    dashboard,
    feeds,
    mail_links,
    opendata,
    public,
    questionnaire,
    tavoli,
)
from web.frame import HERE, AuditRefusals, SecurityHeaders, WebContext, base_path, page, templates

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
    # the organisers' dashboard (web/dashboard.py's PAGES)
    Route("/gestione/questionari", campaigns.archive, name="campaigns"),
    Route("/gestione/questionari/{id:int}", campaigns.campaign, name="campaign"),
    Route("/gestione/questionari/{id:int}/sollecita", campaigns.remind, methods=["POST"], name="remind"),
    Route("/gestione/questionari/{id:int}/esporta.{fmt:str}", campaigns.export, name="campaign_export"),
    Route("/gestione/tavoli", tavoli.listing, name="tavoli"),
    Route("/gestione/tavoli/{id:int}", tavoli.tavolo, name="tavolo"),
    Route("/gestione/incontri/{id:int}", tavoli.attendance, name="attendance"),
    Route("/gestione/incontri/{id:int}/presenze.csv", tavoli.attendance_csv, name="attendance_csv"),
    Route("/gestione/annunci", announcements.listing, name="deliveries"),
    Route("/gestione/annunci/{id:int}", announcements.detail, name="delivery"),
    Route("/gestione/registro", audit.log, name="audit"),
    Route("/gestione/registro.csv", audit.export, name="audit_export"),
    Route("/q/{token:str}", questionnaire.open_page, methods=["GET"], name="questionnaire"),
    Route("/q/{token:str}", questionnaire.submit, methods=["POST"], name="questionnaire_step"),
    # the personal links of e-mails: GET shows, POST acts (web/mail_links.py)
    Route("/email/{token:str}", mail_links.confirm_page, methods=["GET"], name="email_confirm_page"),
    Route("/email/{token:str}", mail_links.confirm, methods=["POST"], name="email_confirm"),
    Route("/disiscrizione/{token:str}", mail_links.unsubscribe_page, methods=["GET"], name="unsubscribe_page"),
    Route("/disiscrizione/{token:str}", mail_links.unsubscribe, methods=["POST"], name="unsubscribe"),
    Route("/rsvp/{token:str}", mail_links.rsvp_page, methods=["GET"], name="rsvp_page"),
    Route("/rsvp/{token:str}", mail_links.rsvp, methods=["POST"], name="rsvp"),
]


async def _error(request: Request, exc: HTTPException):
    if exc.status_code == 404:
        return await page(request, "message.html", 404, title=T.NOT_FOUND_TITLE, text=T.NOT_FOUND_TEXT)
    return await page(request, "message.html", exc.status_code, title=T.BAD_REQUEST_TITLE, text=T.BAD_REQUEST_TEXT)


def build_web(services: AppServices) -> Starlette:
    """The web pages over the same services as the chat (their catalogue index built); mounted at the path of
    ZOBOT_WEB_URL. The pages call these services, never the database behind them for a use case."""
    settings = services.settings
    base = base_path(settings)
    routes = [*ROUTES, Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")]
    pages = Starlette(routes=routes, exception_handlers={HTTPException: _error})
    app = Starlette(routes=[Mount(base, pages)] if base else routes,
                    exception_handlers={HTTPException: _error},
                    middleware=[Middleware(SecurityHeaders), Middleware(AuditRefusals, services=services)])
    context = WebContext(services=services, base=base, templates=templates())
    app.state.zobot = pages.state.zobot = context
    return app


async def services_for(settings: Settings, db: Database, clock: Clock | None = None) -> AppServices:
    """The services of the pages served alone (`zobot web`, benchmarks): those the bot builds, the catalogue's
    index built. Messages they queue (a reminder pressed on a page) are sent by the bot's outbox."""
    services = build_services(AppServices(), settings, db, clock or Clock())
    assert services.catalogue is not None
    await services.catalogue.reload()
    return services
