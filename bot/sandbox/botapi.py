"""The Bot API side of the sandbox: `/bot<token>/<method>` answered as Telegram's server answers."""
from __future__ import annotations

import logging
import time
from typing import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.sandbox import messages, pusher
from bot.sandbox.params import Params, read_params
from bot.sandbox.state import ApiError, SandboxState

logger = logging.getLogger(__name__)
Method = Callable[[SandboxState, Params], Awaitable[object]]
CONFLICT_POLL = ("Conflict: terminated by other getUpdates request; make sure that only one bot instance "
                 "is running")
CONFLICT_WEBHOOK = ("Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
                    "the webhook first")


async def get_updates(state: SandboxState, params: Params) -> list[dict]:
    """Long polling with offsets; a newer call ends the older one with 409, like Telegram."""
    if state.webhook["url"]:
        raise ApiError(409, CONFLICT_WEBHOOK)
    offset = int(params.get("offset") or 0)
    limit = max(1, min(100, int(params.get("limit") or 100)))
    timeout = max(0.0, min(50.0, float(params.get("timeout") or 0)))
    allowed = params.get("allowed_updates") or None
    state.confirm(offset)
    state.poller += 1
    me = state.poller
    state.wake_pollers()
    deadline = time.monotonic() + timeout
    while True:
        found = state.pending(offset, limit, allowed)
        remaining = deadline - time.monotonic()
        if found or remaining <= 0 or state.closing:
            return found
        await state.wait_update(remaining)
        if state.poller != me:
            raise ApiError(409, CONFLICT_POLL)


async def answer_callback(state: SandboxState, params: Params) -> bool:
    query = state.queries.get(str(params.required("callback_query_id")))
    if query is None or query.get("answered"):
        raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
    text = params.get("text") or ""
    if len(text) > 200:
        raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
    query.update(answered=True, text=text, show_alert=bool(params.get("show_alert")))
    message = state.chats[query["user_id"]].messages.get(query.get("message_id") or 0)
    if message is not None:
        message.setdefault("_answers", []).append({"text": text, "show_alert": query["show_alert"]})
        state.touch(message)
    return True


async def answer_inline(state: SandboxState, params: Params) -> bool:
    query = state.queries.get(str(params.required("inline_query_id")))
    if query is None or query.get("answered"):
        raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
    results = params.get("results") or []
    if len(results) > 50:
        raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
    for result in results:
        content = result.get("input_message_content") or {}
        if "message_text" in content and len(content["message_text"]) > messages.MAX_TEXT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
    query.update(answered=True, results=results)
    return True


async def set_webhook(state: SandboxState, params: Params) -> bool:
    url = str(params.get("url") or "")
    if url and not url.startswith(("http://", "https://")):
        raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    state.webhook = {"url": url, "secret_token": params.get("secret_token")}
    if params.get("drop_pending_updates"):
        state.updates.clear()
    state.wake_pollers()
    pusher.ensure_running(state)
    return True


async def delete_webhook(state: SandboxState, params: Params) -> bool:
    state.webhook = {"url": "", "secret_token": None}
    if params.get("drop_pending_updates"):
        state.updates.clear()
    return True


async def webhook_info(state: SandboxState, params: Params) -> dict:
    info = {"url": state.webhook["url"], "has_custom_certificate": False,
            "pending_update_count": len(state.updates), "max_connections": 40}
    if state.webhook.get("last_error_message"):
        info.update(last_error_message=state.webhook["last_error_message"], last_error_date=int(time.time()))
    return info


async def get_file(state: SandboxState, params: Params) -> dict:
    stored = state.files.get(str(params.required("file_id")))
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    return {"file_id": stored.file_id, "file_unique_id": stored.unique_id, "file_size": len(stored.data),
            "file_path": f"documents/{stored.file_id}"}


async def set_commands(state: SandboxState, params: Params) -> bool:
    commands = params.get("commands") or []
    for c in commands:
        if not (1 <= len(c.get("command", "")) <= 32 and 1 <= len(c.get("description", "")) <= 256):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
    state.commands = commands
    return True


async def chat_action(state: SandboxState, params: Params) -> bool:
    state.chat_for_bot(params.required("chat_id"))
    return True


def _sync(fn) -> Method:
    async def method(state: SandboxState, params: Params):
        return messages.public(fn(state, params))
    return method


async def _true(state: SandboxState, params: Params) -> bool:
    return True


METHODS: dict[str, Method] = {
    "getme": lambda state, params: _value(state.bot),
    "getupdates": get_updates,
    "sendmessage": _sync(messages.send_text),
    "editmessagetext": _sync(messages.edit_text),
    "editmessagecaption": _sync(messages.edit_caption),
    "editmessagereplymarkup": _sync(messages.edit_markup),
    "senddocument": _sync(lambda s, p: messages.send_file(s, p, "document")),
    "sendphoto": _sync(lambda s, p: messages.send_file(s, p, "photo")),
    "deletemessage": lambda state, params: _value(messages.delete(state, params)),
    "answercallbackquery": answer_callback,
    "answerinlinequery": answer_inline,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": webhook_info,
    "getfile": get_file,
    "setmycommands": set_commands,
    "getmycommands": lambda state, params: _value(state.commands),
    "sendchataction": chat_action,
    **{name: _true for name in ("deletemycommands", "setmydescription", "setmyshortdescription", "setmyname",
                                "setchatmenubutton", "logout", "close", "pinchatmessage", "unpinchatmessage")},
}


async def _value(value):
    return value


async def handle(request: Request) -> Response:
    """One Bot API call: token check, method lookup, Telegram's JSON envelope."""
    state: SandboxState = request.app.state.sandbox
    token, method = request.path_params["token"], request.path_params["method"]
    if token != state.token:
        return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
    fn = METHODS.get(method.lower())
    if fn is None:
        return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found: method not found"},
                            status_code=404)
    state.calls[method] = state.calls.get(method, 0) + 1
    try:
        result = await fn(state, await read_params(request))
    except ApiError as exc:
        body: dict = {"ok": False, "error_code": exc.status, "description": exc.description}
        if exc.retry_after is not None:
            body["parameters"] = {"retry_after": exc.retry_after}
        if exc.status != 409:
            logger.info("sandbox %s refused: %s", method, exc.description)
        return JSONResponse(body, status_code=exc.status)
    return JSONResponse({"ok": True, "result": result})


async def download(request: Request) -> Response:
    """`/file/bot<token>/<file_path>`: the bytes of a file the bot got from getFile."""
    state: SandboxState = request.app.state.sandbox
    if request.path_params["token"] != state.token:
        return Response(status_code=401)
    stored = state.files.get(request.path_params["path"].rsplit("/", 1)[-1])
    if stored is None:
        return Response(status_code=404)
    return Response(stored.data, media_type=stored.mime)
