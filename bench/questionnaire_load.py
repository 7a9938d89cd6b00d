"""Load test: N respondents answer a 10-question questionnaire concurrently through
`Application.process_update` (the production application, a fake Telegram side).

Reports answers per second and latency per answering update (p50/p99/max), then proves from the
database that every answer arrived exactly once with the value sent (one update per respondent is
also redelivered with the same update_id, as Telegram does after a timeout).

    python bench/questionnaire_load.py                      # SQLite file in a temp folder
    python bench/questionnaire_load.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
(with PostgreSQL a database of its own is created and dropped.)
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402
from telegram import Update  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.clock import Clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.people.audience import Audience  # noqa: E402
from bot.people.models import Person  # noqa: E402
from bot.questionnaires import campaigns  # noqa: E402
from bot.questionnaires.models import Answer, Invitation, Response  # noqa: E402
from bot.questionnaires.reading import from_dict  # noqa: E402
from tests import builders  # noqa: E402
from tests.fakes import FakeTelegram  # noqa: E402

DEFINITION = {
    "id": "bench10", "version": 1, "title": "Bench", "introduction": "Dieci domande.", "audience": "po",
    "anonymous": False, "questions": [
        {"id": "q1", "type": "yesno", "label": "Uno?"},
        {"id": "q2", "type": "single", "label": "Due?", "choices": ["Alfa", "Beta", "Gamma"]},
        {"id": "q3", "type": "multiple", "label": "Tre?", "choices": ["Uno", "Due", "Tre", "Quattro"], "min": 1},
        {"id": "q4", "type": "scale", "label": "Quattro?"},
        {"id": "q5", "type": "number", "label": "Cinque?", "min": 1, "max": 100000, "integer": True},
        {"id": "q6", "type": "text", "label": "Sei?", "max_length": 100},
        {"id": "q7", "type": "single", "label": "Sette?", "choices": ["Primo", "Secondo"]},
        {"id": "q8", "type": "date", "label": "Otto?"},
        {"id": "q9", "type": "yesno", "label": "Nove?", "when": 'q1 == "si"'},
        {"id": "q10", "type": "text", "label": "Dieci?", "max_length": 100},
    ]}
BASE_USER = 10_000_000


class BenchTelegram(FakeTelegram):
    """The fake Bot API, also remembering the last keyboard sent to each chat."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons: dict[int, list[tuple[str, str]]] = {}

    async def do_request(self, url, method, request_data=None, **kw):
        result = await super().do_request(url, method, request_data, **kw)
        call = self.calls.pop() if self.calls else None
        if call is not None and call.method in ("sendMessage", "editMessageText") and call.keyboard:
            self.buttons[int(call.params["chat_id"])] = call.buttons()
        return result


class Respondent:
    def __init__(self, app, telegram: BenchTelegram, n: int, ids, latencies: dict, window) -> None:
        self.app, self.telegram, self.n, self.ids, self.latencies = app, telegram, n, ids, latencies
        self.window = window
        self.user = BASE_USER + n

    async def feed(self, payload: dict, answer: bool) -> None:
        """One update; latency counted from sending (waiting for a free slot included)."""
        sent = time.perf_counter()
        async with self.window:
            start = time.perf_counter()
            await self.app.process_update(Update.de_json(payload, self.app.bot))
        end = time.perf_counter()
        if answer:
            self.latencies["total"].append(end - sent)
            self.latencies["processing"].append(end - start)

    def data(self, label: str) -> str:
        return next(d for t, d in self.telegram.buttons[self.user] if t == label)

    async def press(self, label: str, answer: bool = True) -> None:
        await self.feed(builders.callback(self.data(label), user_id=self.user, update_id=next(self.ids)), answer)

    async def say(self, words: str, answer: bool = True, update_id: int | None = None) -> dict:
        payload = builders.message(words, user_id=self.user, update_id=update_id or next(self.ids))
        await self.feed(payload, answer)
        return payload

    async def run(self, campaign_id: int) -> None:
        await self.say(f"/start q_{campaign_id}", answer=False)
        await self.press("Sì")
        await self.press("Beta")
        await self.press("Uno", answer=False)
        await self.press("Tre", answer=False)
        await self.press("Conferma ✅")
        await self.press("4")
        payload = await self.say(str(self.n + 1))
        await self.feed(payload, answer=False)  # the same update redelivered: must change nothing
        await self.say(f"risposta {self.n}")
        await self.press("Secondo")
        await self.say("15/01/2027")
        await self.press("No")
        await self.say(f"note {self.n}")
        await self.press("Invia ✅", answer=False)


async def prepare(url: str, respondents: int) -> int:
    db = Database(url)
    await upgrade(db.engine)
    now = Clock().now()
    async with db.session() as s:
        s.add_all([Person(telegram_user_id=BASE_USER + i, chat_id=BASE_USER + i, name=f"PO {i}", role="po",
                          reachable=True, created_at=now) for i in range(respondents)])
        await s.flush()
        campaign, n = await campaigns.launch(s, from_dict(DEFINITION), Audience("all_po"), opens_at=now,
                                             closes_at=now + timedelta(days=10), created_by=None,
                                             launch_key=f"bench:{uuid.uuid4().hex}", now=now, tz=Settings().timezone)
    await db.dispose()
    assert n == respondents, n
    return campaign.id


