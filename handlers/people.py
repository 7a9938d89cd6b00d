"""People: invitation links, /registrati and approvals, privacy commands, /audit (/copertura: handlers/curation.py).

The /start handler for invitation payloads ("i_…") runs in group -1, before the plain welcome of
handlers/start.py, and stops there; "q_…" payloads and plain /start are left to the others.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, filters

from bot.errors import BadInput, InvalidInvitation, NotAllowed, NotFound, StaleAction, UnknownName
from bot.people import audit, directory, invites, membership, monitoring, my_data, policy, privacy, registration
from bot.texts import common, render
from bot.texts import people as texts
from handlers.context import ZContext
from handlers.jobs import every
from handlers.render import edit_or_reply, reply

logger = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE
NEW = filters.UpdateType.MESSAGE
START_INVITE = filters.Regex(r"^/start(@\w+)?\s+i_")
BAD_INPUT = {"usage": None, "pending": texts.REGISTER_PENDING, "role": texts.BAD_ROLE, "comune": texts.NEED_COMUNE,
             "office": texts.NEED_OFFICE, "status": texts.BAD_STATUS, "date": texts.BAD_DATE}
AUDIT_PAGE = 20


@dataclass
class Out:
    """What a use case answers: text and keyboard, or a photo/document with a caption."""

    text: str
    rows: list[list[dict]] | None = None
    file: bytes | None = None
    filename: str | None = None
    photo: bool = False


def _fmt(dt, settings, with_time: bool = True) -> str:
    return dt.astimezone(settings.timezone).strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


async def _send(update: Update, out: Out) -> None:
    chat = update.effective_chat
    if out.file is None:
        await (edit_or_reply if update.callback_query else reply)(update, out.text, out.rows)
    elif out.photo:
        await chat.send_photo(out.file, caption=out.text[:1024], filename=out.filename)
    else:
        await chat.send_document(out.file, filename=out.filename, caption=out.text[:1024])


async def _run(update: Update, context: ZContext, work, *, usage: str = "") -> None:
    """One transaction: load the person, run `work(session, person)`, map domain errors to polite answers.

    A refused or failed button press only gets an alert: the message it sits on is left alone.
    """
    services = context.services
    out = None
    try:
        async with services.db.session() as session:
            person = await directory.by_telegram_id(session, update.effective_user.id)
            if person is None:  # a bot, or an update without a sender: nothing to do for them
                raise NotFound(update.effective_user.id)
            out = await work(session, person)
    except NotAllowed:  # policy.require noted it: audit_refusals writes it once the update is done
        out = common.NOT_ALLOWED
    except UnknownName as exc:
        out = render(texts.UNKNOWN[exc.kind], name=exc.name[:100])
    except BadInput as exc:
        out = BAD_INPUT.get(exc.reason) or usage or common.BUTTON_EXPIRED
        if exc.reason == "note":
            out = render(texts.NOTE_TOO_LONG, limit=monitoring.NOTE_LIMIT)
    except InvalidInvitation as exc:
        out = texts.INVITE_INVALID.get(exc.reason, texts.INVITE_INVALID["unknown"])
    except StaleAction:
        out = texts.ALREADY_DECIDED
    except NotFound:
        out = common.BUTTON_EXPIRED
    query = update.callback_query
    if isinstance(out, str):  # an error: a polite answer, nothing changed
        if query is not None:
            await query.answer(re.sub(r"<[^>]+>", "", out)[:200], show_alert=True)
        else:
            await reply(update, out)
        return
    if query is not None:
        await query.answer()
    await _send(update, out)


# ---------- invitations ----------

async def start_invitation(update: Update, context: ZContext) -> None:
    token = invites.token_from(context.args[0] if context.args else "") or "-"

    async def work(session, person):
        await invites.redeem(session, person, token, now=context.services.now)
        places = await directory.places(session, person)
        where = render(texts.WHERE_OFFICE if person.role == "po" else texts.WHERE_COMUNI,
                       places=", ".join(places)) if places else ""
        return Out(render(texts.INVITE_WELCOME, role=texts.ROLE_NAMES[person.role], where=where))

    await _run(update, context, work)
    raise ApplicationHandlerStop


async def invita(update: Update, context: ZContext) -> None:
    services = context.services
    args = _args(update)

    async def work(session, person):
        policy.require(person, "invite")
        role, comuni, office, name = invites.parse_chat(args)
        policy.require(person, policy.invite_action(role))
        spec = await invites.resolve(session, role, comuni=comuni, office=office, name=name)
        created = await invites.create(session, spec, actor=person, now=services.now,
                                       ttl_days=services.settings.invite_ttl_days)
        url = invites.link(services.bot_username, created.token)
        where = (" – " + ", ".join(spec.labels)) if spec.labels else ""
        caption = render(texts.INVITE_CREATED, id=created.invitation.id, name=(spec.name or texts.NO_NAME)[:100],
                         role=texts.ROLE_NAMES[spec.role], where=where[:300], link=url,
                         until=_fmt(created.invitation.expires_at, services.settings, with_time=False))
        return Out(caption, file=invites.qr_png(url), filename=f"invito_{created.invitation.id}.png", photo=True)

    await _run(update, context, work, usage=texts.INVITA_USAGE)


# ---------- registration ----------

async def registrati(update: Update, context: ZContext) -> None:
    services = context.services
    args = _args(update)

    async def work(session, person):
        if person.role is not None:
            return Out(render(texts.REGISTER_ALREADY, role=texts.ROLE_NAMES.get(person.role, person.role)))
        request = await registration.ask(session, person, args, now=services.now)
        return Out(render(texts.REGISTER_SENT, id=request.id))

    await _run(update, context, work, usage=texts.REGISTER_USAGE)


async def decide(update: Update, context: ZContext, request_id: int, approve: bool) -> None:
    async def work(session, person):
        request = await registration.decide(session, person, request_id, approve, now=context.services.now)
        return Out(render(texts.DECIDED[request.status], id=request.id))

    await _run(update, context, work)


# ---------- privacy ----------

async def privacy_notice(update: Update, context: ZContext) -> None:
    await reply(update, privacy.notice(context.services.settings))


async def imiei_dati(update: Update, context: ZContext) -> None:
    async def work(session, person):
        data = await my_data.export(session, person, now=context.services.now)
        return Out(texts.MY_DATA_CAPTION, file=data, filename="imiei_dati.json")

    await _run(update, context, work)


async def cancellami(update: Update, context: ZContext) -> None:
    async def work(session, person):
        return Out(texts.ERASE_CONFIRM, [[{"text": texts.ERASE_YES, "data": f"p:er:{person.id}"},
                                          {"text": texts.ERASE_NO, "data": "p:en"}]])

    await _run(update, context, work)


async def erase(update: Update, context: ZContext, person_id: int) -> None:
    async def work(session, person):
        if person is None or person.id != person_id:  # someone else's, or an old, button
            raise NotFound(person_id)
        await privacy.erase(session, person, now=context.services.now)
        return Out(texts.ERASED)

    await _run(update, context, work)
    await context.services.db.forget_deleted()  # after the commit: the erased bytes leave the files too


# ---------- audit ----------

async def audit_view(update: Update, context: ZContext, offset: int = 0) -> None:
    settings = context.services.settings

    async def work(session, person):
        policy.require(person, "view_audit")
        page = await audit.recent(session, limit=AUDIT_PAGE, offset=offset)
        if not page.entries:
            return Out(texts.AUDIT_EMPTY)
        lines = [render(texts.AUDIT_HEADER, first=offset + 1, last=offset + len(page.entries), total=page.total)]
        lines += [render(texts.AUDIT_ROW, at=_fmt(e.at, settings), actor=_audit_actor(e),
                         action=texts.AUDIT_ACTIONS.get(e.action, e.action), target=e.target[:80])
                  for e in page.entries]
        buttons = [{"text": texts.AUDIT_EXPORT, "data": "p:ax"}]
        if offset + AUDIT_PAGE < page.total:
            buttons.append({"text": texts.AUDIT_OLDER, "data": f"p:au:{offset + AUDIT_PAGE}"})
        return Out("\n".join(lines), [buttons])

    await _run(update, context, work)


def _audit_actor(entry) -> str:
    """«organizzatore #12» for a person, «riga di comando» / «sistema» for the command line and jobs."""
    if entry.actor_id is None and entry.actor in texts.AUDIT_ACTORS:
        return texts.AUDIT_ACTORS[entry.actor]
    return f"{entry.actor or '-'} #{entry.actor_id or '-'}"


