"""`zobot catalogue check|load|export|proposals|review|apply|set`: the catalogue's files, its open-data export,
the review of questionnaire proposals and the contacts and details organisers manage."""
from __future__ import annotations

import asyncio
import html
import re
import sys
from datetime import datetime
from pathlib import Path

from bot.catalogue import datafiles, export, loader
from bot.catalogue.datafiles import is_yes
from bot.catalogue.validate import read_catalogue
from bot.clock import Clock
from bot.db.engine import Database
from bot.errors import BadDetail, NotFound, StaleAction
from bot.people import curation
from bot.questionnaires.review_service import ReviewService
from bot.texts import catalogue as T
from bot.texts import plural_text
from bot.texts.curation import detail_refused


def add_parser(sub) -> None:
    p = sub.add_parser("catalogue", help=T.CLI_HELP)
    s = p.add_subparsers(dest="catalogue_command", required=True)
    check = s.add_parser("check", help=T.CLI_CHECK_HELP)
    check.add_argument("directory", nargs="?", type=Path, help=T.CLI_DIRECTORY_HELP)
    check.set_defaults(handler=_check)
    load = s.add_parser("load", help=T.CLI_LOAD_HELP)
    load.add_argument("directory", nargs="?", type=Path, help=T.CLI_DIRECTORY_HELP)
    load.set_defaults(handler=_load)
    export = s.add_parser("export", help=T.CLI_EXPORT_HELP)
    export.add_argument("directory", type=Path, help=T.CLI_EXPORT_DIRECTORY_HELP)
    export.set_defaults(handler=_export)
    proposals = s.add_parser("proposals", help=T.CLI_PROPOSALS_HELP)
    proposals.add_argument("campaign", type=int, help=T.CLI_CAMPAIGN_HELP)
    proposals.set_defaults(handler=_db(_proposals))
    review = s.add_parser("review", help=T.CLI_REVIEW_HELP)
    review.add_argument("campaign", type=int, help=T.CLI_CAMPAIGN_HELP)
    review.add_argument("--accept", type=int, nargs="+", default=[], metavar="ID", help=T.CLI_ACCEPT_HELP)
    review.add_argument("--reject", type=int, nargs="+", default=[], metavar="ID", help=T.CLI_REJECT_HELP)
    review.add_argument("--accept-all", action="store_true", help=T.CLI_ACCEPT_ALL_HELP)
    review.set_defaults(handler=_db(_review))
    apply = s.add_parser("apply", help=T.CLI_APPLY_HELP)
    apply.add_argument("campaign", type=int, help=T.CLI_CAMPAIGN_HELP)
    apply.add_argument("--dry-run", action="store_true", help=T.CLI_DRY_RUN_HELP)
    apply.set_defaults(handler=_db(_apply))
    put = s.add_parser("set", help=T.CLI_SET_HELP)
    put.add_argument("kind", choices=("service", "office"), help=T.CLI_KIND_HELP)
    put.add_argument("code", help=T.CLI_CODE_HELP)
    put.add_argument("field", help=T.CLI_FIELD_HELP)
    put.add_argument("value", help=T.CLI_VALUE_HELP)
    put.add_argument("--source", default="", help=T.CLI_SOURCE_HELP)
    put.set_defaults(handler=_db(_set))


def _where(args) -> str:
    return str(args.directory) if args.directory is not None else T.CLI_SHIPPED


def _print_problems(problems, where: str) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(plural_text(len(problems), *T.CLI_PROBLEMS, where=where), file=sys.stderr)


def _check(settings, args) -> int:
    directory = args.directory if args.directory is not None else datafiles.shipped_directory()
    catalogue, problems = read_catalogue(directory)
    if problems:
        _print_problems(problems, _where(args))
        return 1
    capoluogo = sum(1 for z in catalogue.zones if is_yes(z["is_capoluogo"]))
    print(T.CLI_CHECK_OK.format(
        zones=plural_text(len(catalogue.zones) - capoluogo, *T.CLI_ZONES),
        capoluogo=plural_text(capoluogo, *T.CLI_CAPOLUOGO), comuni=plural_text(len(catalogue.comuni), *T.CLI_COMUNI),
        themes=plural_text(len(catalogue.themes), *T.CLI_THEMES),
        offices=plural_text(len(catalogue.offices), *T.CLI_OFFICES),
        services=plural_text(len(catalogue.services), *T.CLI_SERVICES),
        coverage=plural_text(len(catalogue.coverage), *T.CLI_COVERAGE),
        coverage_file=catalogue.coverage_file or T.CLI_NO_COVERAGE_FILE))
    return 0


