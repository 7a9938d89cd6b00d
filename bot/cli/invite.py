"""`zobot invite create|batch|revoke`: personal invitation links and QR codes for a mailing."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx

from bot.clock import Clock
from bot.config import ConfigError, Settings
from bot.db.engine import Database
from bot.errors import BadInput, InvalidInvitation, UnknownName
from bot.people import batch, directory, invites, membership


def add_parser(sub) -> None:
    p = sub.add_parser("invite", help="personal invitation links (and QR codes)")
    s = p.add_subparsers(dest="invite_command", required=True)
    c = s.add_parser("create", help="one invitation; prints the link")
    c.add_argument("--role", required=True, choices=["referente", "po", "organizzatore"],
                   help="admins are those listed in ZOBOT_ADMINS, never invited")
    c.add_argument("--comune", action="append", default=[], help="comune (repeat for several)")
    c.add_argument("--office", help="office code or name (for a PO)")
    c.add_argument("--name", default="", help="name of the person invited")
    c.add_argument("--email")
    c.add_argument("--qr", type=Path, help="also write the QR code PNG here")
    c.add_argument("--bot", help="bot username (default: asked to Telegram with ZOBOT_TOKEN)")
    c.set_defaults(handler=_create)
    b = s.add_parser("batch", help="invitations from a CSV (nome, ruolo, comune, ufficio, email)")
    b.add_argument("file", type=Path)
    b.add_argument("--out", type=Path, required=True, help="directory for links.csv and the QR PNGs")
    b.add_argument("--label", help="batch label kept with each invitation (default: file name)")
    b.add_argument("--bot")
    b.set_defaults(handler=_batch)
    r = s.add_parser("revoke", help="revoke an unused invitation by id, token or link")
    r.add_argument("ref")
    r.set_defaults(handler=_revoke)
    m = s.add_parser("revoke-member", help="take every role away from a member (by Telegram user id)")
    m.add_argument("telegram_id", type=int)
    m.set_defaults(handler=_revoke_member)


def bot_username(settings: Settings, given: str | None) -> str:
    """--bot, or the username Telegram reports for ZOBOT_TOKEN."""
    if given:
        return given.lstrip("@")
    token = settings.require_token()
    try:
        answer = httpx.get(f"{settings.api_base}{token}/getMe", timeout=15).json()
        return answer["result"]["username"]
    except (httpx.HTTPError, KeyError, ValueError) as exc:
        raise ConfigError(f"could not ask Telegram the bot's username ({exc}); pass --bot USERNAME") from None


async def _with_db(settings: Settings, work):
    from bot.bootstrap import prepare

    await prepare(settings)
    db = Database(settings.database_url)
    try:
        async with db.session() as session:
            return await work(session, Clock().now())
    finally:
        await db.dispose()


def _create(settings: Settings, args) -> int:
    username = bot_username(settings, args.bot)

    async def work(session, now):
        spec = await invites.resolve(session, args.role, comuni=args.comune, office=args.office,
                                     name=args.name, email=args.email)
        return spec, await invites.create(session, spec, actor="cli", now=now, ttl_days=settings.invite_ttl_days)

    try:
        spec, created = asyncio.run(_with_db(settings, work))
    except (UnknownName, BadInput) as exc:
        print(f"zobot invite: {_problem(exc)}", file=sys.stderr)
        return 1
    url = invites.link(username, created.token)
    print(f"invitation {created.invitation.id} ({spec.role} {', '.join(spec.labels)}) expires "
          f"{created.invitation.expires_at.astimezone(settings.timezone):%Y-%m-%d %H:%M}")
    print(url)
    if args.qr:
        args.qr.write_bytes(invites.qr_png(url))
        print(f"QR code: {args.qr}")
    return 0


def _batch(settings: Settings, args) -> int:
    username = bot_username(settings, args.bot)
    rows = batch.read_csv(args.file.read_text(encoding="utf-8-sig"))

    async def work(session, now):
        return await batch.create_all(session, rows, actor="cli", now=now, ttl_days=settings.invite_ttl_days,
                                      batch=args.label or args.file.stem)

    try:
        results = asyncio.run(_with_db(settings, work))
    except batch.BatchError as exc:
        for line, problem in exc.problems:
            print(f"{args.file}:{line}: {problem}", file=sys.stderr)
        print("zobot invite batch: nothing created; fix the rows above and run again", file=sys.stderr)
        return 1
    path = batch.write(args.out, results, username, settings.timezone)
    print(f"{len(results)} invitations created; links in {path}, QR codes in {args.out}")
    return 0


def _revoke(settings: Settings, args) -> int:
    async def work(session, now):
        return await invites.revoke(session, args.ref, actor="cli", now=now)

    try:
        invitation = asyncio.run(_with_db(settings, work))
    except (InvalidInvitation, BadInput) as exc:
        print(f"zobot invite revoke: {_problem(exc)}", file=sys.stderr)
        return 1
    print(f"invitation {invitation.id} revoked")
    return 0


def _revoke_member(settings: Settings, args) -> int:
    async def work(session, now):
        person = await directory.by_telegram_id(session, args.telegram_id)
        if person is None or person.role is None:
            return None
        await membership.revoke(session, person, actor="cli", now=now)
        return person

    person = asyncio.run(_with_db(settings, work))
    if person is None:
        print(f"zobot invite revoke-member: no member with Telegram id {args.telegram_id}", file=sys.stderr)
        return 1
    print(f"member {person.id} revoked")
    if args.telegram_id in settings.admins:
        print(f"zobot invite revoke-member: {args.telegram_id} is in ZOBOT_ADMINS and is admin again at the next "
              "message: remove it from ZOBOT_ADMINS too", file=sys.stderr)
    return 0


def _problem(exc) -> str:
    if isinstance(exc, UnknownName):
        return f"unknown {exc.kind}: {exc.name}"
    if isinstance(exc, InvalidInvitation):
        return {"used": "already used: revoke the member instead", "unknown": "no such invitation"}.get(
            exc.reason, exc.reason)
    return {"role": "invalid role", "comune": "a referente needs --comune", "office": "a po needs --office",
            "ref": "give an invitation id, token or link"}.get(exc.reason, exc.reason)
