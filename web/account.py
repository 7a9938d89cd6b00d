"""Login with a link from /web, and logout: cookies, CSRF, and what the pages say about it.

GET /accesso/<token> only shows a button (link previews and mail scanners fetch GET links: they must
not use the link up); pressing it POSTs the token with a double-submit value from a cookie set on that
GET, which is what stops another site from logging a browser in with someone else's link.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse

from bot.errors import InvalidLink, NotAllowed
from bot.people import web_login
from bot.texts import web as T
from web.frame import COOKIE, PRE_COOKIE, ctx, form, page, same, visitor


def _cookie(response, request: Request, name: str, value: str, *, max_age: int | None, path: str) -> None:
    c = ctx(request)
    response.set_cookie(name, value, max_age=max_age, path=path, secure=c.settings.web_secure, httponly=True,
                        samesite="strict")


async def login_page(request: Request):
    """GET /accesso/<token>: «Accedi» if the link can be used, otherwise why not."""
    c = ctx(request)
    token = request.path_params["token"]
    try:
        await web_login.check_link(c.db, token, now=c.now)
    except InvalidLink as exc:
        return await page(request, "message.html", 410, title=T.LOGIN_TITLE, text=T.LOGIN_INVALID[exc.reason],
                          private=True)
    pre = web_login.new_token()
    response = await page(request, "login.html", private=True, token=token, pre=pre)
    _cookie(response, request, PRE_COOKIE, pre, max_age=web_login.LINK_MINUTES * 60, path=f"{c.base}/accesso/")
    return response


async def login(request: Request):
    """POST /accesso/<token>: use the link once, open the session, go to the dashboard."""
    c = ctx(request)
    fields = await form(request)
    if not same(fields.get("csrf"), request.cookies.get(PRE_COOKIE)):
        return await page(request, "message.html", 403, title=T.BAD_REQUEST_TITLE, text=T.BAD_REQUEST_TEXT,
                          private=True)
    try:
        secret = await web_login.log_in(c.db, request.path_params["token"], now=c.now, lifetimes=c.lifetimes)
    except InvalidLink as exc:
        return await page(request, "message.html", 410, title=T.LOGIN_TITLE, text=T.LOGIN_INVALID[exc.reason],
                          private=True)
    except NotAllowed:
        return await page(request, "message.html", 403, title=T.FORBIDDEN_TITLE, text=T.LOGIN_REFUSED,
                          private=True)
    response = RedirectResponse(f"{c.base}/gestione", status_code=303)
    _cookie(response, request, COOKIE, secret, max_age=c.settings.web_session_hours * 3600, path=c.base or "/")
    response.delete_cookie(PRE_COOKIE, path=f"{c.base}/accesso/")
    return response


async def logout(request: Request):
    """POST /esci (with the session's CSRF token): end the session, forget the cookie."""
    c = ctx(request)
    who = await visitor(request)
    fields = await form(request)
    if who is None or not same(fields.get("csrf"), who.csrf):
        return await page(request, "message.html", 403, title=T.BAD_REQUEST_TITLE, text=T.BAD_REQUEST_TEXT,
                          private=True)
    await web_login.log_out(c.db, who, now=c.now)
    request.scope["zobot"]["visitor"] = None
    response = await page(request, "message.html", title=T.LOGIN_TITLE, text=T.LOGGED_OUT, private=True)
    response.delete_cookie(COOKIE, path=c.base or "/", secure=c.settings.web_secure, httponly=True,
                           samesite="strict")
    return response
