"""A tiny fake Bot API over real HTTP on 127.0.0.1, for tests that run the bot in another process.

It answers getMe and send* calls like Telegram and keeps every message it received, so a test can
kill the sender mid-broadcast and still count what reached "Telegram".
"""
from __future__ import annotations

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class FakeBotAPI:
    def __init__(self, *, delay: float = 0.0) -> None:
        self.received: list[dict] = []
        self.lock = threading.Lock()
        self.delay = delay
        self._ids = itertools.count(1)
        self._waiters: list[tuple[int, threading.Event]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def __enter__(self) -> "FakeBotAPI":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def when_received(self, count: int) -> threading.Event:
        """An event set once `count` messages have arrived."""
        event = threading.Event()
        with self.lock:
            self._waiters.append((count, event))
            if len(self.received) >= count:
                event.set()
        return event

    def _record(self, params: dict) -> int:
        with self.lock:
            self.received.append(params)
            for count, event in self._waiters:
                if len(self.received) >= count:
                    event.set()
            return next(self._ids)

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                return None

            def do_POST(self) -> None:
                method = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                params = {k: v[0] for k, v in parse_qs(body).items()}
                if method == "getMe":
                    result = {"id": 1, "is_bot": True, "first_name": "zobot", "username": "zobot_fake_bot"}
                else:
                    if api.delay:
                        time.sleep(api.delay)
                    message_id = api._record(params)
                    chat_id = int(params.get("chat_id", 0))
                    result = {"message_id": message_id, "date": 1700000000, "text": params.get("text", ""),
                              "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"}}
                payload = json.dumps({"ok": True, "result": result}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client was killed mid-call
                    pass

        return Handler
