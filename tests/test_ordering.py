"""Concurrent update processing: different people overlap, one person's updates keep their order."""
import asyncio

from telegram import Update

from bot.app import build_application
from bot.ordering import PerPersonOrder, person_key
from tests import builders


def _update(user_id: int, text: str = "ciao") -> Update:
    return Update.de_json(builders.message(text, user_id=user_id), None)


class Recorder:
    """Coroutines that log their start and end and wait until released."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}

    async def work(self, name: str) -> None:
        self.log.append(f"{name}+")
        gate = self.gates.setdefault(name, asyncio.Event())
        await gate.wait()
        self.log.append(f"{name}-")

    def release(self, name: str) -> None:
        self.gates.setdefault(name, asyncio.Event()).set()


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_one_persons_updates_wait_for_each_other_and_others_overlap():
    order, rec = PerPersonOrder(8), Recorder()
    tasks = [asyncio.create_task(order.process_update(_update(uid), rec.work(name)))
             for uid, name in ((1, "a1"), (1, "a2"), (2, "b1"), (1, "a3"))]
    await _settle()
    assert rec.log == ["a1+", "b1+"]  # a2 and a3 wait for a1; b1 runs beside it
    rec.release("a2")
    rec.release("a3")  # released early: still runs only after a2
    await _settle()
    assert rec.log == ["a1+", "b1+"]
    rec.release("a1")
    await _settle()
    assert rec.log == ["a1+", "b1+", "a1-", "a2+", "a2-", "a3+", "a3-"]
    rec.release("b1")
    await asyncio.gather(*tasks)
    assert rec.log[-1] == "b1-" and order._last == {}


async def test_at_most_max_concurrent_updates_run_at_once():
    order, rec = PerPersonOrder(2), Recorder()
    tasks = [asyncio.create_task(order.process_update(_update(uid), rec.work(f"u{uid}"))) for uid in (1, 2, 3)]
    await _settle()
    assert rec.log == ["u1+", "u2+"]
    rec.release("u1")
    await _settle()
    assert rec.log == ["u1+", "u2+", "u1-", "u3+"]
    rec.release("u2"), rec.release("u3")
    await asyncio.gather(*tasks)


async def test_a_cancelled_waiter_neither_runs_nor_releases_the_next_one_early():
    order, rec = PerPersonOrder(8), Recorder()
    first = asyncio.create_task(order.process_update(_update(1), rec.work("a1")))
    second = asyncio.create_task(order.process_update(_update(1), rec.work("a2")))
    third = asyncio.create_task(order.process_update(_update(1), rec.work("a3")))
    await _settle()
    second.cancel()
    await _settle()
    assert rec.log == ["a1+"]  # a3 still waits for a1
    rec.release("a1"), rec.release("a3")
    await asyncio.gather(first, third)
    assert second.cancelled() and rec.log == ["a1+", "a1-", "a3+", "a3-"]


def test_the_key_is_the_user_then_the_chat():
    assert person_key(_update(7)) == 7
    post = Update.de_json({"update_id": 1, "channel_post": {"message_id": 1, "date": 1700000000, "text": "x",
                                                            "chat": {"id": -100, "type": "channel"}}}, None)
    assert person_key(post) == -100 and person_key(object()) is None


def test_the_application_processes_with_the_configured_concurrency(settings):
    from dataclasses import replace

    app = build_application(replace(settings, concurrent_updates=3), rate_limiter=False)
    assert isinstance(app.update_processor, PerPersonOrder) and app.update_processor.max_concurrent_updates == 3
