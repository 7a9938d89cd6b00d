"""What every page shares: the application's context, templates, security headers, the visitor, forms."""
from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from bot import timefmt
from bot.catalogue.service import CatalogueService
from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.people import policy, web_login
from bot.services import AppServices
from bot.texts import plural
from bot.texts import web as T
from bot.texts import web_dashboard as D

HERE = Path(__file__).resolve().parent
COOKIE = "zobot_sessione"
PRE_COOKIE = "zobot_accesso"  # the login form's double-submit value, before any session exists
MAX_FORM = 16 * 1024
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                 b"font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                 b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # a login link must never leave in a Referer header
    (b"x-frame-options", b"DENY"),
]


@dataclass
class WebContext:
    """What the pages need, handed in by whoever serves them (`zobot web` or the webhook server)."""

    services: AppServices  # the chat's own services (bot/services.py): every use case goes through them
    base: str  # the path of ZOBOT_WEB_URL ("" at the root): every link and route starts with it
    templates: Jinja2Templates

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def db(self) -> Database:
        assert self.services.db is not None
        return self.services.db

    @property
    def catalogue(self) -> CatalogueService:
        assert self.services.catalogue is not None
        return self.services.catalogue

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def now(self):
        return self.clock.now()

    @property
    def lifetimes(self) -> web_login.Lifetimes:
        return web_login.Lifetimes.of(self.settings)

    def url(self, path: str) -> str:
        """The absolute public URL of a path (for links sent in the chat)."""
        return (self.settings.web_url or "") + path


def base_path(settings: Settings) -> str:
    return urlparse(settings.web_url).path.rstrip("/") if settings.web_url else ""


def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=str(HERE / "templates"))
    found.env.globals["T"] = T
    found.env.globals["D"] = D  # the dashboard's words
    found.env.globals["plural"] = plural
    found.env.filters["day"] = timefmt.day  # {{ moment|day(tz) }}: 07/12/2026 in the configured zone
    found.env.filters["day_time"] = timefmt.day_time  # {{ moment|day_time(tz) }}: 07/12/2026 10:00
    found.env.filters["chat_html"] = chat_html
    found.env.filters["thousands"] = lambda n: f"{n:,}".replace(",", ".") if isinstance(n, int) else n
    return found


def ctx(request: Request) -> WebContext:
    return request.app.state.zobot


# The chat's answers are Telegram HTML built with every value escaped (bot.texts.render); only these
# tags may pass onto a page. Anything else (never expected) is shown escaped, as text.
_TAG = re.compile(r"<(/?)([a-z]+)([^>]*)>")
_ALLOWED = {"b", "strong", "i", "em", "u", "s", "code", "pre", "a", "blockquote"}
_HREF = re.compile(r'^\s+href="(https?://|mailto:|tel:)[^"<>]*"$')


def chat_html(text: str) -> Markup:
    """A chat answer's text as page HTML (newlines kept by CSS)."""
    for closing, tag, attrs in _TAG.findall(text):
        if tag not in _ALLOWED or (attrs and not (tag == "a" and not closing and _HREF.match(attrs))):
            return Markup(escape(re.sub(r"<[^>]+>", "", text)))
    return Markup(text)


async def visitor(request: Request) -> web_login.Visitor | None:
    """The logged-in person, if the session cookie is valid (cached on the request)."""
    if "visitor" not in request.scope.setdefault("zobot", {}):
        c = ctx(request)
        request.scope["zobot"]["visitor"] = await web_login.visitor(c.db, request.cookies.get(COOKIE), now=c.now,
                                                                    lifetimes=c.lifetimes)
    return request.scope["zobot"]["visitor"]


async def page(request: Request, name: str, status: int = 200, *, private: bool = False, **values) -> HTMLResponse:
    """Render a page; `private` pages (anything behind the login) are never cached."""
    c = ctx(request)
    who = await visitor(request)
    response = c.templates.TemplateResponse(request, name, {"base": c.base, "visitor": who,
                                                            "csrf": who.csrf if who else "", **values},
                                            status_code=status)
    if private or who is not None:
        response.headers["cache-control"] = "no-store"
    return response


async def form(request: Request) -> dict[str, str]:
    """An url-encoded form body (no multipart: no page uploads files), at most MAX_FORM bytes."""
    return {k: v[0] for k, v in (await form_lists(request)).items()}


async def form_lists(request: Request) -> dict[str, list[str]]:
    """The same, every value of a repeated field (the ticked boxes of a multiple choice)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            return {}
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=120)
    except (UnicodeDecodeError, ValueError):
        return {}


def same(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of two tokens; empty never matches."""
    return bool(given and expected) and hmac.compare_digest(given.encode(), expected.encode())


class SecurityHeaders:
    """Headers on every response, pages and static files alike (ASGI middleware)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                names = {k.lower() for k, _ in message["headers"]}
                message["headers"] += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


class AuditRefusals:
    """The refusals a page's use cases note instead of raising (`policy.note_refusal`: a /q link whose person
    left the audience) written to the audit log after the request, as handlers/people.py does after each
    update (ASGI middleware)."""

    def __init__(self, app, services: AppServices) -> None:
        self.app, self.services = app, services

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy.start_noting_refusals()
        policy.take_refusals()  # nothing noted before this request is its own
        try:
            await self.app(scope, receive, send)
        finally:
            noted = policy.take_refusals()
            if noted and self.services.people is not None:
                await self.services.people.note_refusals(noted)