async def verify(url: str, respondents: int) -> dict:
    """Every respondent: completed, exactly 10 answers, the values they sent."""
    db = Database(url)
    async with db.session() as s:
        total = await s.scalar(select(func.count()).select_from(Answer))
        completed = await s.scalar(select(func.count()).select_from(Invitation).where(Invitation.status == "completed"))
        per_response = (await s.execute(select(Answer.response_id, func.count()).group_by(Answer.response_id))).all()
        rows = (await s.execute(select(Person.telegram_user_id, Answer.question_id, Answer.value)
                                .join(Invitation, Invitation.response_id == Answer.response_id)
                                .join(Person, Person.id == Invitation.person_id)
                                .where(Answer.question_id.in_(("q5", "q6", "q10"))))).all()
        responses = await s.scalar(select(func.count()).select_from(Response))
    await db.dispose()
    wrong = 0
    for user, qid, value in rows:
        n = user - BASE_USER
        expected = {"q5": n + 1, "q6": f"risposta {n}", "q10": f"note {n}"}[qid]
        wrong += value != expected
    return {"answers": total, "expected": respondents * 10, "completed": completed, "responses": responses,
            "responses_with_10": sum(1 for _, c in per_response if c == 10), "wrong_values": wrong,
            "checked_values": len(rows)}


class Unbounded:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


async def bench(url: str, respondents: int, in_flight: int) -> None:
    campaign_id = await prepare(url, respondents)
    telegram = BenchTelegram()
    settings = Settings(token="123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz", database_url=url)
    app = build_application(settings, request=telegram, rate_limiter=False)
    errors: list = []

    async def collect(update, context):
        errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    await app.post_init(app)
    latencies: dict[str, list[float]] = {"total": [], "processing": []}
    ids = itertools.count(1)
    window = asyncio.Semaphore(in_flight) if in_flight else Unbounded()
    people = [Respondent(app, telegram, i, ids, latencies, window) for i in range(respondents)]
    start, cpu = time.perf_counter(), time.process_time()
    outcomes = await asyncio.gather(*(p.run(campaign_id) for p in people), return_exceptions=True)
    stopped = sum(1 for o in outcomes if isinstance(o, BaseException))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    await app.shutdown()
    await app.post_shutdown(app)
    result = await verify(url, respondents)
    print(f"database: {make_url(url).get_backend_name()}  respondents: {respondents}  "
          f"updates in flight at most: {in_flight or 'unbounded'}  handler errors: {len(errors)}  "
          f"respondents stopped by an error: {stopped}")
    print(f"answers: {result['answers']} (expected {result['expected']}), completed: {result['completed']}, "
          f"responses: {result['responses']}, responses with 10 answers: {result['responses_with_10']}, "
          f"wrong values: {result['wrong_values']} of {result['checked_values']} checked")
    print(f"wall time: {elapsed:.1f} s  answers/s: {result['answers'] / elapsed:.0f}  "
          f"updates/s: {16 * respondents / elapsed:.0f}  bot CPU per update: {cpu / (16 * respondents) * 1000:.1f} ms "
          f"(load average at the end: {os.getloadavg()[0]:.1f})")
    for kind, values in latencies.items():
        values.sort()
        if values:
            pick = lambda q: values[min(len(values) - 1, int(q * len(values)))] * 1000  # noqa: E731
            print(f"latency per answer ({kind}): p50 {pick(0.5):.0f} ms, p99 {pick(0.99):.0f} ms, "
                  f"max {values[-1] * 1000:.0f} ms, mean {statistics.mean(values) * 1000:.0f} ms")
    ok = (not errors and result["answers"] == result["expected"] == result["responses_with_10"] * 10
          and result["completed"] == respondents == result["responses"] and result["wrong_values"] == 0)
    print("NO ANSWER LOST OR DUPLICATED" if ok else "FAILED: answers lost, duplicated or wrong")
    if errors:
        print("first error:", repr(errors[0])[:300])


async def admin(url: str, sql: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


def main() -> int:
    logging.basicConfig(level=logging.CRITICAL)  # handler errors are counted, not printed
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--respondents", type=int, default=1000)
    parser.add_argument("--in-flight", type=int, default=16,
                        help="updates processed at once, like concurrent_updates(N); 0 = all at once")
    args = parser.parse_args()
    if args.database_url and args.database_url.startswith("postgresql"):
        name = f"zobot_bench_{uuid.uuid4().hex[:8]}"
        asyncio.run(admin(args.database_url, f'CREATE DATABASE "{name}"'))
        url = make_url(args.database_url).set(database=name).render_as_string(hide_password=False)
        try:
            asyncio.run(bench(url, args.respondents, args.in_flight))
        finally:
            asyncio.run(admin(args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
        asyncio.run(bench(url, args.respondents, args.in_flight))
    return 0


if __name__ == "__main__":
    sys.exit(main())
