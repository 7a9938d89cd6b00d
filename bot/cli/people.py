"""`zobot people email|add`: e-mail as a channel from the command line: set a person's address, add a member
reached by e-mail only. The use cases are the people service's; the output is Italian (bot/texts/email.py)."""
from __future__ import annotations

import sys

from bot.cli.invite import _run
from bot.config import Settings
from bot.errors import BadInput, NotFound, UnknownName
from bot.people import channels
from bot.texts import email as T
from bot.texts import people as PT


def add_parser(sub) -> None:
    p = sub.add_parser("people", help=T.CLI_HELP)
    s = p.add_subparsers(dest="people_command", required=True)
    e = s.add_parser("email", help=T.CLI_EMAIL_HELP)
    e.add_argument("person_id", type=int, help=T.CLI_PERSON_ID_HELP)
    e.add_argument("address", help=T.CLI_ADDRESS_HELP)
    e.add_argument("--confirmed", action="store_true", help=T.CLI_CONFIRMED_HELP)
    e.set_defaults(handler=_email)
    a = s.add_parser("add", help=T.CLI_ADD_HELP)
    a.add_argument("--name", required=True, help=T.CLI_NAME_HELP)
    a.add_argument("--role", required=True, choices=["referente", "po", "organizzatore"], help=T.CLI_ROLE_HELP)
    a.add_argument("--comune", action="append", default=[], help=T.CLI_COMUNE_HELP)
    a.add_argument("--office", help=T.CLI_OFFICE_HELP)
    a.add_argument("--email", required=True, help=T.CLI_ADDRESS_HELP)
    a.add_argument("--confirmed", action="store_true", help=T.CLI_CONFIRMED_HELP)
    a.set_defaults(handler=_add)


def _fail(command: str, problem: str) -> int:
    print(T.CLI_PROBLEM.format(command=command, problem=problem), file=sys.stderr)
    return 1


def _usable(settings: Settings, command: str, address: str) -> str | None:
    """The problem with doing it at all, if any."""
    if not settings.email_enabled:
        return T.CLI_NO_SMTP
    if channels.normal_address(address) is None:
        return T.CLI_BAD_ADDRESS.format(address=address)
    return None


def _email(settings: Settings, args) -> int:
    if problem := _usable(settings, "email", args.address):
        return _fail("email", problem)
    try:
        _run(settings, lambda people: people.set_email(args.person_id, args.address, confirmed=args.confirmed))
    except NotFound:
        return _fail("email", T.CLI_NO_PERSON.format(id=args.person_id))
    state = T.CLI_STATE_CONFIRMED if args.confirmed else T.CLI_STATE_LINK
    print(T.CLI_EMAIL_SET.format(id=args.person_id, address=channels.normal_address(args.address), state=state))
    return 0


def _add(settings: Settings, args) -> int:
    if problem := _usable(settings, "add", args.email):
        return _fail("add", problem)
    try:
        person_id = _run(settings, lambda people: people.add_email_member(
            args.role, name=args.name, email=args.email, comuni=args.comune, office=args.office,
            confirmed=args.confirmed))
    except UnknownName as exc:
        return _fail("add", PT.CLI_BATCH_UNKNOWN.format(kind=PT.CLI_KINDS.get(exc.kind, exc.kind), name=exc.name))
    except BadInput as exc:
        return _fail("add", PT.CLI_PROBLEMS.get(exc.reason, exc.reason))
    state = T.CLI_STATE_CONFIRMED if args.confirmed else T.CLI_STATE_LINK
    print(T.CLI_ADDED.format(id=person_id, role=args.role, address=channels.normal_address(args.email), state=state))
    return 0
