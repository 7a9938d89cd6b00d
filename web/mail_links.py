"""The pages of the personal links in e-mails: confirm an address (/email/<token>), unsubscribe
(/disiscrizione/<token>), RSVP to a meeting (/rsvp/<token>).

A GET only shows what the link does and a button: mail scanners and link previews fetch every link of a
message, so nothing is recorded before the person presses it (POST). The token itself is the secret that
authorises the POST (a single purpose, for one person), so no session or CSRF cookie is involved. The pages
call the chat's own use cases (services.people, services.meetings) and never the database.
"""
from __future__ import annotations

from starlette.requests import Request

from bot.errors import DomainError
from bot.people.links import well_formed
from bot.texts import email as T
from bot.texts import meetings as meeting_texts
from bot.texts.errors import text_for
from web.frame import ctx, page


def _token(request: Request) -> str:
    return request.path_params["token"]


async def _unusable(request: Request, title: str, text: str = T.LINK_UNUSABLE, status: int = 410):
    return await page(request, "mail_link.html", status, private=True, title=title, text=text)


async def _address_link(request: Request, purpose: str, use: bool):
    c = ctx(request)
    title, ask, button, done = {
        "confirm": (T.CONFIRM_PAGE_TITLE, T.CONFIRM_PAGE_TEXT, T.CONFIRM_PAGE_BUTTON, T.CONFIRM_DONE),
        "unsubscribe": (T.UNSUBSCRIBE_PAGE_TITLE, T.UNSUBSCRIBE_PAGE_TEXT, T.UNSUBSCRIBE_PAGE_BUTTON,
                        T.UNSUBSCRIBE_DONE)}[purpose]
    token = _token(request)
    address = await c.services.people.email_link(purpose, token, use=use) if well_formed(token) else None
    if address is None:
        return await _unusable(request, title)
    if use:
        return await page(request, "mail_link.html", private=True, title=title, text=done.format(address=address))
    return await page(request, "mail_link.html", private=True, title=title, text=ask.format(address=address),
                      action=f"{c.base}{request.url.path.removeprefix(c.base)}", button=button)


async def confirm_page(request: Request):
    return await _address_link(request, "confirm", use=False)


async def confirm(request: Request):
    return await _address_link(request, "confirm", use=True)


async def unsubscribe_page(request: Request):
    return await _address_link(request, "unsubscribe", use=False)


async def unsubscribe(request: Request):
    return await _address_link(request, "unsubscribe", use=True)


async def _rsvp(request: Request, use: bool):
    c = ctx(request)
    token = _token(request)
    meetings = c.services.meetings
    try:
        found = await meetings.rsvp_by_link(token, use=use) if well_formed(token) else None
    except DomainError as exc:  # started, cancelled, no longer a participant: the chat's own words
        return await _unusable(request, T.RSVP_PAGE_TITLE, text_for(exc), status=409)
    if found is None:
        used = well_formed(token) and await meetings.rsvp_link_used(token)
        return await _unusable(request, T.RSVP_PAGE_TITLE, T.RSVP_USED if used else T.LINK_UNUSABLE)
    choice = T.RSVP_CHOICES[found.answer]
    details = [(meeting_texts.RSVP_PAGE_TAVOLO, found.title), (meeting_texts.RSVP_PAGE_WHEN, found.when)]
    if found.place:
        details.append((meeting_texts.RSVP_PAGE_WHERE, found.place))
    if use:
        return await page(request, "mail_link.html", private=True, title=T.RSVP_PAGE_TITLE,
                          text=T.RSVP_DONE.format(choice=choice), details=details, page_text=found.page)
    return await page(request, "mail_link.html", private=True, title=T.RSVP_PAGE_TITLE,
                      text=T.RSVP_PAGE_TEXT.format(choice=choice), details=details,
                      action=f"{c.base}{request.url.path.removeprefix(c.base)}", button=choice)


async def rsvp_page(request: Request):
    return await _rsvp(request, use=False)


async def rsvp(request: Request):
    return await _rsvp(request, use=True)
