"""Invitations for a whole mailing: a CSV of people in, links and QR codes out. All rows or none."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.errors import BadInput, UnknownName
from bot.people import invites
from bot.spreadsheet import csv_bytes
from bot.texts import people as texts
from bot.texts import plural

COLUMNS = {"nome": "name", "name": "name", "ruolo": "role", "role": "role", "comune": "comuni",
           "comuni": "comuni", "ufficio": "office", "office": "office", "email": "email", "pec": "email"}
OUT_COLUMNS = ("id", "nome", "ruolo", "comuni_o_ufficio", "email", "link", "scade_il", "qr")


class BatchError(Exception):
    """Some rows are wrong; nothing was created. `problems` lists (line number, message)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__(plural(len(problems), *texts.CLI_BATCH_ERROR))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    line: int
    role: str
    comuni: list[str]
    office: str | None
    name: str
    email: str | None


def read_csv(text: str) -> list[Row]:
    """Rows of nome, ruolo, comune (several joined by |), ufficio, email; ',' or ';' separated."""
    text = text.lstrip("\ufeff")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    rows = []
    for number, raw in enumerate(reader, start=2):
        values = {COLUMNS[k.strip().lower()]: (v or "").strip() for k, v in raw.items()
                  if k and k.strip().lower() in COLUMNS}
        rows.append(Row(number, values.get("role", ""), [c for c in re.split(r"\|", values.get("comuni", "")) if c.strip()],
                        values.get("office") or None, values.get("name", ""), values.get("email") or None))
    return rows


async def create_all(session: AsyncSession, rows: list[Row], *, actor, now: datetime, ttl_days: int,
                     batch: str) -> list[tuple[Row, invites.Spec, invites.Created]]:
    """Check every row first, then create every invitation; BatchError and nothing created otherwise."""
    specs, problems = [], []
    for row in rows:
        try:
            specs.append(await invites.resolve(session, row.role, comuni=row.comuni, office=row.office,
                                               name=row.name, email=row.email))
        except UnknownName as exc:
            problems.append((row.line, texts.CLI_BATCH_UNKNOWN.format(kind=texts.CLI_KINDS.get(exc.kind, exc.kind),
                                                                      name=exc.name)))
        except BadInput as exc:
            problems.append((row.line, texts.CLI_PROBLEMS.get(exc.reason) or
                             texts.CLI_BATCH_FIELD.format(reason=exc.reason)))
    if problems:
        raise BatchError(problems)
    return [(row, spec, await invites.create(session, spec, actor=actor, now=now, ttl_days=ttl_days, batch=batch))
            for row, spec in zip(rows, specs)]


def write(out_dir: Path, results, bot_username: str, timezone) -> Path:
    """links.csv plus one QR PNG per invitation (named by id and person) for the mail merge."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = [OUT_COLUMNS]
    for row, spec, created in results:
        url = invites.link(bot_username, created.token)
        slug = re.sub(r"[^A-Za-z0-9]+", "_", spec.name)[:40].strip("_") or "invito"
        png = f"{created.invitation.id:05d}_{slug}.png"
        (out_dir / png).write_bytes(invites.qr_png(url))
        lines.append([created.invitation.id, spec.name, spec.role, " | ".join(spec.labels), spec.email or "",
                      url, timefmt.day(created.invitation.expires_at, timezone), png])
    path = out_dir / "links.csv"
    path.write_bytes(csv_bytes(lines))
    return path
