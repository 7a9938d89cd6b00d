"""`zobot db upgrade`: apply the Alembic migrations."""
from __future__ import annotations

import asyncio

from bot.db.engine import Database
from bot.db.migrate import current_heads, upgrade
from bot.texts import operators as T
from bot.texts import plural_text


def add_parser(sub) -> None:
    p = sub.add_parser("db", help=T.DB_HELP)
    s = p.add_subparsers(dest="db_command", required=True)
    s.add_parser("upgrade", help=T.DB_UPGRADE_HELP).set_defaults(handler=_upgrade)


def _upgrade(settings, args) -> int:
    async def main() -> None:
        db = Database(settings.database_url)
        try:
            await upgrade(db.engine)
            heads = sorted(await current_heads(db.engine))
            print(plural_text(len(heads), *T.DB_AT, revisions=", ".join(heads)))
        finally:
            await db.dispose()

    asyncio.run(main())
    return 0
