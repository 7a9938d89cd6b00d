"""Questionnaire definitions: the files shipped with zobot and the versions stored in the database.

`zobot questionnaire add FILE` stores a checked definition as a version (`q_versions`: the validated YAML,
its hash); a launch stores the version it launches too, so a campaign always walks the exact definition it
was launched with. A version is immutable: the same id and version with another content is refused
(VersionConflict) by `check`, `add` and a launch alike. What /lancia offers is the newest version of each
questionnaire, stored or shipped.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import catalogue_data
from bot.errors import VersionConflict
from bot.questionnaires.definition import Definition, InvalidDefinition
from bot.questionnaires.models import QuestionnaireVersion
from bot.questionnaires.reading import from_dict, load_file

logger = logging.getLogger(__name__)
DATA_DIR = Path(catalogue_data.__file__).resolve().parent / "questionnaires"
_parsed: dict[int, Definition] = {}


def shipped(directory: Path = DATA_DIR) -> dict[str, Definition]:
    """Valid definitions shipped as YAML files, by id. A file that fails for any reason (invalid, not
    UTF-8, nested too deep, anchors…) is logged and left out: the others stay available to /lancia."""
    found: dict[str, Definition] = {}
    for path in sorted(directory.glob("*.y*ml")):
        try:
            definition = load_file(path)
        except InvalidDefinition as exc:
            logger.warning("questionnaire %s is invalid: %s", path.name, exc)
            continue
        except Exception:  # noqa: BLE001 - one bad file must never take the others down
            logger.exception("questionnaire %s could not be read", path.name)
            continue
        found[definition.id] = definition
    return found


@dataclass(frozen=True)
class Available:
    """A questionnaire /lancia offers: its newest version, and whether it is stored or only shipped."""

    definition: Definition
    stored: bool


async def available(session: AsyncSession, directory: Path = DATA_DIR) -> dict[str, Available]:
    """The newest version of every questionnaire, stored or shipped, by id (in title order). A shipped
    file changed without a new version is left out (logged; `zobot questionnaire check` says so)."""
    found: dict[str, Available] = {}
    for row in await session.scalars(select(QuestionnaireVersion).order_by(QuestionnaireVersion.version)):
        try:
            found[row.key] = Available(definition_of(row), True)
        except InvalidDefinition:
            logger.warning("stored questionnaire %s v%s is no longer valid", row.key, row.version)
    for key, definition in shipped(directory).items():
        known = found.get(key)
        if known is not None and known.definition.version > definition.version:
            continue
        if known is not None and known.definition.version == definition.version:
            if known.definition.hash != definition.hash:
                logger.warning("shipped questionnaire %s v%s differs from the stored one", key, definition.version)
            continue
        found[key] = Available(definition, False)
    return dict(sorted(found.items(), key=lambda kv: kv[1].definition.title.lower()))


async def conflict(session: AsyncSession, definition: Definition) -> QuestionnaireVersion | None:
    """The stored version this definition contradicts (same id and version, another content), if any."""
    row = await _stored(session, definition)
    return row if row is not None and row.hash != definition.hash else None


async def _stored(session: AsyncSession, definition: Definition) -> QuestionnaireVersion | None:
    return await session.scalar(select(QuestionnaireVersion).where(
        QuestionnaireVersion.key == definition.id, QuestionnaireVersion.version == definition.version))


async def ensure_version(session: AsyncSession, definition: Definition, now: datetime) -> QuestionnaireVersion:
    """The stored row for this exact definition, created if new; VersionConflict if edited in place."""
    return (await add(session, definition, now))[0]


async def add(session: AsyncSession, definition: Definition, now: datetime) -> tuple[QuestionnaireVersion, bool]:
    """Store a definition as a version: (the row, True if new); VersionConflict if that version differs."""
    row = await _stored(session, definition)
    if row is not None:
        if row.hash != definition.hash:
            raise VersionConflict(definition.id, definition.version)
        return row, False
    row = QuestionnaireVersion(key=definition.id, version=definition.version, hash=definition.hash,
                               title=definition.title, anonymous=definition.anonymous, body=definition.raw,
                               created_at=now)
    session.add(row)
    await session.flush()
    return row, True


def definition_of(version: QuestionnaireVersion) -> Definition:
    """The definition a stored version was launched with (parsed once per process)."""
    cached = _parsed.get(version.id)
    if cached is None or cached.hash != version.hash:
        cached = _parsed[version.id] = from_dict(version.body)
    return cached
