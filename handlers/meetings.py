"""Tavoli di lavoro in the chat: /tavoli, /nuovotavolo, the `m:` buttons, typed answers and documents.

Each handler reads the update, calls one MeetingService use case (bot/meetings/service.py) and returns
its Reply. Typed text and documents are taken only while the person has an open draft in the database
(creating a tavolo, moving a meeting, editing, naming a person, an agenda or minutes): the arrival read
says so (`creating_tavolo`), so other texts go on to the next group untouched. Button formats:
bot/meetings/callbacks.py.
"""
from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.errors import StaleAction
from bot.meetings import callbacks as cb
from bot.meetings import jobs
from bot.meetings.service import MeetingService
from bot.people.who import Who
from bot.reply import Reply
from handlers.context import ZContext
from handlers.jobs import every


def _service(context: ZContext) -> MeetingService:
    return context.services.meetings


def _who(update: Update) -> Who:
    return Who(telegram_user_id=update.effective_user.id)


async def tavoli_command(update: Update, context: ZContext) -> Reply:
    return await _service(context).tavoli_list(_who(update))


async def new_command(update: Update, context: ZContext) -> Reply:
    return await _service(context).new_tavolo(_who(update))


async def dialogue_text(update: Update, context: ZContext) -> Reply | None:
    """Typed text is a dialogue answer only while a draft is open; otherwise let others have it."""
    if not context.arrival.creating_tavolo:  # most texts are catalogue questions: no write lock for them
        return None
    return await _service(context).on_text(_who(update), update.effective_message.text)


async def document(update: Update, context: ZContext) -> Reply | None:
    """A document sent while an agenda or minutes are asked for: checked, downloaded, stored."""
    if not context.arrival.creating_tavolo:
        return None
    service, who = _service(context), _who(update)
    if not await service.awaits_document(who):
        return None
    sent = update.effective_message.document
    service.check_document(sent.file_name or "", sent.file_size or 0)
    content = bytes(await (await sent.get_file()).download_as_bytearray())
    return await service.on_document(who, sent.file_name or "documento", content)


# action -> the use case it calls (the arguments are the parsed, validated ones of bot/meetings/callbacks.py)
BUTTONS = {
    "list": lambda s, w, a: s.tavoli_list(w),
    "new": lambda s, w, a: s.new_tavolo(w),
    "d": lambda s, w, a: s.dialogue_button(w, *a),
    "t": lambda s, w, a: s.detail(w, a[0]),
    "cal": lambda s, w, a: s.calendar(w, a[0]),
    "s": lambda s, w, a: s.subscribe(w, a[0], True),
    "u": lambda s, w, a: s.subscribe(w, a[0], False),
    "r": lambda s, w, a: s.rsvp(w, a[0], cb.RSVP_CODES[a[1]]),
    "o": lambda s, w, a: s.occurrences(w, a[0]),
    "op": lambda s, w, a: s.occurrences(w, a[0], past=True),
    "oc": lambda s, w, a: s.occurrence(w, a[0]),
    "x": lambda s, w, a: s.cancel(w, a[0], False),
    "xy": lambda s, w, a: s.cancel(w, a[0], True),
    "mv": lambda s, w, a: s.move(w, a[0]),
    "aud": lambda s, w, a: s.audiences(w, a[0]),
    "ad": lambda s, w, a: s.add_audience(w, *a),
    "rep": lambda s, w, a: s.report(w, a[0]),
    "p": lambda s, w, a: s.attendance(w, a[0], False),
    "csv": lambda s, w, a: s.attendance(w, a[0], True),
    "e": lambda s, w, a: s.edit_menu(w, a[0]),
    "ef": lambda s, w, a: s.edit_field(w, *a),
    "sk": lambda s, w, a: s.toggle_skip(w, *a),
    "ar": lambda s, w, a: s.archive(w, a[0], False),
    "ary": lambda s, w, a: s.archive(w, a[0], True),
    "pp": lambda s, w, a: s.people(w, a[0]),
    "pa": lambda s, w, a: s.add_person(w, a[0], None),
    "pad": lambda s, w, a: s.add_person(w, *a),
    "prm": lambda s, w, a: s.remove_person(w, *a),
    "ag": lambda s, w, a: s.note(w, a[0], "agenda"),
    "mn": lambda s, w, a: s.note(w, a[0], "minutes"),
    "ags": lambda s, w, a: s.set_note(w, a[0], "agenda"),
    "mns": lambda s, w, a: s.set_note(w, a[0], "minutes"),
    "pz": lambda s, w, a: s.presence(w, *a),
    "pt": lambda s, w, a: s.toggle_presence(w, *a),
}


async def on_button(update: Update, context: ZContext) -> Reply:
    """Every `m:` button; forged or malformed data changes nothing (the policy is asked by each use case)."""
    action = cb.parse(update.callback_query.data)
    if action is None or action.name not in BUTTONS:
        raise StaleAction()
    return await BUTTONS[action.name](_service(context), _who(update), action.args)


async def tick_job(context: ZContext) -> None:
    await context.bot_data.meetings.tick()


async def startup(app: Application) -> None:
    """The reminder job (with the audiences' rules applied first); the database says what is due."""
    every(app, jobs.JOB_NAME, tick_job, seconds=jobs.INTERVAL)
