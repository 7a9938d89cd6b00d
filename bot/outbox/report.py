"""Delivery reports per round (a broadcast, a reminder round) and the organiser's explicit resend."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.models import CHANNELS
from bot.outbox.models import OutboxMessage as O
from bot.people.models import Person

REPORTED = ("sent", "pending", "blocked", "unknown", "failed", "expired")
PROBLEM_STATUSES = ("unknown", "failed")


@dataclass
class RoundReport:
    round: str
    first_id: int  # stands for the round in callback data (a round name may exceed 64 bytes)
    created_at: datetime
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (who, status, channel) of unknown/failed
    by_channel: dict[str, dict[str, int]] = field(default_factory=dict)  # channel -> counts (as `counts`)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _bucket(status: str) -> str:
    return "pending" if status in ("pending", "claimed", "sending") else status


async def _counts(session: AsyncSession, round_: str) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Counts by outcome, in all and per channel (Telegram, e-mail)."""
    counts = dict.fromkeys(REPORTED, 0)
    by_channel: dict[str, dict[str, int]] = {}
    rows = await session.execute(select(O.channel, O.status, func.count()).where(O.round == round_)
                                 .group_by(O.channel, O.status))
    for channel, status, n in rows:
        counts[_bucket(status)] += n
        by_channel.setdefault(channel or "telegram", dict.fromkeys(REPORTED, 0))[_bucket(status)] += n
    return counts, dict(sorted(by_channel.items(), key=lambda kv: CHANNELS.index(kv[0])))


async def round_report(session: AsyncSession, round_: str, *, problems: int = 30) -> RoundReport | None:
    """Counts by outcome, and who got an unknown or failed message (the first `problems` of them)."""
    head = (await session.execute(select(func.min(O.id), func.min(O.created_at)).where(O.round == round_))).one()
    if head[0] is None:
        return None
    counts, by_channel = await _counts(session, round_)
    report = RoundReport(round_, head[0], head[1], counts, by_channel=by_channel)
    rows = await session.execute(
        select(O.status, O.chat_id, O.channel, Person.name).outerjoin(Person, Person.id == O.person_id)
        .where(O.round == round_, O.status.in_(PROBLEM_STATUSES)).order_by(O.id).limit(problems))
    report.problems = [(name or str(chat_id or "—"), status, channel) for status, chat_id, channel, name in rows]
    return report


async def recent(session: AsyncSession, limit: int = 8) -> list[RoundReport]:
    """The latest rounds, newest first, with their counts."""
    rows = await session.execute(select(O.round, func.min(O.id), func.min(O.created_at)).group_by(O.round)
                                 .order_by(func.min(O.id).desc()).limit(limit))
    found = []
    for r, first, at in rows:
        counts, by_channel = await _counts(session, r)
        found.append(RoundReport(r, first, at, counts, by_channel=by_channel))
    return found


async def round_of(session: AsyncSession, first_id: int) -> str | None:
    return await session.scalar(select(O.round).where(O.id == first_id))


async def text_of(session: AsyncSession, message_id: int) -> str:
    """The text of one message of a round (every message of a broadcast carries the same)."""
    return await session.scalar(select(O.text).where(O.id == message_id)) or ""


async def resend(session: AsyncSession, *, now: datetime, round_: str | None = None,
                 ids: list[int] | None = None) -> int:
    """Put `unknown` rows back in the queue: an organiser's explicit choice (a duplicate is possible)."""
    if round_ is None and not ids:
        return 0
    query = update(O).where(O.status == "unknown")
    query = query.where(O.round == round_) if round_ is not None else query.where(O.id.in_(ids))
    result = await session.execute(query.values(status="pending", next_attempt_at=now, claimed_by=None,
                                                claimed_at=None, last_error="resent by an organiser"))
    return result.rowcount or 0
