"""`zobot catalogue check|load [DIR]`: validate the catalogue files, and load them into the database."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.catalogue import datafiles, export, loader
from bot.catalogue.datafiles import is_yes
from bot.catalogue.validate import read_catalogue
from bot.db.engine import Database


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
