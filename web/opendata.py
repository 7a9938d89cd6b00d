"""Open data: the catalogue's files in the loader's format, one by one or in a ZIP, under CC BY 4.0."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.catalogue import export
from bot.texts import web as T
from web.frame import ctx, page

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/legalcode.it"
ARCHIVE = "catalogo-zobot.zip"
TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "zip": "application/zip"}
README = ("Catalogo zobot in formato aperto.\nFile: " + ", ".join(export.FILES) + ".\n"
          "Ricaricabile con: zobot catalogue load CARTELLA\n")


async def index(request: Request):
    files = [{"name": name, "description": T.OPEN_DATA_DESCRIPTIONS[name]} for name in export.FILES]
    return await page(request, "opendata.html", nav="opendata", files=files, archive=ARCHIVE, licence=LICENCE_URL)


async def download(request: Request) -> Response:
    name = request.path_params["name"]
    if name != ARCHIVE and name not in export.FILES:
        raise HTTPException(404)
    async with ctx(request).db.read() as s:
        body = (await export.archive(s, {"LICENZA.txt": T.OPEN_DATA_LICENCE_FILE, "LEGGIMI.txt": README})
                if name == ARCHIVE else await export.one(s, name))
    return Response(body, media_type=TYPES[name.rsplit(".", 1)[1]],
                    headers={"content-disposition": f'attachment; filename="{name}"',
                             "link": f'<{LICENCE_URL}>; rel="license"', "cache-control": "public, max-age=300"})
