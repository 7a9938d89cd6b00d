"""The local Bot API server: Telegram's HTTP API for the bot, a JSON API and a web chat for people.

`/bot<token>/<method>` and `/file/bot<token>/<path>` behave as a self-hosted Bot API server, so the
bot reaches it through ZOBOT_API_BASE / ZOBOT_API_FILE_BASE with python-telegram-bot's own client.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.responses import FileResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.sandbox import botapi, clientapi
from bot.sandbox.state import SandboxState

logger = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")


def create_app(state: SandboxState, people: list[dict] | None = None) -> Starlette:
    """The ASGI application: Bot API, the user API and the web chat page."""
    routes = [
        Route("/bot{token}/{method}", botapi.handle, methods=["GET", "POST"]),
        Route("/file/bot{token}/{path:path}", botapi.download, methods=["GET"]),
        Route("/api/info", clientapi.info, methods=["GET"]),
        Route("/api/chats/{user_id}/messages", clientapi.send_text, methods=["POST"]),
        Route("/api/chats/{user_id}/messages", clientapi.read, methods=["GET"]),
        Route("/api/chats/{user_id}/documents", clientapi.send_document, methods=["POST"]),
        Route("/api/chats/{user_id}/press", clientapi.press, methods=["POST"]),
        Route("/api/chats/{user_id}/inline", clientapi.inline, methods=["POST"]),
        Route("/api/chats/{user_id}/block", clientapi.block, methods=["POST"]),
        Route("/api/queries/{query_id}", clientapi.query, methods=["GET"]),
        Route("/api/files/{file_id}", clientapi.file, methods=["GET"]),
        Route("/", lambda request: FileResponse(STATIC / "index.html"), methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.sandbox = state
    app.state.people = people or []
    return app


def bind(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening socket (port 0: a free one), so the address is known before the server starts."""
    # IPPROTO_TCP explicitly: asyncio turns on TCP_NODELAY only for sockets that say so, and without it
    # Nagle + delayed ACK add ~40 ms to every response on loopback
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(512)
    sock.setblocking(False)
    return sock


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling: the process that embeds it decides when to stop."""

    def install_signal_handlers(self) -> None:  # uvicorn < 0.29
        return None

    @contextlib.contextmanager
    def capture_signals(self):
        yield


class LocalBotApi:
    """The server running inside the current event loop; `await start()`, then `await stop()`."""

    def __init__(self, token: str, *, people: list[dict] | None = None, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.state = SandboxState(token)
        self.app = create_app(self.state, people)
        self.socket = bind(host, port)
        self.host, self.port = self.socket.getsockname()[:2]
        # keep-alive longer than the clients' (httpx: 5 s idle), so the server never closes a connection
        # a client is about to reuse
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False,
                                timeout_graceful_shutdown=1, ws="none", timeout_keep_alive=120)
        self.server = QuietServer(config)
        self._task: asyncio.Task | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.url}/bot"

    @property
    def api_file_base(self) -> str:
        return f"{self.url}/file/bot"

    async def start(self) -> None:
        self._task = asyncio.create_task(self.server.serve(sockets=[self.socket]))
        while not self.server.started:
            if self._task.done():
                await self._task
            await asyncio.sleep(0.01)
        logger.info("local Bot API server on %s", self.url)

    async def stop(self) -> None:
        self.server.should_exit = True
        self.state.webhook["url"] = ""
        self.state.close()
        if self.state.pusher is not None:
            self.state.pusher.cancel()
            await asyncio.gather(self.state.pusher, return_exceptions=True)
        if self._task is not None:
            await self._task
        self.socket.close()
