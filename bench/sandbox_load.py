"""Load through the local Bot API server: zobot vs a bare python-telegram-bot echo bot, same run.

N simulated people each write M messages, one at a time (the next one once the reply arrived), over
the sandbox's user API; the bot under test polls the same server with python-telegram-bot's own HTTP
client, in a process of its own. Reported: throughput (replies/s), p50/p95/p99 reply latency, and
the bot process's memory (RSS) with 10,000 registered people in its database.

Two streams of questions, both against the echo in the same run:
- **repeated**: 8 fixed questions cycled (after warm-up every catalogue answer comes from the answer cache);
- **distinct**: questions generated from the catalogue (every comune, zone, service and theme in several
  phrasings, none asked twice in a bot's run), as real referents ask them; run with the answer cache
  and without it (`zobot-distinct-nocache`: the cache emptied at start-up, so every answer is built).

    python bench/sandbox_load.py                       # 200 people x 50 messages (the issue's numbers)
    python bench/sandbox_load.py --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test   # zobot on PostgreSQL
    python bench/sandbox_load.py --people 20 --messages 5 --registered 1000    # a quick smoke run
    python bench/sandbox_load.py --streams distinct    # only the distinct stream (echo, zobot, zobot without cache)
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.sandbox.server import LocalBotApi  # noqa: E402

TOKEN = "123456789:SANDBOX-bench-token-not-telegram-0000"
FIRST_PERSON = 3_000_000
QUESTIONS = ["servizi a Rho", "in che zona è Cernusco sul Naviglio?", "/help", "cos'è la SUA",
             "servizi ambiente nel Magentino", "/zone", "comuni della zona Adda Martesana", "/comune Legnano"]


# -- the bots under test (each runs as `python bench/sandbox_load.py --serve KIND ...`) -------------
def serve_echo(api_base: str) -> None:
    """The ceiling: python-telegram-bot with one text handler that echoes, default settings."""
    from telegram import Update
    from telegram.ext import ApplicationBuilder, MessageHandler, filters

    async def echo(update: Update, context) -> None:
        await update.message.reply_text(update.message.text)

    app = ApplicationBuilder().token(TOKEN).base_url(api_base).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(allowed_updates=["message"], stop_signals=None)


def serve_replay(api_base: str, answers_file: str) -> None:
    """zobot's own replies (recorded in its run), sent by zobot's own reply path (handlers/render.py
    send_text) from a bot that does nothing else: what the answers' size costs python-telegram-bot and
    the server, apart from zobot's work to find them."""
    import json

    from telegram import Update
    from telegram.ext import ApplicationBuilder, MessageHandler, filters

    from handlers.render import send_text

    def rows(markup: dict | None) -> list[list[dict]] | None:
        """The Bot API keyboard back to the domain's rows, for send_text."""
        if not markup:
            return None
        return [[{"text": b["text"], **({"url": b["url"]} if "url" in b else {"data": b["callback_data"]})}
                 for b in row] for row in markup["inline_keyboard"]]

    answers = {question: (html, rows(markup)) for question, (html, markup) in json.loads(Path(answers_file).read_text()).items()}

    async def replay(update: Update, context) -> None:
        html, keyboard = answers[update.message.text]
        await send_text(context.bot, update.effective_chat.id, html, keyboard)

    app = ApplicationBuilder().token(TOKEN).base_url(api_base).build()
    app.add_handler(MessageHandler(filters.TEXT, replay))
    app.run_polling(allowed_updates=["message"], stop_signals=None)


def serve_zobot(api_base: str, database_url: str, rate_limiter: bool, concurrent_updates: int,
                answer_cache: bool = True) -> None:
    """zobot exactly as `zobot run` builds it (production factory, catalogue loaded); without `answer_cache`
    its catalogue answer cache keeps nothing (every answer built from the in-memory catalogue)."""
    from bot.app import ALLOWED_UPDATES, build_application
    from bot.catalogue.cache import AnswerCache
    from bot.config import Settings

    settings = Settings(token=TOKEN, database_url=database_url, api_base=api_base,
                        api_file_base=api_base.replace("/bot", "/file/bot"), concurrent_updates=concurrent_updates)
    app = build_application(settings, rate_limiter=rate_limiter)
    if not answer_cache:
        started = app.post_init

        async def post_init(application) -> None:
            await started(application)
            application.bot_data.catalogue.cache = AnswerCache(size=0)

        app.post_init = post_init
    app.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, stop_signals=None)


