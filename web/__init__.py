"""The web door: server-rendered pages (Starlette + Jinja2, styled with Bootstrap Italia).

Like handlers/ for Telegram, it turns requests into calls of bot/ and results into pages; bot/ never
imports it. Public pages: the catalogue, its open data, calendar feeds. Behind a /web login link: the
organisers' dashboard. `web.app.build_web` makes the ASGI app that `zobot web` serves and the
webhook server mounts.
"""
