"""The user side of the sandbox: a small JSON API to write, press buttons, send files and read the chat."""
from __future__ import annotations

import functools
import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.sandbox.params import read_params
from bot.sandbox.state import ApiError, ChatLog, SandboxState


def own_page(*, multipart: bool = False):
    """Only the sandbox's own page (or a program, which sends no Origin) may act for a person: a browser
    posting from another site is refused (Origin / Sec-Fetch-Site), and the body must be JSON (a file
    upload: multipart), which a plain cross-site HTML form cannot send."""
    def wrap(endpoint):
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            site = request.headers.get("sec-fetch-site")
            origin = request.headers.get("origin")
            if (site is not None and site not in ("same-origin", "none")) or \
                    (origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host')}"):
                return JSONResponse({"ok": False, "description": "only the sandbox's own page may post here"},
                                    status_code=403)
            ctype = request.headers.get("content-type", "")
            if not (ctype.startswith("application/json") or (multipart and ctype.startswith("multipart/form-data"))):
                return JSONResponse({"ok": False, "description": "send JSON (Content-Type: application/json)"},
                                    status_code=415)
            return await endpoint(request)
        return guarded
    return wrap


def _state(request: Request) -> SandboxState:
    return request.app.state.sandbox


def _user_id(request: Request) -> int:
    try:
        return int(request.path_params["user_id"])
    except ValueError:
        raise ApiError(400, "user id must be a number") from None


def _error(exc: ApiError) -> JSONResponse:
    return JSONResponse({"ok": False, "description": exc.description}, status_code=exc.status)


def _incoming(state: SandboxState, user_id: int, params: dict) -> ChatLog:
    log = state.user(user_id, params.get("first_name"), params.get("last_name"), params.get("username"))
    if log.blocked:
        raise ApiError(409, "unblock the bot before writing to it")
    log.started = True
    return log


def _delivered(state, message: dict) -> JSONResponse:
    """Queue the user's message as an update for the bot and tell the client its ids."""
    update = state.push_update("message", _public(message))
    return JSONResponse({"ok": True, "message_id": message["message_id"], "update_id": update["update_id"],
                         "seq": message["_seq"]})


@own_page()
async def send_text(request: Request) -> Response:
    """The user writes text; a leading /command gets its bot_command entity, as in Telegram clients."""
    state, user_id = _state(request), _user_id(request)
    try:
        params = await read_params(request)
        text = str(params.get("text") or "")
        if not text.strip() or len(text) > 4096:
            raise ApiError(400, "text must be 1-4096 characters")
        log = _incoming(state, user_id, params)
        message: dict = {"text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        message = state.add_message(log, message, outgoing=False)
    except ApiError as exc:
        return _error(exc)
    return _delivered(state, message)


@own_page(multipart=True)
async def send_document(request: Request) -> Response:
    """The user sends a file (multipart field `document`)."""
    state, user_id = _state(request), _user_id(request)
    try:
        params = await read_params(request)
        part = params.files.get("document")
        if part is None or not part.data:
            raise ApiError(400, "send a non-empty file in the `document` field")
        log = _incoming(state, user_id, params)
        stored = state.store_file(part.data, part.filename, part.content_type)
        message: dict = {"document": {"file_id": stored.file_id, "file_unique_id": stored.unique_id,
                                      "file_name": stored.filename, "mime_type": stored.mime,
                                      "file_size": len(stored.data)}}
        if params.get("caption"):
            message["caption"] = str(params["caption"])
        message = state.add_message(log, message, outgoing=False)
    except ApiError as exc:
        return _error(exc)
    return _delivered(state, message)


@own_page()
async def press(request: Request) -> Response:
    """The user presses an inline button of a bot message: a callback_query update."""
    state, user_id = _state(request), _user_id(request)
    try:
        params = await read_params(request)
        log = _incoming(state, user_id, params)
        message = log.messages.get(int(params.get("message_id") or 0))
        data = str(params.get("data") or "")
        rows = ((message or {}).get("reply_markup") or {}).get("inline_keyboard", [])
        if message is None or message.get("_deleted") or not any(b.get("callback_data") == data
                                                                 for row in rows for b in row):
            raise ApiError(400, "no such button on that message")
    except ApiError as exc:
        return _error(exc)
    query_id = state.new_query_id()
    state.queries[query_id] = {"user_id": user_id, "message_id": message["message_id"], "answered": False}
    update = state.push_update("callback_query", {
        "id": query_id, "from": dict(log.user), "chat_instance": f"ci{user_id}", "data": data,
        "message": _public(message)})
    return JSONResponse({"ok": True, "query_id": query_id, "update_id": update["update_id"], "seq": state.seq})


@own_page()
async def inline(request: Request) -> Response:
    """The user types `@bot query` in some chat: an inline_query update; read the answer from /api/queries."""
    state, user_id = _state(request), _user_id(request)
    params = await read_params(request)
    log = state.user(user_id, params.get("first_name"))
    query_id = state.new_query_id()
    state.queries[query_id] = {"user_id": user_id, "answered": False}
    state.push_update("inline_query", {"id": query_id, "from": dict(log.user), "query": str(params.get("query") or ""),
                                       "offset": ""})
    return JSONResponse({"ok": True, "query_id": query_id})


async def query(request: Request) -> Response:
    found = _state(request).queries.get(request.path_params["query_id"])
    return JSONResponse(found or {}, status_code=200 if found else 404)


@own_page()
async def block(request: Request) -> Response:
    """The user blocks (or unblocks) the bot: later sends get 403, and the bot gets my_chat_member."""
    state, user_id = _state(request), _user_id(request)
    params = await read_params(request)
    log = state.user(user_id)
    blocked = bool(params.get("blocked", True))
    log.blocked = blocked
    member = {"user": dict(state.bot), "status": "kicked" if blocked else "member"}
    if blocked:
        member["until_date"] = 0
    old = {"user": dict(state.bot), "status": "member" if blocked else "kicked", "until_date": 0}
    state.push_update("my_chat_member", {"chat": state.chat_object(log), "from": dict(log.user),
                                         "date": int(time.time()), "old_chat_member": old,
                                         "new_chat_member": member})
    return JSONResponse({"ok": True})


async def read(request: Request) -> Response:
    """The chat as the user sees it: messages changed after `since`, waiting up to `wait` seconds."""
    state, user_id = _state(request), _user_id(request)
    since = int(request.query_params.get("since") or 0)
    await state.wait_changes(since, min(30.0, float(request.query_params.get("wait") or 0)))
    seq = state.seq
    return JSONResponse({"seq": seq, "messages": [view(m, state) for m in state.changes(user_id, since)]})


def view(message: dict, state: SandboxState) -> dict:
    """A message as the web chat draws it: safe HTML, buttons, files as links."""
    out = {"message_id": message["message_id"], "from_bot": message["from"]["id"] == state.bot["id"],
           "text": message.get("text") or message.get("caption") or "", "html": message.get("_html"),
           "date": message["date"], "edited": "edit_date" in message, "deleted": bool(message.get("_deleted")),
           "answers": message.get("_answers", []), "seq": message["_seq"], "keyboard": []}
    for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
        out["keyboard"].append([{"text": b["text"], **({"data": b["callback_data"]} if "callback_data" in b
                                                       else {"url": b.get("url", "")})} for b in row])
    if "photo" in message:
        out["photo"] = f"/api/files/{message['photo'][-1]['file_id']}"
    if "document" in message:
        doc = message["document"]
        out["document"] = {"name": doc.get("file_name", "file"), "url": f"/api/files/{doc['file_id']}?download=1",
                           "mime": doc.get("mime_type", "")}
    return out


async def file(request: Request) -> Response:
    stored = _state(request).files.get(request.path_params["file_id"])
    if stored is None:
        return Response(status_code=404)
    headers = {}
    if request.query_params.get("download"):
        headers["Content-Disposition"] = f'attachment; filename="{stored.filename.replace(chr(34), "")}"'
    return Response(stored.data, media_type=stored.mime, headers=headers)


async def info(request: Request) -> Response:
    """The bot, its command menu and the demo people to pick from."""
    state = _state(request)
    return JSONResponse({"bot": state.bot, "commands": state.commands,
                         "people": getattr(request.app.state, "people", [])})


def _public(message: dict) -> dict:
    return {k: v for k, v in message.items() if not k.startswith("_")}