def distinct_questions() -> list[str]:
    """Questions generated from the shipped catalogue: every comune, zone, service and theme in several
    phrasings, each text once, in a fixed shuffled order (the same in every run)."""
    import random

    from bot.catalogue.datafiles import shipped_directory
    from bot.catalogue.validate import read_catalogue

    cat, _ = read_catalogue(shipped_directory())
    comuni = [c["name"] for c in cat.comuni]
    zones = [z["name"] for z in cat.zones if z["is_capoluogo"] != "yes"]
    services = [(s.get("acronyms") or [s["name"]])[0] for s in cat.services]
    themes = [t["name"].lower() for t in cat.themes]
    out: list[str] = []
    for c in comuni:
        out += [f"servizi a {c}", f"in che zona è {c}?", f"quanti abitanti ha {c}?", f"/comune {c}",
                f"comuni della stessa zona di {c}", f"cosa c'è per il comune di {c}?"]
        out += [f"{s} è attivo a {c}?" for s in services] + [f"c'è {s} a {c}?" for s in services]
        out += [f"servizi {t} a {c}" for t in themes]
    for z in zones:
        out += [f"servizi nella zona {z}", f"comuni del {z}", f"quanti abitanti ha il {z}?", f"quanti comuni ha il {z}?"]
        out += [f"{s} nel {z}?" for s in services] + [f"servizi {t} nel {z}" for t in themes]
    for s in services:
        out += [f"cos'è {s}", f"chi contatto per {s}?", f"dove è attivo {s}?", f"scheda {s}"]
    for t in themes:
        out += [f"servizi sul tema {t}", f"cosa fate per {t}?"]
    out = list(dict.fromkeys(out))
    random.Random(14).shuffle(out)
    return out


# -- setup -----------------------------------------------------------------------------------------
async def prepare_database(path: Path, registered: int, postgres: str | None = None) -> str:
    """Migrated database with the shipped catalogue and `registered` people (ids from FIRST_PERSON):
    a SQLite file at `path`, or a fresh database `zobot_bench` on the PostgreSQL server of `postgres`."""
    from bot.bootstrap import prepare
    from bot.catalogue import loader
    from bot.config import Settings
    from bot.db.engine import Database
    from bot.db.migrate import upgrade
    from bot.people.models import Person

    if postgres:
        url = await _fresh_postgres(postgres)
        db = Database(url)
        await upgrade(db.engine)
        await loader.load(db, None)
    else:
        url = f"sqlite+aiosqlite:///{path}"
        await prepare(Settings(database_url=url))
        db = Database(url)
    now = datetime.now(timezone.utc)
    try:
        async with db.session() as s:
            for start in range(0, registered, 2000):
                await s.execute(Person.__table__.insert(), [
                    {"telegram_user_id": FIRST_PERSON + i, "chat_id": FIRST_PERSON + i, "name": f"Persona {i}",
                     "role": "referente" if i % 3 else "po", "reachable": True, "created_at": now}
                    for i in range(start, min(registered, start + 2000))])
    finally:
        await db.dispose()
    return url


async def _fresh_postgres(server_url: str, name: str = "zobot_bench") -> str:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    admin = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (load-independent cost, unlike wall time)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process, in MB, from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


