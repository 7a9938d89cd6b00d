"""The `m:` buttons of the tavoli, one small function each: domain call, then render."""
from __future__ import annotations

from telegram import Update

from bot.errors import StaleAction
from bot.meetings import dialogue, ics, jobs, moving, occurrences, rsvp, tavoli, views
from bot.meetings.reminders import RSVP_CODES, rsvp_keyboard
from bot.people import directory, policy
from bot.texts import meetings as t
from bot.texts import render
from handlers.context import ZContext
from handlers.render import edit_or_reply, keyboard, reply


async def _person(session, update: Update):
    return await directory.by_telegram_id(session, update.effective_user.id)


async def show_list(update: Update, context: ZContext) -> None:
    services = context.services
    async with services.db.session() as s:
        text, rows = await views.tavoli_list(s, await _person(s, update), services.now)
    if update.callback_query:
        await update.callback_query.answer()
    await edit_or_reply(update, text, rows)


async def show_detail(update: Update, context: ZContext, tavolo_id: int, note: str | None = None) -> None:
    services = context.services
    async with services.db.session() as s:
        person = await _person(s, update)
        tavolo = await tavoli.get_visible(s, tavolo_id, person)
        text, rows = await views.detail(s, tavolo, person, services.now)
    await update.callback_query.answer(note)
    await edit_or_reply(update, text, rows)


async def subscribe(update: Update, context: ZContext, tavolo_id: int, join: bool) -> None:
    services = context.services
    async with services.db.session() as s:
        person = await _person(s, update)
        if join:
            tavolo = await tavoli.subscribe(s, tavolo_id, person, now=services.now)
        else:
            tavolo = await tavoli.unsubscribe(s, tavolo_id, person)
    note = (t.SUBSCRIBED if join else t.UNSUBSCRIBED).format(title=tavolo.title)
    await show_detail(update, context, tavolo_id, note[:190])


async def calendar(update: Update, context: ZContext, tavolo_id: int) -> None:
    """The series as one .ics document in the chat ("Aggiungi al calendario")."""
    services = context.services
    async with services.db.session() as s:
        tavolo = await tavoli.get_visible(s, tavolo_id, await _person(s, update))
        content = ics.series_ics(tavolo, await occurrences.all_of(s, tavolo.id), now=services.now)
    await update.callback_query.answer()
    await update.effective_chat.send_document(document=content, filename=ics.filename(tavolo),
                                              caption=render(t.CALENDAR_CAPTION, title=tavolo.title))


async def answer_rsvp(update: Update, context: ZContext, occurrence_id: int, code: str) -> None:
    services = context.services
    value = RSVP_CODES[code]
    async with services.db.session() as s:
        _, tavolo = await rsvp.answer(s, occurrence_id, await _person(s, update), value, now=services.now)
    query = update.callback_query
    await query.answer(t.RSVP_SAVED.format(label=t.RSVP_LABELS[value]))
    await query.edit_message_reply_markup(keyboard(rsvp_keyboard(occurrence_id, tavolo.id, value)))


async def dialogue_button(update: Update, context: ZContext, parts: list[str]) -> None:
    services = context.services
    async with services.db.session() as s:
        person = await _person(s, update)
        if parts[2] == "x":
            prompt = await dialogue.cancel(s, person)
        else:
            prompt = await dialogue.on_button(s, person, parts[2], parts[3], now=services.now,
                                              tz=services.settings.timezone)
    await update.callback_query.answer()
    await edit_or_reply(update, prompt.text, prompt.keyboard)


async def new_tavolo(update: Update, context: ZContext) -> None:
    services = context.services
    async with services.db.session() as s:
        prompt = await dialogue.start(s, await _person(s, update), now=services.now)
    await update.callback_query.answer()
    await reply(update, prompt.text, prompt.keyboard)


async def occurrence_list(update: Update, context: ZContext, tavolo_id: int) -> None:
    services = context.services
    async with services.db.session() as s:
        person = await _person(s, update)
        text, rows = await views.occurrence_list(s, await tavoli.get_managed(s, tavolo_id, person), person,
                                                 services.now)
    await update.callback_query.answer()
    await edit_or_reply(update, text, rows)


async def occurrence_detail(update: Update, context: ZContext, occurrence_id: int) -> None:
    services = context.services
    async with services.db.session() as s:
        result = await rsvp.attendance(s, occurrence_id, await _person(s, update))
    text, rows = views.occurrence_detail(result)
    await update.callback_query.answer()
    await edit_or_reply(update, text, rows)


async def attendance(update: Update, context: ZContext, occurrence_id: int, as_csv: bool) -> None:
    """Who is coming: counts and names in the chat, or the CSV document."""
    services = context.services
    async with services.db.session() as s:
        result = await rsvp.attendance(s, occurrence_id, await _person(s, update))
    await update.callback_query.answer()
    if not as_csv:
        await reply(update, views.attendance_text(result))
        return
    filename, caption = views.csv_document(result)
    await update.effective_chat.send_document(document=rsvp.attendance_csv(result), filename=filename, caption=caption)


