"""A fake of the Telegram side only: a BaseRequest that records every Bot API call.

It runs python-telegram-bot's real serialisation, response parsing and error mapping. Faults are
scripted per call with `fail_next(method, status, description, retry_after=…)` or `timeout_next`.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any, Callable

import httpx
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

BOT_ID = 777000111
BOT_USERNAME = "zobot_test_bot"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.params.get("text") or self.params.get("caption") or ""

    @property
    def keyboard(self) -> list[list[dict]]:
        markup = self.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        return (markup or {}).get("inline_keyboard", [])

    def buttons(self) -> list[tuple[str, str]]:
        return [(b["text"], b.get("callback_data") or b.get("url") or "") for row in self.keyboard for b in row]


class FakeTelegram(BaseRequest):
    """Records calls; answers like the Bot API; `script` decides faults call by call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._message_ids = itertools.count(1000)
        self._faults: list[tuple[str, Callable[[], tuple[int, bytes]]]] = []
        self.script: Callable[[str, dict], tuple[int, bytes] | None] | None = None
        self.files: dict[str, bytes] = {}  # file_id -> content: what getFile and its download give back

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def fail_next(self, method: str, status: int, description: str, retry_after: int | None = None) -> None:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        self._faults.append((method, lambda: (status, json.dumps(body).encode())))

    def timeout_next(self, method: str, *, sent: bool) -> None:
        """A timeout after the request left (`sent=True`) or before it was ever sent."""
        def raise_timeout():
            cause = httpx.ReadTimeout("read") if sent else httpx.ConnectTimeout("connect")
            raise TimedOut() from cause
        self._faults.append((method, raise_timeout))

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    @property
    def messages(self) -> list[Call]:
        return [c for c in self.calls if c.method in ("sendMessage", "sendDocument", "sendPhoto", "editMessageText")]

    def clear(self) -> None:
        self.calls.clear()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=None, write_timeout=None, connect_timeout=None, pool_timeout=None):
        name = url.rsplit("/", 1)[-1]
        if method == "GET" and "/file/bot" in url and name in self.files:  # a file a user sent, downloaded
            self.calls.append(Call("download", {"file_id": name}, {}))
            return 200, self.files[name]
        params = dict(request_data.parameters) if request_data is not None else {}
        files = {}
        if request_data is not None and request_data.contains_files:
            files = {k: v for k, v in (request_data.multipart_data or {}).items()}
        for i, (fault_method, make) in enumerate(self._faults):
            if fault_method == name:
                del self._faults[i]
                return make()
        if self.script is not None:
            scripted = self.script(name, params)
            if scripted is not None:
                return scripted
        self.calls.append(Call(name, params, files))
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict) -> Any:
        if name == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "zobot", "username": BOT_USERNAME,
                    "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}
        if name in ("sendMessage", "sendDocument", "sendPhoto", "editMessageText", "editMessageReplyMarkup"):
            chat_id = int(params.get("chat_id", 0) or 0)
            message = {"message_id": int(params.get("message_id") or next(self._message_ids)), "date": 1700000000,
                       "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                       "from": {"id": BOT_ID, "is_bot": True, "first_name": "zobot"}}
            if "text" in params:
                message["text"] = params["text"]
            if name == "sendDocument":
                message["document"] = {"file_id": "doc", "file_unique_id": "doc"}
            if name == "sendPhoto":
                message["photo"] = [{"file_id": "ph", "file_unique_id": "ph", "width": 1, "height": 1}]
            return message
        if name == "getUpdates":
            return []
        if name == "getFile":
            file_id = str(params.get("file_id"))
            return {"file_id": file_id, "file_unique_id": file_id, "file_size": len(self.files.get(file_id, b"")),
                    "file_path": f"documents/{file_id}"}
        return True
