"""Webhook delivery by the sandbox, as Telegram does it: POST each update, retry until a 2xx answer."""
from __future__ import annotations

import asyncio
import logging

import httpx

from bot.sandbox.state import SandboxState

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def deliver(state: SandboxState, *, retry_delay: float = 0.2) -> None:
    """Send pending updates in order to the webhook; an update leaves the queue only when acknowledged."""
    async with httpx.AsyncClient(timeout=10) as client:
        while state.webhook["url"]:
            if not state.updates:
                await state.wait_update(0.5)
                continue
            update = state.updates[0]
            headers = {SECRET_HEADER: state.webhook["secret_token"]} if state.webhook["secret_token"] else {}
            try:
                response = await client.post(state.webhook["url"], json=update, headers=headers)
                ok = 200 <= response.status_code < 300
                error = f"Wrong response from the webhook: {response.status_code}"
            except httpx.HTTPError as exc:
                ok, error = False, f"Connection failed: {exc.__class__.__name__}"
            if ok:
                if state.updates and state.updates[0] is update:
                    state.updates.pop(0)
                state.acknowledged.append(update["update_id"])
            else:
                state.webhook["last_error_message"] = error
                await asyncio.sleep(retry_delay)


def ensure_running(state: SandboxState) -> None:
    """Start the delivery task if a webhook is set and no task runs."""
    if state.webhook["url"] and (state.pusher is None or state.pusher.done()):
        state.pusher = asyncio.get_running_loop().create_task(deliver(state), name="sandbox-webhook")