def _load(settings, args) -> int:
    async def main() -> int:
        db = Database(settings.database_url)
        try:
            report = await loader.load(db, args.directory, examples=settings.catalogue_examples)
        except loader.CatalogueInvalid as exc:
            _print_problems(exc.problems, _where(args))
            return 1
        finally:
            await db.dispose()
        print(report.details())
        return 0

    return asyncio.run(main())


def _export(settings, args) -> int:
    async def main() -> int:
        db = Database(settings.database_url)
        try:
            written = await export.write(db, args.directory, examples=settings.catalogue_examples)
        finally:
            await db.dispose()
        for path in written:
            print(path)
        catalogue, problems = read_catalogue(args.directory)  # what `zobot catalogue load` would say
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(plural_text(len(problems), *T.CLI_EXPORT_PROBLEMS), file=sys.stderr)
            return 1
        print(T.CLI_EXPORT_READY.format(services=plural_text(len(catalogue.services), *T.CLI_SERVICES),
                                        coverage=plural_text(len(catalogue.coverage), *T.CLI_COVERAGE),
                                        directory=args.directory))
        return 0

    return asyncio.run(main())


def _db(fn):
    """A sub-command that works on the database: open it, run `fn`, close it."""
    def handler(settings, args) -> int:
        async def main() -> int:
            db = Database(settings.database_url)
            try:
                return await fn(db, settings, args)
            finally:
                await db.dispose()
        return asyncio.run(main())
    return handler


def _now(settings):
    return datetime.now(settings.timezone)


def _review_service(db, settings) -> ReviewService:
    return ReviewService(db, Clock(), settings.timezone)


async def _proposals(db, settings, args) -> int:
    try:
        print(await _review_service(db, settings).diff_text(args.campaign))
    except NotFound:
        print(T.CLI_NO_CAMPAIGN.format(campaign=args.campaign), file=sys.stderr)
        return 1
    return 0


async def _review(db, settings, args) -> int:
    if not (args.accept or args.reject or args.accept_all):
        print(T.CLI_REVIEW_USAGE, file=sys.stderr)
        return 2
    try:
        done = await _review_service(db, settings).decide(args.campaign, accept=args.accept, reject=args.reject,
                                                          accept_all=args.accept_all)
    except NotFound:
        print(T.CLI_NO_CAMPAIGN.format(campaign=args.campaign), file=sys.stderr)
        return 1
    except StaleAction as exc:
        print(T.CLI_STALE.format(ids=" ".join(map(str, exc.args[1:]))), file=sys.stderr)
        return 1
    print(T.CLI_DECIDED.format(accepted=" ".join(map(str, done["accepted"])) or T.CLI_NONE,
                               rejected=" ".join(map(str, done["rejected"])) or T.CLI_NONE))
    return 0


async def _apply(db, settings, args) -> int:
    try:
        print(await _review_service(db, settings).apply(args.campaign, dry_run=args.dry_run))
    except NotFound:
        print(T.CLI_NO_CAMPAIGN.format(campaign=args.campaign), file=sys.stderr)
        return 1
    return 0


async def _set(db, settings, args) -> int:
    try:
        async with db.session() as s:
            change = await curation.set_detail(s, "cli", args.kind, args.code, args.field, args.value, args.source,
                                               now=_now(settings))
    except BadDetail as exc:
        print(T.CLI_REFUSED.format(reason=plain(detail_refused(exc))), file=sys.stderr)
        return 1
    thing, name, value = change.thing, change.field, change.value
    shown = value if value is not None else T.CLI_REMOVED
    source = T.CLI_SET_SOURCE.format(source=" ".join(args.source.split())) if value else ""
    print(T.CLI_SET.format(kind=args.kind, code=thing.code, field=name, value=shown) + source)
    return 0


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))
