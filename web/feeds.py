"""GET /calendario/<token>.ics: a person's secret calendar feed (bot/meetings/feeds.py)."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.errors import NotFound
from bot.meetings import feeds
from bot.texts import web as T
from web.frame import ctx


async def feed(request: Request) -> Response:
    """The feed, or a bare 404 for a revoked or unknown token (nothing says which)."""
    c = ctx(request)
    try:
        body = await feeds.calendar(c.db, request.path_params["token"], now=c.now)
    except NotFound:
        return Response(T.FEED_NOT_FOUND, status_code=404, media_type="text/plain; charset=utf-8")
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"cache-control": "private, max-age=300",
                             "content-disposition": 'inline; filename="zobot-tavoli.ics"'})
