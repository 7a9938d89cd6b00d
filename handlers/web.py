"""/web (a login link for the web pages) and /calendario (secret calendar feeds), with their `w:` buttons.

Both are personal: in groups they are declined like the other personal commands. The policy decides
(`web_login`, `calendar_feed`); refusals are audited by handlers/people.py after the update.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from telegram import Update
from telegram.ext import filters

from bot.errors import NotAllowed, NotFound, NotParticipant
from bot.meetings import feeds
from bot.people import web_login
from bot.texts import common, render
from bot.texts import web as texts
from handlers.context import ZContext
from handlers.render import edit_or_reply, reply

PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
ALL, ONE, REVOKE = "w:ca", re.compile(r"w:ct:(\d{1,9})"), "w:cx"
ERRORS = {NotAllowed: common.NOT_ALLOWED, NotParticipant: texts.CAL_NOT_PARTICIPANT, NotFound: texts.CAL_NOT_FOUND}


def _url(context: ZContext, path: str) -> str | None:
    base = context.services.settings.web_url
    return base + path if base else None


async def web(update: Update, context: ZContext) -> None:
    services = context.services
    if services.settings.web_url is None:
        await reply(update, texts.WEB_NOT_CONFIGURED)
        return
    try:
        token = await web_login.issue_link(services.db, update.effective_user.id, now=services.now)
    except NotAllowed:
        await reply(update, render(texts.WEB_NOT_ALLOWED, url=_url(context, "/")))
        return
    await reply(update, render(texts.WEB_LINK, url=_url(context, f"/accesso/{token}"),
                               minutes=web_login.LINK_MINUTES))


def feed_urls(https: str) -> tuple[str, str]:
    """The subscription URL (webcal://, what calendar apps open) and the https one (for Google Calendar)."""
    parts = urlsplit(https)
    return urlunsplit(("webcal", *parts[1:])), https


async def calendario(update: Update, context: ZContext) -> None:
    """The person's active feeds and the buttons to get a new one or revoke them all."""
    services = context.services
    if services.settings.web_url is None:
        await reply(update, texts.WEB_NOT_CONFIGURED)
        return
    try:
        active, tavoli = await feeds.overview(services.db, update.effective_user.id)
    except NotAllowed:
        await reply(update, common.NOT_ALLOWED)
        return
    tz = services.settings.timezone
    lines = [texts.CAL_ACTIVE_HEADER] if active else [texts.CAL_ACTIVE_NONE]
    for feed in active:
        date = feed.created_at.astimezone(tz).strftime("%d/%m/%Y")
        lines.append(render(texts.CAL_ACTIVE_ONE, title=feed.title, date=date) if feed.tavolo_id
                     else render(texts.CAL_ACTIVE_ALL, date=date))
    rows = [[{"text": texts.CAL_BUTTON_ALL, "data": ALL}]]
    rows += [[{"text": render(texts.CAL_BUTTON_ONE, title=t.title[:40]), "data": f"w:ct:{t.id}"}] for t in tavoli[:20]]
    if active:
        rows.append([{"text": texts.CAL_BUTTON_REVOKE, "data": REVOKE}])
    await reply(update, render(texts.CAL_STATUS, active="\n".join(lines)), rows)


async def on_button(update: Update, context: ZContext) -> None:
    services, query = context.services, update.callback_query
    data = query.data or ""
    match = ONE.fullmatch(data)
    try:
        if data == REVOKE:
            n = await feeds.revoke_all(services.db, update.effective_user.id, now=services.now)
            text = render(texts.CAL_REVOKED, n=n) if n else texts.CAL_NOTHING_TO_REVOKE
        elif data == ALL or match:
            if services.settings.web_url is None:
                text = texts.WEB_NOT_CONFIGURED
            else:
                token, title = await feeds.issue(services.db, update.effective_user.id,
                                                 int(match[1]) if match else None, now=services.now)
                webcal, https = feed_urls(_url(context, f"/calendario/{token}.ics"))
                scope = render(texts.CAL_SCOPE_TAVOLO, title=title) if title else ""
                text = render(texts.CAL_NEW, scope=scope, webcal=webcal, https=https)
        else:
            await query.answer(common.BUTTON_EXPIRED)
            return
    except (NotAllowed, NotParticipant, NotFound) as exc:
        await query.answer(next(t for kind, t in ERRORS.items() if isinstance(exc, kind)), show_alert=True)
        return
    await query.answer()
    await edit_or_reply(update, text)
