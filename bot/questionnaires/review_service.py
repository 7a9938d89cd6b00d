"""The review of proposals as use cases for the chat and the command line: one transaction each; in the
chat the policy (`review_proposals`) is asked before anything that depends on the input is read."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.catalogue.answers import Answer
from bot.errors import NotFound
from bot.questionnaires import review
from bot.questionnaires import review_callbacks as cb
from bot.questionnaires import review_views as views


class ReviewService:
    def __init__(self, db, tz: ZoneInfo) -> None:
        self.db, self.tz = db, tz

    async def menu(self, user_id: int) -> Answer:
        """/proposte: the campaigns with proposals (NotAllowed for anyone but organisers)."""
        async with self.db.session() as s:
            await review.actor_of(s, user_id)
            return views.menu(await review.campaigns(s))

    async def show(self, user_id: int, campaign_id: int, number: int = 0) -> Answer:
        """/proposte N: the first page of a campaign's proposals (NotFound: no such campaign)."""
        async with self.db.session() as s:
            await review.actor_of(s, user_id)
            return views.page(await review.diff(s, campaign_id), number, self.tz)

    async def press(self, user_id: int, data: str, *, now: datetime) -> Answer:
        """A `pr:` button (NotFound for forged data, StaleAction for a proposal already applied)."""
        action = cb.parse(data)
        if action is None:
            raise NotFound(data)
        async with self.db.session() as s:
            actor = await review.actor_of(s, user_id)
            name, args = action.name, action.args
            if name == "m":
                return views.menu(await review.campaigns(s))
            if name in ("a", "r"):
                campaign_id, proposal_id, number = args
                key = "accept" if name == "a" else "reject"
                await review.decide(s, actor, campaign_id, now=now, **{key: [proposal_id]})
                return views.page(await review.diff(s, campaign_id), number, self.tz)
            if name == "A":
                await review.decide(s, actor, args[0], accept_all=True, now=now)
                return views.page(await review.diff(s, args[0]), args[1], self.tz)
            if name in ("p", "ok"):
                done = await review.apply(s, actor, args[0], now=now, tz=self.tz, dry_run=name == "p")
                return views.report(done, args[0])
            return views.page(await review.diff(s, args[0]), args[1], self.tz)


async def diff_text(db, campaign_id: int, tz: ZoneInfo) -> str:
    """`zobot catalogue proposals N`: the whole diff as plain text (NotFound: no such campaign)."""
    async with db.read() as s:
        return views.everything(await review.diff(s, campaign_id), tz).plain()


async def decide(db, campaign_id: int, *, accept: list[int], reject: list[int], accept_all: bool,
                 now: datetime) -> dict[str, list[int]]:
    """`zobot catalogue review N --accept … --reject … | --accept-all` (actor "cli", audited)."""
    async with db.session() as s:
        return await review.decide(s, "cli", campaign_id, accept=accept, reject=reject, accept_all=accept_all,
                                   now=now)


async def apply(db, campaign_id: int, *, now: datetime, tz: ZoneInfo, dry_run: bool) -> str:
    """`zobot catalogue apply N [--dry-run]`: one transaction; the report as plain text."""
    async with db.session() as s:
        await review.diff(s, campaign_id)  # NotFound before anything is written
        done = await review.apply(s, "cli", campaign_id, now=now, tz=tz, dry_run=dry_run)
        return views.report(done, campaign_id).plain()