async def audit_export(update: Update, context: ZContext) -> None:
    services = context.services

    async def work(session, person):
        policy.require(person, "export_audit")
        await audit.record(session, person, "audit.export", "audit_log", {}, now=services.now)
        page = await audit.recent(session, limit=1)
        return Out(render(texts.AUDIT_CAPTION, total=page.total), file=await audit.export_csv(session),
                   filename="registro_operazioni.csv")

    await _run(update, context, work)


# ---------- wiring ----------

CALLBACKS = [
    (re.compile(r"p:ap:(\d{1,10})"), lambda u, c, m: decide(u, c, int(m[1]), True)),
    (re.compile(r"p:rf:(\d{1,10})"), lambda u, c, m: decide(u, c, int(m[1]), False)),
    (re.compile(r"p:er:(\d{1,10})"), lambda u, c, m: erase(u, c, int(m[1]))),
    (re.compile(r"p:en"), lambda u, c, m: _cancel_erase(u)),
    (re.compile(r"p:au:(\d{1,6})"), lambda u, c, m: audit_view(u, c, int(m[1]))),
    (re.compile(r"p:ax"), lambda u, c, m: audit_export(u, c)),
]


async def on_button(update: Update, context: ZContext) -> None:
    """Every p: button, parsed strictly; anything else (forged, truncated) only gets "not valid"."""
    data = update.callback_query.data or ""
    for pattern, action in CALLBACKS:
        match = pattern.fullmatch(data)
        if match and all(policy.valid_id(number, minimum=0) is not None for number in match.groups()):
            await action(update, context, match)
            return
    await update.callback_query.answer(common.BUTTON_EXPIRED)


