"""`zobot tavoli load FILE` and `zobot tavoli list`."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.clock import Clock
from bot.db.engine import Database
from bot.meetings import describe, loader, tavoli
from bot.meetings.models import Tavolo


def add_parser(sub) -> None:
    p = sub.add_parser("tavoli", help="tavoli di lavoro")
    s = p.add_subparsers(dest="tavoli_command", required=True)
    load = s.add_parser("load", help="create or update tavoli from a YAML file (validated first)")
    load.add_argument("file", type=Path)
    load.set_defaults(handler=_load)
    s.add_parser("list", help="list the tavoli and their next meeting").set_defaults(handler=_list)


def _load(settings, args) -> int:
    async def main() -> int:
        db = Database(settings.database_url)
        try:
            async with db.session() as session:
                done = await loader.load(session, args.file, now=Clock().now())
        except loader.TavoliFileError as exc:
            print(f"{args.file}: {len(exc.errors)} error(s), nothing loaded:", file=sys.stderr)
            for error in exc.errors:
                print(f"  - {error}", file=sys.stderr)
            return 1
        finally:
            await db.dispose()
        for slug, created in done:
            print(f"{'created' if created else 'updated'}: {slug}")
        return 0

    return asyncio.run(main())


def _list(settings, args) -> int:
    async def main() -> None:
        db = Database(settings.database_url)
        now = Clock().now()
        try:
            async with db.session() as session:
                rows = (await session.scalars(select(Tavolo).where(Tavolo.active.is_(True))
                                              .order_by(Tavolo.title))).all()
                if not rows:
                    print("No tavoli. Load some with: zobot tavoli load catalogue_data/tavoli_example.yaml")
                for tavolo in rows:
                    nxt = await tavoli.next_occurrence(session, tavolo.id, now)
                    when = describe.when(nxt.start_at, ZoneInfo(tavolo.timezone)) if nxt else "-"
                    members = len(await tavoli.participants(session, tavolo.id))
                    example = " [esempio]" if tavolo.is_example else ""
                    print(f"{tavolo.slug}{example}: {tavolo.title} | "
                          f"{describe.schedule(tavolo.rrule, tavolo.dtstart_local, tavolo.dates_local)} | "
                          f"next: {when} | {members} participants")
        finally:
            await db.dispose()

    asyncio.run(main())
    return 0