async def cancel_ask(update: Update, context: ZContext, occurrence_id: int) -> None:
    services = context.services
    async with services.db.session() as s:
        occ, tavolo = await occurrences.editable(s, occurrence_id, await _person(s, update), services.now)
        n = len(await tavoli.participants(s, tavolo.id))
    text, rows = views.cancel_confirm(occ, tavolo, n)
    await update.callback_query.answer()
    await edit_or_reply(update, text, rows)


async def cancel_do(update: Update, context: ZContext, occurrence_id: int) -> None:
    services = context.services
    async with services.db.session() as s:
        occ, tavolo, n = await occurrences.cancel(s, occurrence_id, await _person(s, update), now=services.now)
    text, rows = views.cancelled(occ, tavolo, n)
    await update.callback_query.answer()
    await edit_or_reply(update, text, rows)


async def move_ask(update: Update, context: ZContext, occurrence_id: int) -> None:
    services = context.services
    async with services.db.session() as s:
        prompt = await moving.start(s, await _person(s, update), occurrence_id, now=services.now)
    await update.callback_query.answer()
    await reply(update, prompt.text, prompt.keyboard)


async def audience_menu(update: Update, context: ZContext, tavolo_id: int) -> None:
    services = context.services
    async with services.db.session() as s:
        person = await _person(s, update)
        text, rows = await views.audience_menu(s, await tavoli.get_managed(s, tavolo_id, person), person)
    await update.callback_query.answer()
    await edit_or_reply(update, text, rows)


async def audience_add(update: Update, context: ZContext, tavolo_id: int, kind: str, ref: int) -> None:
    services = context.services
    async with services.db.session() as s:
        person = await _person(s, update)
        audience = await tavoli.audience_from_button(s, kind, ref, person)
        tavolo, added, already = await tavoli.add_audience(s, tavolo_id, audience, person, now=services.now)
    await update.callback_query.answer()
    await reply(update, render(t.AUDIENCE_ADDED, added=added, already=already, title=tavolo.title))


async def delivery_report(update: Update, context: ZContext, occurrence_id: int) -> None:
    services = context.services
    async with services.db.session() as s:
        rounds = await jobs.reminder_rounds(s, occurrence_id, await _person(s, update))  # the policy first
        occ, tavolo = await occurrences.get(s, occurrence_id)
    await update.callback_query.answer()
    await reply(update, views.report(occ, tavolo, rounds))


def parse(data: str) -> tuple[str, list]:
    """`m:<action>:<arguments>` with every argument checked (ids: policy.valid_id); ValueError if forged."""
    parts = data.split(":")
    action = parts[1] if len(parts) > 1 else ""
    if action == "d":  # the creation dialogue: m:d:x | m:d:<step>:<value>
        if parts[2:] == ["x"]:
            return action, ["x", ""]
        if len(parts) != 4 or not parts[2].isalpha() or not (parts[3].isascii() and parts[3].isalnum()):
            raise ValueError(data)
        if parts[2] in NUMERIC_STEPS and parts[3] not in ("all", "ok") and policy.valid_id(parts[3], minimum=0) is None:
            raise ValueError(data)
        return action, parts[2:]
    kinds = SHAPES.get(action)
    if kinds is None or len(parts) != 2 + len(kinds):
        raise ValueError(data)
    args = []
    for kind, raw in zip(kinds, parts[2:]):
        value = policy.valid_id(raw, minimum=0 if kind == "ref" else 1) if kind in ("id", "ref") else raw
        if value is None or (kind == "rsvp" and raw not in RSVP_CODES) or (kind == "aud" and raw not in ("z", "r", "t")):
            raise ValueError(data)
        args.append(value)
    return action, args


NUMERIC_STEPS = ("theme", "zones")
# action -> its arguments: id (a row id), ref (an id or 0), rsvp (an RSVP code), aud (z, t or r)
SHAPES = {"list": (), "new": (), "t": ("id",), "cal": ("id",), "s": ("id",), "u": ("id",), "o": ("id",),
          "oc": ("id",), "x": ("id",), "xy": ("id",), "mv": ("id",), "aud": ("id",), "rep": ("id",),
          "p": ("id",), "csv": ("id",), "r": ("id", "rsvp"), "ad": ("id", "aud", "ref")}


async def dispatch(update: Update, context: ZContext, data: str) -> None:
    """Route `m:<action>:…` once its data is valid; the policy is asked by each action before it reads."""
    action, args = parse(data)
    if action == "list":
        return await show_list(update, context)
    if action == "new":
        return await new_tavolo(update, context)
    if action == "d":
        return await dialogue_button(update, context, ["m", "d", *args])
    simple = {"t": show_detail, "cal": calendar, "o": occurrence_list, "oc": occurrence_detail,
              "x": cancel_ask, "xy": cancel_do, "mv": move_ask, "aud": audience_menu, "rep": delivery_report}
    if action in simple:
        return await simple[action](update, context, args[0])
    if action in ("s", "u"):
        return await subscribe(update, context, args[0], action == "s")
    if action == "r":
        return await answer_rsvp(update, context, args[0], args[1])
    if action in ("p", "csv"):
        return await attendance(update, context, args[0], action == "csv")
    if action == "ad":
        return await audience_add(update, context, *args)
    raise StaleAction(action)
