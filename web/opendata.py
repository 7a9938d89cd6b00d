"""Open data: the catalogue's files (bot/catalogue/export.py, the loader's own formats plus one JSON
document), one by one or in a ZIP, under CC BY 4.0."""
from __future__ import annotations

import io
import zipfile

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.catalogue import export
from bot.texts import web as T
from web.frame import ctx, page

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/legalcode.it"
ARCHIVE = "catalogo-zobot.zip"
TYPES = {"csv": "text/csv; charset=utf-8", "yaml": "application/yaml; charset=utf-8", "json": "application/json",
         "zip": "application/zip"}
README = T.OPEN_DATA_README.format(files=", ".join(T.OPEN_DATA_DESCRIPTIONS))


async def index(request: Request):
    files = [{"name": name, "description": text} for name, text in T.OPEN_DATA_DESCRIPTIONS.items()]
    return await page(request, "opendata.html", nav="opendata", files=files, archive=ARCHIVE, licence=LICENCE_URL)


async def download(request: Request) -> Response:
    name = request.path_params["name"]
    if name != ARCHIVE and name not in T.OPEN_DATA_DESCRIPTIONS:
        raise HTTPException(404)
    services = ctx(request)
    found = await export.files(services.db, examples=services.settings.catalogue_examples, now=services.now)
    body = archive(found) if name == ARCHIVE else found[name]
    return Response(body, media_type=TYPES[name.rsplit(".", 1)[1]],
                    headers={"content-disposition": f'attachment; filename="{name}"',
                             "link": f'<{LICENCE_URL}>; rel="license"', "cache-control": "public, max-age=300"})


def archive(files: dict[str, bytes]) -> bytes:
    """Every file, the licence and a short read-me in one ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in {**files, "LICENZA.txt": T.OPEN_DATA_LICENCE_FILE.encode(),
                              "LEGGIMI.txt": README.encode()}.items():
            z.writestr(name, content)
    return out.getvalue()
