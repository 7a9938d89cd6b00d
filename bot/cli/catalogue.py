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
from bot.texts.curation import detail_refused


def add_parser(sub) -> None:
    p = sub.add_parser("catalogue", help="catalogo dei servizi: controllo e caricamento dei file")
    s = p.add_subparsers(dest="catalogue_command", required=True)
    check = s.add_parser("check", help="controlla i file e ne elenca ogni problema (file:riga: motivo)")
    check.add_argument("directory", nargs="?", type=Path, help="cartella dei file (default: il catalogo incluso)")
    check.set_defaults(handler=_check)
    load = s.add_parser("load", help="controlla e carica i file nel database, in una sola transazione")
    load.add_argument("directory", nargs="?", type=Path, help="cartella dei file (default: il catalogo incluso)")
    load.set_defaults(handler=_load)
    export = s.add_parser("export", help="scrive il catalogo come dati aperti (CSV, YAML e JSON, con le fonti): "
                                         "file che `zobot catalogue load` ricarica")
    export.add_argument("directory", type=Path, help="cartella in cui scrivere i file (creata se manca)")
    export.set_defaults(handler=_export)
    proposals = s.add_parser("proposals", help="le modifiche proposte dalle risposte di una campagna, per servizio")
    proposals.add_argument("campaign", type=int, help="numero della campagna (zobot questionnaire list)")
    proposals.set_defaults(handler=_db(_proposals))
    review = s.add_parser("review", help="accetta o rifiuta proposte di una campagna (registro delle operazioni)")
    review.add_argument("campaign", type=int)
    review.add_argument("--accept", type=int, nargs="+", default=[], metavar="ID", help="proposte da accettare")
    review.add_argument("--reject", type=int, nargs="+", default=[], metavar="ID", help="proposte da rifiutare")
    review.add_argument("--accept-all", action="store_true", help="accetta tutte quelle ancora da decidere")
    review.set_defaults(handler=_db(_review))
    apply = s.add_parser("apply", help="applica le proposte accettate in una sola transazione, con la fonte")
    apply.add_argument("campaign", type=int)
    apply.add_argument("--dry-run", action="store_true", help="mostra che cosa cambierebbe, senza scrivere")
    apply.set_defaults(handler=_db(_apply))
    put = s.add_parser("set", help="imposta un contatto o un dettaglio di un servizio o di un ufficio, con la fonte")
    put.add_argument("kind", choices=("service", "office"))
    put.add_argument("code", help="codice del servizio o dell'ufficio")
    put.add_argument("field", help="email, pec, phone, web; per un servizio anche legal_basis, joining")
    put.add_argument("value", help="il valore («-» lo toglie)")
    put.add_argument("--source", default="", help="da dove viene il dato (obbligatoria)")
    put.set_defaults(handler=_db(_set))


def _where(args) -> str:
    return str(args.directory) if args.directory is not None else "catalogo incluso nel pacchetto"


def _print_problems(problems, where: str) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problemi in {where}: niente è stato caricato.", file=sys.stderr)


def _check(settings, args) -> int:
    directory = args.directory if args.directory is not None else datafiles.shipped_directory()
    catalogue, problems = read_catalogue(directory)
    if problems:
        _print_problems(problems, _where(args))
        return 1
    capoluogo = sum(1 for z in catalogue.zones if is_yes(z["is_capoluogo"]))
    zones = len(catalogue.zones) - capoluogo
    print(f"OK: {zones} zone omogenee + {capoluogo} capoluogo, {len(catalogue.comuni)} comuni, "
          f"{len(catalogue.themes)} temi, {len(catalogue.offices)} uffici, {len(catalogue.services)} servizi, "
          f"{len(catalogue.coverage)} coperture ({catalogue.coverage_file or 'nessun file di coperture'})")
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
            print(f"{len(problems)} problemi: `zobot catalogue load` rifiuterebbe questi file", file=sys.stderr)
            return 1
        print(f"{len(catalogue.services)} servizi, {len(catalogue.coverage)} coperture: "
              f"file pronti per `zobot catalogue load {args.directory}`")
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
        print(f"zobot: nessuna campagna {args.campaign}", file=sys.stderr)
        return 1
    return 0


async def _review(db, settings, args) -> int:
    if not (args.accept or args.reject or args.accept_all):
        print("zobot: indica --accept ID…, --reject ID… oppure --accept-all", file=sys.stderr)
        return 2
    try:
        done = await _review_service(db, settings).decide(args.campaign, accept=args.accept, reject=args.reject,
                                                          accept_all=args.accept_all)
    except NotFound:
        print(f"zobot: nessuna campagna {args.campaign}", file=sys.stderr)
        return 1
    except StaleAction as exc:
        print(f"zobot: proposte non di questa campagna o già applicate: {exc}; niente è cambiato", file=sys.stderr)
        return 1
    print(f"accettate: {' '.join(map(str, done['accepted'])) or '-'}; "
          f"rifiutate: {' '.join(map(str, done['rejected'])) or '-'}")
    return 0


async def _apply(db, settings, args) -> int:
    try:
        print(await _review_service(db, settings).apply(args.campaign, dry_run=args.dry_run))
    except NotFound:
        print(f"zobot: nessuna campagna {args.campaign}", file=sys.stderr)
        return 1
    return 0


async def _set(db, settings, args) -> int:
    try:
        async with db.session() as s:
            change = await curation.set_detail(s, "cli", args.kind, args.code, args.field, args.value, args.source,
                                               now=_now(settings))
    except BadDetail as exc:
        print(f"zobot: {plain(detail_refused(exc))}", file=sys.stderr)
        return 1
    thing, name, value = change.thing, change.field, change.value
    shown = value if value is not None else "(tolto)"
    print(f"{args.kind} {thing.code}: {name} = {shown}" + (f" (fonte: {' '.join(args.source.split())})" if value else ""))
    return 0


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))
