"""`zobot db upgrade`: apply the Alembic migrations."""
from __future__ import annotations

import asyncio

from bot.db.engine import Database
from bot.db.migrate import current_heads, upgrade


def add_parser(sub) -> None:
    p = sub.add_parser("db", help="database schema")
    s = p.add_subparsers(dest="db_command", required=True)
    s.add_parser("upgrade", help="apply the migrations (alembic upgrade heads)").set_defaults(handler=_upgrade)


def _upgrade(settings, args) -> int:
    async def main() -> None:
        db = Database(settings.database_url)
        try:
            await upgrade(db.engine)
            print("Database at revision(s):", ", ".join(sorted(await current_heads(db.engine))))
        finally:
            await db.dispose()

    asyncio.run(main())
    return 0
