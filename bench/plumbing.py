"""Is the speed plumbing needed? (issue 12 item 7) CPU per update on distinct questions, with and without it.

    python bench/plumbing.py                       # SQLite, 3 alternating rounds of 2,000 distinct questions each way
    python bench/plumbing.py --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test

The production Application answers distinct questions (bench/sandbox_load.py `distinct_questions`, none
asked twice) from 200 of 10,000 registered people, against a fake Telegram that answers `sendMessage`
as Telegram does: the message with its text, its entities (parsed from the HTML by the sandbox's own
parser) and its keyboard. Two ways, alternating in the same process:

- **lean** (as shipped): the arrival read on the driver (`bot/db/prepared.py`), replies through
  `handlers/render.py` with the keyboard as Bot API JSON and Telegram's answer left as JSON (`Bot._post`);
- **plain**: the arrival read through SQLAlchemy (`Database.fetch_one`'s own fallback), replies through
  python-telegram-bot's public `Bot.send_message` / `edit_message_text` with `InlineKeyboardMarkup`
  objects, Telegram's answer turned into a `Message`. The bench swaps these two functions of
  handlers/render.py for the public-API ones, exactly what the code did before the plumbing.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sandbox_load import FIRST_PERSON, distinct_questions, prepare_database  # noqa: E402


def telegram_like():
    """FakeTelegram whose sendMessage/editMessageText answers carry entities and the keyboard, as Telegram's do."""
    from bot.sandbox.entities import parse_html
    from tests.fakes import FakeTelegram

    class TelegramLike(FakeTelegram):
        def _result(self, name: str, params: dict):
            result = super()._result(name, params)
            if name in ("sendMessage", "editMessageText") and isinstance(result, dict) and "text" in params:
                text, entities = parse_html(params["text"])
                result["text"] = text
                if entities:
                    result["entities"] = entities
                markup = params.get("reply_markup")
                if markup:
                    result["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
            return result
    return TelegramLike()


def plain_functions():
    """send_text / edit_text through python-telegram-bot's public API (what zobot did before the plumbing)."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
    from telegram.constants import ParseMode

    def markup(rows):
        if not rows:
            return None
        return InlineKeyboardMarkup([[InlineKeyboardButton(b["text"], callback_data=b.get("data"), url=b.get("url"))
                                      for b in row] for row in rows])

    async def send_text(bot, chat_id, text, rows=None):
        message = await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup(rows),
                                         link_preview_options=LinkPreviewOptions(is_disabled=True))
        return message.message_id

    async def edit_text(bot, chat_id, message_id, text, rows=None):
        await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id, parse_mode=ParseMode.HTML,
                                    reply_markup=markup(rows), link_preview_options=LinkPreviewOptions(is_disabled=True))
    return send_text, edit_text


class Ways:
    """Switches the two pieces between the lean and the plain way, in every module that holds them."""

    def __init__(self, db) -> None:
        import handlers.render
        import handlers.show
        import handlers.transport

        self.db, self.driver = db, db._driver
        self.modules = [handlers.render, handlers.show, handlers.transport]
        self.lean = {m: (getattr(m, "send_text", None), getattr(m, "edit_text", None)) for m in self.modules}
        self.plain = plain_functions()

    def use(self, way: str) -> None:
        """lean, plain, or one piece plain: plain-read (SQLAlchemy) or plain-send (public Bot API)."""
        self.db._driver = self.driver if way in ("lean", "plain-send") else None
        for module in self.modules:
            send, edit = self.lean[module] if way in ("lean", "plain-read") else self.plain
            if getattr(module, "send_text", None) is not None:
                module.send_text = send
            if getattr(module, "edit_text", None) is not None:
                module.edit_text = edit


async def main(args) -> None:
    from telegram import Update

    from bot.app import build_application
    from bot.clock import Clock
    from bot.config import Settings
    from tests import builders

    with tempfile.TemporaryDirectory() as tmp:
        url = await prepare_database(Path(tmp) / "bench.db", args.registered, args.postgres)
        request = telegram_like()
        app = build_application(Settings(token="1:x", database_url=url), request=request, clock=Clock(),
                                rate_limiter=False)
        await app.initialize()
        await app.post_init(app)
        ways = Ways(app.bot_data.db)
        questions = distinct_questions()
        n = 0
        order = ["lean", "plain-read", "plain-send", "plain"]
        results: dict[str, list[float]] = {way: [] for way in order}
        for _ in range(args.messages // 4):  # warm-up: first contacts, the read model, the index
            await app.process_update(Update.de_json(builders.message(questions[n], user_id=FIRST_PERSON + n % args.people),
                                                    app.bot))
            n += 1
        for round_ in range(args.rounds):
            for way in order if round_ % 2 == 0 else order[::-1]:
                ways.use(way)
                updates = []
                for _ in range(args.messages):
                    updates.append(Update.de_json(builders.message(questions[n % len(questions)],
                                                                   user_id=FIRST_PERSON + n % args.people), app.bot))
                    n += 1
                request.calls.clear()
                started = time.process_time()
                for update in updates:
                    await app.process_update(update)
                cpu = (time.process_time() - started) * 1000 / len(updates)
                results[way].append(cpu)
                print(f"round {round_ + 1} {way:<10} {len(updates)} distinct questions: {cpu:.2f} ms CPU per update",
                      flush=True)
        ways.use("lean")
        median = {way: sorted(cpu)[len(cpu) // 2] for way, cpu in results.items()}
        for way in order:
            cpu = sorted(results[way])
            print(f"{way:<10} {cpu[0]:.2f}–{cpu[-1]:.2f} ms CPU per update, median {median[way]:.2f} "
                  f"({median[way] / median['lean']:.2f}× lean)")
        await app.shutdown()
        await app.post_shutdown(app)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--registered", type=int, default=10_000)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server instead of SQLite")
    asyncio.run(main(parser.parse_args()))
