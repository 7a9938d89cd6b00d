"""The organiser's screens for /annuncio and /consegne: use cases that return text + keyboard spec.

Callback data (prefix `a:`, ≤ 64 bytes): a:k:<draft>:<kind>, a:z|t|v:<draft>:<id>, a:ok|no:<draft>,
a:l, a:r|rs|ry:<first outbox id of the round>.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.announcements import drafts
from bot.catalogue.models import Theme, Zone
from bot.db.engine import Database
from bot.errors import EmptyAudience, TextTooLong
from bot.outbox import report
from bot.people import audit, directory
from bot.people.audience import KINDS, Audience
from bot.people.policy import can, note_refusal, require
from bot.texts import common, render
from bot.texts import delivery as T

MENU_KINDS = [k for k in ("everyone", "all_referents", "zone_referents", "all_po", "theme_po", "tavolo") if k in KINDS]
MAX_CHOICES = 40


def _audience_menu(draft_id: int) -> list[list[dict]]:
    rows = [[{"text": T.AUDIENCE_LABELS[k], "data": f"a:k:{draft_id}:{k}"}] for k in MENU_KINDS]
    return rows + [[{"text": T.CANCEL, "data": f"a:no:{draft_id}"}]]


@dataclass(frozen=True)
class Screen:
    text: str
    keyboard: list[list[dict]] | None = None


class Screens:
    """One method per organiser action; each opens one transaction."""

    def __init__(self, db: Database, clock, timezone: ZoneInfo) -> None:
        self.db, self.clock, self.tz = db, clock, timezone

    def _when(self, at: datetime) -> str:
        return at.astimezone(self.tz).strftime("%d/%m/%Y %H:%M")

    async def annuncio(self, user_id: int) -> Screen:
        async with self.db.session() as s:
            draft = await drafts.start(s, await directory.by_telegram_id(s, user_id), now=self.clock.now())
        return Screen(T.CHOOSE_AUDIENCE, _audience_menu(draft.id))

    async def pick_kind(self, user_id: int, draft_id: int, kind: str) -> Screen:
        """A kind that needs a zone, theme or tavolo shows that list; the others are chosen at once."""
        lists = {"zone_referents": ("z", T.CHOOSE_ZONE), "theme_po": ("t", T.CHOOSE_THEME),
                 "tavolo": ("v", T.CHOOSE_TAVOLO)}
        if kind not in lists:
            return await self.pick(user_id, draft_id, Audience(kind=kind))
        async with self.db.session() as s:
            require(await directory.by_telegram_id(s, user_id), "broadcast")
            options = await self._options(s, kind)
        if not options:
            return Screen(T.NO_TAVOLI, _audience_menu(draft_id))
        tag, title = lists[kind]
        rows = [[{"text": name[:60], "data": f"a:{tag}:{draft_id}:{ref}"}] for ref, name in options[:MAX_CHOICES]]
        return Screen(title, rows + [[{"text": T.CANCEL, "data": f"a:no:{draft_id}"}]])

    async def _options(self, s, kind: str) -> list[tuple[int, str]]:
        if kind == "zone_referents":
            return list((await s.execute(select(Zone.id, Zone.name).order_by(Zone.name))).all())
        if kind == "theme_po":
            return list((await s.execute(select(Theme.id, Theme.name).order_by(Theme.name))).all())
        from bot.meetings.models import Tavolo
        return list((await s.execute(select(Tavolo.id, Tavolo.title).where(Tavolo.active.is_(True))
                                     .order_by(Tavolo.title))).all())

    async def pick_ref(self, user_id: int, draft_id: int, tag: str, ref: int) -> Screen:
        """A zone (z), theme (t) or tavolo (v) chosen from the list."""
        async with self.db.session() as s:
            require(await directory.by_telegram_id(s, user_id), "broadcast")  # before reading what the button names
            if tag == "z":
                code = await s.scalar(select(Zone.code).where(Zone.id == ref))
                audience = Audience(kind="zone_referents", zone_code=code)
            elif tag == "t":
                code = await s.scalar(select(Theme.code).where(Theme.id == ref))
                audience = Audience(kind="theme_po", theme_code=code)
            else:
                audience = Audience(kind="tavolo", tavolo_id=ref)
        return await self.pick(user_id, draft_id, audience)

    async def pick(self, user_id: int, draft_id: int, audience: Audience) -> Screen:
        async with self.db.session() as s:
            author = await directory.by_telegram_id(s, user_id)
            label = await drafts.describe(s, audience)
            try:
                _, count = await drafts.choose(s, author, draft_id, audience, now=self.clock.now())
            except EmptyAudience:
                return Screen(render(T.EMPTY_AUDIENCE, audience=label), _audience_menu(draft_id))
        return Screen(render(T.ASK_TEXT, audience=label, count=count),
                      [[{"text": T.CANCEL, "data": f"a:no:{draft_id}"}]])

    async def typed(self, user_id: int, html: str) -> list[Screen] | None:
        """Text from an organiser whose draft waits for it: the preview; None if no draft waits.

        Called only when the update's arrival (bot/arrival.py) saw a draft waiting for text."""
        now = self.clock.now()
        async with self.db.session() as s:
            author = await directory.by_telegram_id(s, user_id)
            draft = await drafts.awaiting_text(s, author, now=now)
            if draft is None:
                return None
            if not can(author, "broadcast"):  # revoked since the draft was started: it ends here
                note_refusal(author, "broadcast")
                await drafts.abandon(s, author, now=now)
                return [Screen(common.NOT_ALLOWED)]
            try:
                draft = await drafts.set_text(s, author, draft.id, html, now=now)
            except TextTooLong as exc:
                return [Screen(render(T.TEXT_TOO_LONG, length=exc.length, limit=drafts.MAX_TEXT))]
            label = await drafts.describe(s, drafts.audience_of(draft))
        buttons = [[{"text": render(T.CONFIRM, count=draft.recipients), "data": f"a:ok:{draft.id}"},
                    {"text": T.CANCEL, "data": f"a:no:{draft.id}"}]]
        return [Screen(render(T.PREVIEW, count=draft.recipients, audience=label)),
                Screen(drafts.message_text(draft), buttons)]

    async def confirm(self, user_id: int, draft_id: int) -> Screen:
        async with self.db.session() as s:
            author = await directory.by_telegram_id(s, user_id)
            created = await drafts.confirm(s, author, draft_id, now=self.clock.now())
        return Screen(render(T.QUEUED, count=created) if created else T.ALREADY_SENT)

    async def cancel(self, user_id: int, draft_id: int | None) -> Screen:
        async with self.db.session() as s:
            author = await directory.by_telegram_id(s, user_id)
            done = await drafts.cancel(s, author, draft_id, now=self.clock.now())
        return Screen(T.CANCELLED if done else T.NOTHING_TO_CANCEL)

    def _label(self, round_: str) -> str:
        if round_.startswith("bc:") and round_[3:].isdigit():
            return render(T.ROUND_BROADCAST, id=round_[3:])
        return round_[:40]

    async def reports(self, user_id: int) -> Screen:
        async with self.db.session() as s:
            require(await directory.by_telegram_id(s, user_id), "delivery_report")
            rounds = await report.recent(s)
        if not rounds:
            return Screen(T.NO_ROUNDS)
        lines = [T.REPORTS_TITLE] + [render(T.ROUND_LINE, label=self._label(r.round), when=self._when(r.created_at),
                                            sent=r.counts["sent"], total=r.total) for r in rounds]
        rows = [[{"text": T.ROUND_BUTTON.format(label=self._label(r.round), sent=r.counts["sent"], total=r.total),
                  "data": f"a:r:{r.first_id}"}] for r in rounds]
        return Screen("\n".join(lines), rows)

    async def round_detail(self, user_id: int, first_id: int) -> Screen:
        async with self.db.session() as s:
            require(await directory.by_telegram_id(s, user_id), "delivery_report")
            name = await report.round_of(s, first_id)
            r = await report.round_report(s, name) if name else None
        if r is None:
            return Screen(T.NO_ROUNDS)
        text = render(T.ROUND_DETAIL, label=self._label(r.round), when=self._when(r.created_at), **r.counts)
        if r.problems:
            text += T.PROBLEMS_TITLE + "".join(render(T.PROBLEM_LINE, who=who, status=T.STATUS_NAMES[st])
                                               for who, st in r.problems)
            more = r.counts["unknown"] + r.counts["failed"] - len(r.problems)
            text += render(T.PROBLEMS_MORE, more=more) if more > 0 else ""
        rows = []
        if r.counts["unknown"]:
            text += T.UNKNOWN_EXPLAINED
            rows.append([{"text": render(T.RESEND_BUTTON, count=r.counts["unknown"]), "data": f"a:rs:{first_id}"}])
        return Screen(text, rows + [[{"text": T.BACK_TO_LIST, "data": "a:l"}]])

    async def resend_ask(self, user_id: int, first_id: int) -> Screen:
        async with self.db.session() as s:
            require(await directory.by_telegram_id(s, user_id), "delivery_report")
            name = await report.round_of(s, first_id)
            r = await report.round_report(s, name, problems=0) if name else None
        if r is None or not r.counts["unknown"]:
            return Screen(T.NOTHING_TO_RESEND)
        return Screen(render(T.RESEND_ASK, count=r.counts["unknown"], label=self._label(r.round)),
                      [[{"text": T.RESEND_CONFIRM, "data": f"a:ry:{first_id}"},
                        {"text": T.CANCEL, "data": f"a:r:{first_id}"}]])

    async def resend(self, user_id: int, first_id: int) -> Screen:
        async with self.db.session() as s:
            person = await directory.by_telegram_id(s, user_id)
            require(person, "delivery_report")
            name = await report.round_of(s, first_id)
            now = self.clock.now()
            count = await report.resend(s, now=now, round_=name) if name else 0
            if count:
                await audit.record(s, person, "delivery.resend", f"round:{name}"[:200], {"requeued": count}, now=now)
        return Screen(render(T.RESENT, count=count) if count else T.NOTHING_TO_RESEND)
