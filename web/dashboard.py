"""The organisers' pages: the shell every page of the dashboard shares, and its index.

Each page asks the policy with the same action the chat asks for the same thing; a refusal is
audited like the chat's. Pages of the dashboard are added to PAGES (shown in its navigation, to those
whose role allows the page's action). The pages call the chat's services (`ctx(request).services`) with
the visitor as a `Who`; a service that refuses (NotAllowed) is answered and audited by `refusal`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Awaitable, Callable
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.errors import NotAllowed, NotFound
from bot.people import audit, policy
from bot.people.web_login import Visitor
from bot.people.who import Who
from bot.reply import File
from bot.texts import web as T
from bot.texts import web_dashboard as D
from web.frame import WebContext, ctx, form, page, same, visitor

# (nav key, path, label, the policy's action for the page)
PAGES = [("dashboard", "/gestione", T.DASHBOARD_TITLE, "web_dashboard"),
         ("campaigns", "/gestione/questionari", D.NAV_CAMPAIGNS, "see_results"),
         ("tavoli", "/gestione/tavoli", D.NAV_TAVOLI, "manage_tavoli"),
         ("deliveries", "/gestione/annunci", D.NAV_DELIVERIES, "delivery_report"),
         ("audit", "/gestione/registro", D.NAV_AUDIT, "view_audit")]
MEDIA = {"csv": "text/csv; charset=utf-8", "ics": "text/calendar; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def pages_for(who: Visitor) -> list[tuple[str, str, str]]:
    """The navigation: the pages this visitor's role opens."""
    return [(key, path, label) for key, path, label, action in PAGES if policy.can(who.person, action)]


def who_of(who: Visitor) -> Who:
    return Who(person_id=who.person.id)


async def organiser(request: Request, action: str):
    """The visitor if the policy lets them do `action`; otherwise the page to answer with (login or 403)."""
    who = await visitor(request)
    if who is None:
        return None, await page(request, "message.html", 401, private=True, title=T.LOGIN_HOW_TITLE,
                                text=T.LOGIN_HOW)
    c = ctx(request)
    if who.person.role == "admin" and who.person.telegram_user_id not in c.settings.admins:
        assert c.services.people is not None  # no longer in ZOBOT_ADMINS: demoted now, as the chat would
        who.person.role = await c.services.people.follow_admin(who.person.id)
    if not policy.can(who.person, action):
        return None, await refusal(request, who, action)
    return who, None


async def refusal(request: Request, who: Visitor, action: str) -> Response:
    """403, written in the audit log as the chat's refusals are."""
    c = ctx(request)
    await audit.refused(c.db, who.person.id, action, now=c.now, role=who.person.role, target=request.url.path)
    return await page(request, "message.html", 403, private=True, title=T.FORBIDDEN_TITLE, text=T.FORBIDDEN_TEXT)


async def refused(request: Request, who: Visitor, exc: NotAllowed) -> Response:
    """A service's NotAllowed (its action) as `refusal`."""
    return await refusal(request, who, exc.action)


async def posted(request: Request, who: Visitor) -> dict[str, str] | None:
    """The form's fields if it carries the session's CSRF token, else None (nothing must happen)."""
    fields = await form(request)
    return fields if same(fields.get("csrf"), who.csrf) else None


async def bad_form(request: Request) -> Response:
    return await page(request, "message.html", 403, title=T.BAD_REQUEST_TITLE, text=T.BAD_REQUEST_TEXT, private=True)


@dataclass(frozen=True)
class Visit:
    """One request to an organiser's page, let through by the policy: what the page's view needs."""

    request: Request
    visitor: Visitor
    c: WebContext

    @property
    def who(self) -> Who:
        return who_of(self.visitor)

    @property
    def services(self):
        return self.c.services

    def id(self) -> int:
        """The page's `{id}`, validated before anything is read (404 otherwise)."""
        return valid(self.request.path_params["id"])

    async def show(self, template: str, nav: str, **values) -> Response:
        """The page in the dashboard's shell: private, its navigation for this visitor, times in the zone."""
        return await page(self.request, template, private=True, nav=nav, pages=pages_for(self.visitor),
                          tz=self.c.settings.timezone, **values)


def organiser_page(action: str) -> Callable[[Callable[[Visit], Awaitable[Response]]], Callable]:
    """A dashboard page's view, behind the policy's `action`: a visitor without it gets the login or 403 page
    (audited); a service's refusal (NotAllowed) is answered and audited the same way; NotFound is 404."""
    def wrap(view: Callable[[Visit], Awaitable[Response]]):
        @functools.wraps(view)
        async def endpoint(request: Request) -> Response:
            who, refusal_page = await organiser(request, action)
            if refusal_page is not None:
                return refusal_page
            try:
                return await view(Visit(request, who, ctx(request)))
            except NotAllowed as exc:
                return await refused(request, who, exc)
            except NotFound:
                raise HTTPException(404) from None
        return endpoint
    return wrap


def valid(value) -> int:
    """An id from the URL, or 404 before anything is read."""
    found = policy.valid_id(value)
    if found is None:
        raise HTTPException(404)
    return found


def download(file: File) -> Response:
    """A file from a service (an export), as an attachment that is never cached."""
    ext = file.filename.rsplit(".", 1)[-1]
    name = quote(file.filename)
    return Response(file.data, media_type=MEDIA.get(ext, "application/octet-stream"),
                    headers={"content-disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}",
                             "cache-control": "no-store"})


@organiser_page("web_dashboard")
async def index(visit: Visit):
    """GET /gestione: the latest campaigns with their response rates, and the tavoli with their next meeting."""
    services, person = visit.services, visit.visitor.person
    assert services.questionnaires is not None and services.meetings is not None
    listed = rows = None
    if policy.can(person, "see_results"):
        listed, _, _ = await services.questionnaires.archive_page(visit.who, 0, size=50)
    if policy.can(person, "manage_tavoli"):
        rows = await services.meetings.managed(visit.who)
    return await visit.show("dashboard.html", "dashboard", campaigns=listed, tavoli=rows)
