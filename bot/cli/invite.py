"""`zobot invite create|batch|revoke|revoke-member`: personal invitation links and QR codes for a mailing.
The use cases are the people service's (bot/people/service.py); the output is Italian (bot/texts/people.py)."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx

from bot import timefmt
from bot.clock import Clock
from bot.config import ConfigError, Settings
from bot.db.engine import Database
from bot.errors import BadInput, InvalidInvitation, UnknownName
from bot.people import batch, invites
from bot.people.service import PeopleService
from bot.texts import people as T
from bot.texts import plural_text


def add_parser(sub) -> None:
    p = sub.add_parser("invite", help=T.CLI_HELP)
    s = p.add_subparsers(dest="invite_command", required=True)
    c = s.add_parser("create", help=T.CLI_CREATE_HELP)
    c.add_argument("--role", required=True, choices=["referente", "po", "organizzatore"], help=T.CLI_ROLE_HELP)
    c.add_argument("--comune", action="append", default=[], help=T.CLI_COMUNE_HELP)
    c.add_argument("--office", help=T.CLI_OFFICE_HELP)
    c.add_argument("--name", default="", help=T.CLI_NAME_HELP)
    c.add_argument("--email", help=T.CLI_EMAIL_HELP)
    c.add_argument("--qr", type=Path, help=T.CLI_QR_HELP)
    c.add_argument("--bot", help=T.CLI_BOT_HELP)
    c.set_defaults(handler=_create)
    b = s.add_parser("batch", help=T.CLI_BATCH_HELP)
    b.add_argument("file", type=Path, help=T.CLI_FILE_HELP)
    b.add_argument("--out", type=Path, required=True, help=T.CLI_OUT_HELP)
    b.add_argument("--label", help=T.CLI_LABEL_HELP)
    b.add_argument("--bot", help=T.CLI_BOT_HELP)
    b.set_defaults(handler=_batch)
    r = s.add_parser("revoke", help=T.CLI_REVOKE_HELP)
    r.add_argument("ref", help=T.CLI_REF_HELP)
    r.set_defaults(handler=_revoke)
    m = s.add_parser("revoke-member", help=T.CLI_REVOKE_MEMBER_HELP)
    m.add_argument("telegram_id", type=int, help=T.CLI_TELEGRAM_ID_HELP)
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
        raise ConfigError(T.CLI_NO_USERNAME.format(error=type(exc).__name__)) from None


def _run(settings: Settings, use_case):
    """`use_case(people)` against the configured database (migrated first), with the real clock."""
    from bot.bootstrap import prepare

    async def go():
        await prepare(settings)
        db = Database(settings.database_url)
        try:
            return await use_case(PeopleService(db, Clock(), settings))
        finally:
            await db.dispose()

    return asyncio.run(go())


def _problem(command: str, exc: Exception) -> int:
    if isinstance(exc, UnknownName):
        problem = T.CLI_BATCH_UNKNOWN.format(kind=T.CLI_KINDS.get(exc.kind, exc.kind), name=exc.name)
    else:
        reason = getattr(exc, "reason", "")
        problem = T.CLI_PROBLEMS.get(reason, reason)
    print(T.CLI_PROBLEM.format(command=command, problem=problem), file=sys.stderr)
    return 1


def _create(settings: Settings, args) -> int:
    username = bot_username(settings, args.bot)
    try:
        spec, created = _run(settings, lambda people: people.create_invitation(
            args.role, comuni=args.comune, office=args.office, name=args.name, email=args.email))
    except (UnknownName, BadInput) as exc:
        return _problem("create", exc)
    url = invites.link(username, created.token)
    where = (" " + ", ".join(spec.labels)) if spec.labels else ""
    print(T.CLI_CREATED.format(id=created.invitation.id, role=spec.role, where=where,
                               until=timefmt.day_time(created.invitation.expires_at, settings.timezone)))
    print(url)
    if args.qr:
        args.qr.write_bytes(invites.qr_png(url))
        print(T.CLI_QR_WRITTEN.format(path=args.qr))
    return 0


def _batch(settings: Settings, args) -> int:
    username = bot_username(settings, args.bot)
    rows = batch.read_csv(args.file.read_text(encoding="utf-8-sig"))
    try:
        results = _run(settings, lambda people: people.create_batch(rows, args.label or args.file.stem))
    except batch.BatchError as exc:
        for line, problem in exc.problems:
            print(T.CLI_BATCH_LINE.format(file=args.file, line=line, problem=problem), file=sys.stderr)
        print(T.CLI_BATCH_NOTHING, file=sys.stderr)
        return 1
    path = batch.write(args.out, results, username, settings.timezone)
    print(plural_text(len(results), *T.CLI_BATCH_CREATED, path=path, out=args.out))
    return 0


def _revoke(settings: Settings, args) -> int:
    try:
        invitation_id = _run(settings, lambda people: people.revoke_invitation(args.ref))
    except (InvalidInvitation, BadInput) as exc:
        return _problem("revoke", exc)
    print(T.CLI_REVOKED.format(id=invitation_id))
    return 0


def _revoke_member(settings: Settings, args) -> int:
    person_id = _run(settings, lambda people: people.revoke_member(args.telegram_id))
    if person_id is None:
        print(T.CLI_NO_MEMBER.format(id=args.telegram_id), file=sys.stderr)
        return 1
    print(T.CLI_MEMBER_REVOKED.format(id=person_id))
    if args.telegram_id in settings.admins:
        print(T.CLI_STILL_ADMIN.format(id=args.telegram_id), file=sys.stderr)
    return 0