async def _cancel_erase(update: Update) -> None:
    await update.callback_query.answer()
    await edit_or_reply(update, texts.ERASE_CANCELLED)


def _args(update: Update) -> str:
    """The text after the command (CommandHandler's args lose the separators we need)."""
    text = update.effective_message.text or ""
    return text.split(maxsplit=1)[1].strip() if len(text.split(maxsplit=1)) > 1 else ""


async def audit_refusals(update: object, app: Application) -> None:
    """After every update (bot/app.py `after_update`, even one a handler stopped): each refusal any
    feature met while handling it goes to the audit log."""
    noted = policy.take_refusals()
    services = app.bot_data
    for person_id, role, action in noted:
        await audit.refused(services.db, person_id, action, now=services.now, role=role)


async def retention_tick(context: ZContext) -> None:
    """Daily: erase accounts inactive for longer than ZOBOT_RETENTION_DAYS."""
    services = context.application.bot_data
    async with services.db.session() as session:
        erased = await privacy.apply_retention(session, now=services.now, days=services.settings.retention_days,
                                               admins=services.settings.admins)
    if erased:
        await services.db.forget_deleted()
        logger.info("retention: erased %s inactive accounts", erased)


def register_after_update(app: Application) -> None:
    """Refusals are written to the audit log after every update, whatever stopped it."""
    app.after_update.append(audit_refusals)


async def startup(app: Application) -> None:
    """Roles follow ZOBOT_ADMINS from the start (an admin removed while the bot was stopped is demoted
    now); the retention job: one per process, by name, replaced on restart."""
    services = app.bot_data
    async with services.db.session() as session:
        changed = await membership.sync_admins(session, services.settings.admins, now=services.now)
    if changed:
        logger.info("roles: %s people brought in line with ZOBOT_ADMINS", changed)
    every(app, "people:retention", retention_tick, seconds=timedelta(days=1), first=timedelta(minutes=10))
