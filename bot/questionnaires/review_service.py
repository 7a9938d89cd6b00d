"""The review of proposals as use cases for the chat (/proposte, `pr:` buttons) and the command line
(`zobot catalogue proposals|review|apply`): one transaction each; in the chat the policy (`review_proposals`)
is asked before anything that depends on the input is read; the command line is the operator's own
(audited as "cli")."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.db.engine import Database
from bot.errors import BadInput, NotFound
from bot.people.who import Who
from bot.questionnaires import review
from bot.questionnaires import review_callbacks as cb
from bot.questionnaires import review_views as views
from bot.reply import Reply

CLI = "cli"


class ReviewService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo) -> None:
        self.db, self.clock, self.tz = db, clock, tz

    async def open(self, who: Who, arg: str = "") -> Reply:
        """/proposte: the campaigns with proposals; /proposte N: the first page of campaign N (NotAllowed for
        anyone but organisers, asked before the argument is looked at)."""
        async with self.db.session() as s:
            await review.actor_of(s, who)
            if not arg:
                return views.menu(await review.campaigns(s))
            if not (arg.isascii() and arg.isdigit() and len(arg) <= 9):
                raise BadInput("proposals_usage")
            return views.page(await review.diff(s, int(arg)), 0, self.tz)

    async def press(self, who: Who, data: str) -> Reply:
        """A `pr:` button (NotFound for forged data, StaleAction for a proposal already applied)."""
        action = cb.parse(data)
        if action is None:
            raise NotFound("", data)
        now = self.clock.now()
        async with self.db.session() as s:
            actor = await review.actor_of(s, who)
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

    async def diff_text(self, campaign_id: int) -> str:
        """`zobot catalogue proposals N`: the whole diff as plain text (NotFound: no such campaign)."""
        async with self.db.read() as s:
            return views.everything(await review.diff(s, campaign_id), self.tz).plain()

    async def decide(self, campaign_id: int, *, accept: list[int], reject: list[int],
                     accept_all: bool) -> dict[str, list[int]]:
        """`zobot catalogue review N --accept … --reject … | --accept-all` (audited)."""
        async with self.db.session() as s:
            return await review.decide(s, CLI, campaign_id, accept=accept, reject=reject, accept_all=accept_all,
                                       now=self.clock.now())

    async def apply(self, campaign_id: int, *, dry_run: bool) -> str:
        """`zobot catalogue apply N [--dry-run]`: one transaction; the report as plain text."""
        async with self.db.session() as s:
            await review.diff(s, campaign_id)  # NotFound before anything is written
            done = await review.apply(s, CLI, campaign_id, now=self.clock.now(), tz=self.tz, dry_run=dry_run)
            return views.report(done, campaign_id).plain()