# -- the load --------------------------------------------------------------------------------------
async def run_load(api: LocalBotApi, people: int, messages: int, replies: dict | None = None,
                   stream: list[str] | None = None) -> dict:
    """Each person writes, waits for the bot's reply, writes again; returns throughput and latencies.

    Questions cycle through QUESTIONS, or, with `stream`, are taken from it in turn (each once).
    `replies`, if given, gets the first reply to each question (its HTML and keyboard)."""
    shared = iter(stream) if stream is not None else None
    waiting: dict[int, asyncio.Future] = {}

    def on_reply(user_id: int, message: dict) -> None:
        future = waiting.pop(user_id, None)
        if future is not None and not future.done():
            future.set_result((time.perf_counter(), message))

    latencies: list[float] = []
    lost: list[int] = []
    # One client (one keep-alive connection) per person, made before the clock starts: a shared pool
    # of 200 connections checks every idle one on each request (a poll() per connection), which made
    # the simulated people, not the server, the cost that varied from run to run (up to 5.6 ms of CPU
    # per reply). Plain http on 127.0.0.1: verify=False spares loading the CA bundle (23 ms a client).
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=60)
    clients = [httpx.AsyncClient(base_url=api.url, timeout=120, limits=limits, verify=False) for _ in range(people)]

    async def person(n: int) -> None:
        await asyncio.sleep(n * 0.01)  # people arrive over two seconds, not all in the same instant
        user_id, http = FIRST_PERSON + n, clients[n]
        questions = shared if shared is not None else itertools.cycle(
            QUESTIONS[n % len(QUESTIONS):] + QUESTIONS[:n % len(QUESTIONS)])
        for _ in range(messages):
            future = asyncio.get_running_loop().create_future()
            waiting[user_id] = future
            sent, question = time.perf_counter(), next(questions)
            response = await http.post(f"/api/chats/{user_id}/messages",
                                       json={"text": question, "first_name": f"P{n}"})
            response.raise_for_status()
            try:
                arrived, message = await asyncio.wait_for(future, 60)
                latencies.append(arrived - sent)
                if replies is not None:
                    replies.setdefault(question, [message.get("_html"), message.get("reply_markup")])
            except asyncio.TimeoutError:  # the bot lost it (e.g. its sendMessage timed out)
                waiting.pop(user_id, None)
                lost.append(user_id)
            done = len(latencies) + len(lost)
            if done % 1000 == 0:
                print(f"  {done} messages answered", file=sys.stderr, flush=True)

    api.state.listeners.append(on_reply)
    try:
        started = time.perf_counter()
        await asyncio.gather(*(person(n) for n in range(people)))
        elapsed = time.perf_counter() - started
    finally:
        api.state.listeners.remove(on_reply)
        await asyncio.gather(*(client.aclose() for client in clients))
    return {"replies": len(latencies), "lost": len(lost), "seconds": elapsed, "latencies": latencies}


async def measure(kind: str, args, messages: int, database_url: str | None = None,
                  answers_file: Path | None = None, stream: list[str] | None = None) -> dict:
    """Start a fresh server and the bot `kind` in its own process, warm up, load, read its memory.

    zobot's run records its replies into `answers_file`; the replay run sends them back. With `stream`
    (distinct questions) the warm-up takes its questions from the stream's end, the load from its start."""
    api = LocalBotApi(TOKEN)
    await api.start()
    serve = {"zobot-repeated": "zobot", "zobot-distinct": "zobot", "zobot-distinct-nocache": "zobot-nocache",
             "echo-distinct": "echo"}.get(kind, kind)
    command = [sys.executable, __file__, "--serve", serve, "--api-base", api.api_base,
               "--concurrent-updates", str(args.concurrent_updates)]
    if database_url:
        command += ["--database-url", database_url]
    if kind == "replay":
        command += ["--answers", str(answers_file)]
    replies: dict | None = {} if kind in ("zobot", "zobot-repeated") and answers_file else None
    env = dict(os.environ, PYTHONPATH=str(ROOT), PTB_TIMEDELTA="1", ZOBOT_LOG_LEVEL="WARNING")
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        while api.state.calls.get("getUpdates", 0) == 0:
            if process.poll() is not None:
                raise RuntimeError(f"{kind} bot exited with {process.returncode}")
            await asyncio.sleep(0.1)
        warm = min(args.people, 10)
        await run_load(api, warm, 2, replies, stream[-2 * warm:] if stream else None)  # imports, connections
        cpu_before, server_before = cpu_seconds(process.pid), time.process_time()
        calls_before = dict(api.state.calls)
        if stream is not None and len(stream) < args.people * messages + 2 * warm:
            raise SystemExit(f"only {len(stream)} distinct questions for {args.people * messages} messages")
        result = await run_load(api, args.people, messages, replies, stream[:args.people * messages] if stream else None)
        result["calls"] = {m: n - calls_before.get(m, 0) for m, n in api.state.calls.items()
                           if n != calls_before.get(m, 0)}
        if replies is not None:
            answers_file.write_text(json.dumps(replies))
        result["cpu"] = cpu_seconds(process.pid) - cpu_before
        result["server_cpu"] = time.process_time() - server_before
        result["rss"], result["peak_rss"] = rss_mb(process.pid)
        result["kind"] = kind
        return result
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        await api.stop()


def combine(kind: str, parts: list[dict]) -> dict:
    """One bot's rounds as one run: replies over total time, latencies pooled, CPU per reply."""
    replies = sum(p["replies"] for p in parts)
    latencies = [x for p in parts for x in p["latencies"]]
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    calls: dict[str, int] = {}
    for p in parts:
        for method, n in p["calls"].items():
            calls[method] = calls.get(method, 0) + n
    return {"kind": kind, "replies": replies, "lost": sum(p["lost"] for p in parts),
            "throughput": replies / sum(p["seconds"] for p in parts),
            "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000,
            "cpu_ms": 1000 * sum(p["cpu"] for p in parts) / max(1, replies),
            "server_ms": 1000 * sum(p["server_cpu"] for p in parts) / max(1, replies),
            "rss": max(p["rss"] for p in parts), "peak_rss": max(p["peak_rss"] for p in parts), "calls": calls,
            "rounds": [p["replies"] / p["seconds"] for p in parts]}


