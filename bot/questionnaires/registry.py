"""Shipped definitions and their stored versions: a new version never touches older answers."""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import catalogue_data
from bot.errors import VersionConflict
from bot.questionnaires.definition import Definition, InvalidDefinition, from_dict, load_file
from bot.questionnaires.models import QuestionnaireVersion

logger = logging.getLogger(__name__)
DATA_DIR = Path(catalogue_data.__file__).resolve().parent / "questionnaires"
_parsed: dict[int, Definition] = {}



def available(directory: Path = DATA_DIR) -> dict[str, Definition]:
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


async def ensure_version(session: AsyncSession, definition: Definition, now: datetime) -> QuestionnaireVersion:
    """The stored row for this exact definition, created if new; VersionConflict if edited in place."""
    row = await session.scalar(select(QuestionnaireVersion).where(
        QuestionnaireVersion.key == definition.id, QuestionnaireVersion.version == definition.version))
    if row is not None:
        if row.hash != definition.hash:
            raise VersionConflict(definition.id, definition.version)
        return row
    row = QuestionnaireVersion(key=definition.id, version=definition.version, hash=definition.hash,
                               title=definition.title, anonymous=definition.anonymous, body=definition.raw,
                               created_at=now)
    session.add(row)
    await session.flush()
    return row


def definition_of(version: QuestionnaireVersion) -> Definition:
    """The definition a stored version was launched with (parsed once per process)."""
    cached = _parsed.get(version.id)
    if cached is None or cached.hash != version.hash:
        cached = _parsed[version.id] = from_dict(version.body)
    return cached