async def main(args) -> None:
    """Rounds alternate the bots (echo, zobot, replay, echo, …) so that the machine's speed, which
    drifts by ±20% over minutes on a shared host, weighs on each of them alike."""
    kinds = ["echo"]
    if args.streams in ("repeated", "both"):
        kinds += ["zobot-repeated"] + (["replay"] if args.with_replay else [])
    if args.streams in ("distinct", "both"):
        kinds += ["zobot-distinct", "zobot-distinct-nocache"]
    kinds += ["zobot-ratelimited"] if args.with_rate_limiter else []
    stream = distinct_questions()
    parts: dict[str, list[dict]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        database_url = await prepare_database(Path(tmp) / "bench.sqlite3", args.registered, args.postgres)
        answers = Path(tmp) / "answers.json"
        for round_ in range(args.rounds):
            messages = args.messages // args.rounds + (1 if round_ < args.messages % args.rounds else 0)
            for kind in kinds:
                database = database_url if kind.startswith("zobot") else None
                # each round a fresh bot process; the distinct questions of one round are asked once each
                start = (round_ * len(stream)) // args.rounds
                mine = stream[start:] + stream[:start] if "distinct" in kind else None
                parts[kind].append(await measure(kind, args, messages, database, answers, mine))
    runs = [combine(kind, parts[kind]) for kind in kinds]
    ceiling = runs[0]["throughput"]
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(f"\n{args.people} people x {args.messages} messages; zobot database: {database} with "
          f"{args.registered} registered people; {len(stream)} distinct questions available; "
          f"load average at the end {os.getloadavg()[0]:.1f}\n")
    print("| bot | replies | no reply | replies/s | % of ceiling | p50 ms | p95 ms | p99 ms "
          "| bot CPU per reply | server + people CPU per reply | RSS MB (peak) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        share = 100 * r["throughput"] / ceiling
        print(f"| {r['kind']} | {r['replies']} | {r['lost']} | {r['throughput']:.0f} | {share:.0f}% "
              f"| {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['cpu_ms']:.1f} ms | {r['server_ms']:.1f} ms "
              f"| {r['rss']:.0f} ({r['peak_rss']:.0f}) |")
    print("\nShare of the ceiling in each round: " + "; ".join(
        f"{r['kind']} " + ", ".join(f"{100 * t / e:.0f}%" for t, e in zip(r["rounds"], runs[0]["rounds"]))
        for r in runs[1:]))
    print("\nBot API calls during the load: " + "; ".join(
        f"{r['kind']}: " + ", ".join(f"{m} {n}" for m, n in sorted(r["calls"].items())) for r in runs))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--registered", type=int, default=10_000)
    parser.add_argument("--postgres", metavar="URL",
                        help="run zobot on a fresh database `zobot_bench` of this PostgreSQL server "
                             "(e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/test) instead of SQLite")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternate the bots in this many rounds, the messages split among them (default 3)")
    parser.add_argument("--concurrent-updates", type=int, default=8,
                        help="zobot's ZOBOT_CONCURRENT_UPDATES (default 8, the production default)")
    parser.add_argument("--with-rate-limiter", action="store_true",
                        help="also run zobot with its production AIORateLimiter (25 messages/s overall)")
    parser.add_argument("--streams", choices=["repeated", "distinct", "both"], default="both",
                        help="the repeated mix of 8 questions, the distinct questions, or both (default)")
    parser.add_argument("--with-replay", action="store_true",
                        help="also run the replay bot (zobot's recorded answers of the repeated mix, nothing else)")
    parser.add_argument("--serve", choices=["echo", "replay", "zobot", "zobot-nocache", "zobot-ratelimited"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--answers", help=argparse.SUPPRESS)
    parser.add_argument("--api-base", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parsed = parser.parse_args()
    if parsed.serve == "echo":
        serve_echo(parsed.api_base)
    elif parsed.serve == "replay":
        serve_replay(parsed.api_base, parsed.answers)
    elif parsed.serve:
        serve_zobot(parsed.api_base, parsed.database_url, rate_limiter=parsed.serve == "zobot-ratelimited",
                    concurrent_updates=parsed.concurrent_updates, answer_cache=parsed.serve != "zobot-nocache")
    else:
        asyncio.run(main(parsed))
