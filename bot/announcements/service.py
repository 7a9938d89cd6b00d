"""The organiser's /annuncio and /consegne: one method per action, one transaction each, a `Reply` back.

The audience is a rule (bot/people/audience.py) built from the menu: a kind, a zone, theme or tavolo
from a list, comuni typed by name, and «aggiungi un gruppo» to join several. Buttons are built and
parsed by bot/announcements/callbacks.py; refusals and stale drafts are domain errors (bot/errors.py).
"""
from __future__ import annotations

import re

from sqlalchemy import select

from bot import timefmt
from bot.announcements import callbacks as cb
from bot.announcements import drafts
from bot.catalogue import lookup
from bot.catalogue.models import Theme, Zone
from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.errors import EmptyAudience, NotFound, UnknownName
from bot.outbox import report
from bot.people import audit, policy
from bot.people.audience import Audience
from bot.people.who import Who
from bot.reply import Reply, plain
from bot.texts import Markup, common, plural, render, shorten
from bot.texts import delivery as T

MAX_CHOICES = 40
MAX_COMUNI = 30


def _split(counts: dict[str, int]) -> str:
    """«: 3 su Telegram, 2 per e-mail» when some of the audience is reached by e-mail."""
    if not counts.get("email"):
        return ""
    return render(T.AUDIENCE_SPLIT, telegram=counts.get("telegram", 0), email=counts["email"])


def _email_share(r) -> str:
    """« (e-mail: n)» after a round of /consegne that went partly by e-mail."""
    email = sum(r.by_channel.get("email", {}).values())
    return render(T.ROUND_EMAIL, n=email) if email else ""


def by_channel(r) -> str:
    """How each channel went, for a round with e-mails in it (a Telegram-only round says nothing more)."""
    if "email" not in r.by_channel:
        return ""
    lines = [T.BY_CHANNEL_TITLE]
    for channel, counts in r.by_channel.items():
        line = render(T.BY_CHANNEL_LINE, channel=T.CHANNEL_NAMES.get(channel, channel),
                      sent=plural(counts["sent"], *T.DELIVERED), total=sum(counts.values()))
        if channel == "email" and counts["blocked"]:
            line += plural(counts["blocked"], *T.BY_CHANNEL_REFUSED)
        lines.append(line)
    return "".join(lines)


def _people(n: int) -> str:
    return plural(n, *T.PEOPLE)


def _menu(draft_id: int, title: str = T.CHOOSE_AUDIENCE) -> Reply:
    rows = [[{"text": T.AUDIENCE_LABELS[k], "data": cb.kind(draft_id, k)}] for k in cb.MENU_KINDS]
    return Reply(title, rows + [_cancel_row(draft_id)])


def _cancel_row(draft_id: int) -> list[dict]:
    return [{"text": T.CANCEL, "data": cb.cancel(draft_id)}]


class AnnouncementService:
    """Over one database, clock and settings."""

    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self.db, self.clock, self.tz = db, clock, settings.timezone

    async def _author(self, s, who: Who, action: str = "broadcast"):
        person = await who.person(s)
        policy.require(person, action)
        return person

    async def start(self, who: Who) -> Reply:
        """/annuncio: a new draft (any other open one of the organiser is abandoned) and the audience menu."""
        async with self.db.session() as s:
            draft = await drafts.start(s, await who.person(s), now=self.clock.now())
            return _menu(draft.id)

    async def pick_kind(self, who: Who, draft_id: int, kind: str) -> Reply:
        """A kind that needs a zone, theme or tavolo shows that list, «comuni» asks for names; the
        others are chosen at once."""
        if kind == "comuni_referents":
            async with self.db.session() as s:
                await drafts.ask_comuni(s, await who.person(s), draft_id, now=self.clock.now())
            return Reply(T.ASK_COMUNI, [_cancel_row(draft_id)])
        if kind not in cb.LISTS:
            return await self.pick(who, draft_id, Audience(kind=kind))
        async with self.db.read() as s:
            await self._author(s, who)
            options = await self._options(s, kind)
        if not options:
            return _menu(draft_id, T.NO_TAVOLI)
        title = {"zone_referents": T.CHOOSE_ZONE, "theme_po": T.CHOOSE_THEME, "tavolo": T.CHOOSE_TAVOLO}[kind]
        rows = [[{"text": shorten(name), "data": cb.listed(draft_id, kind, ref)}] for ref, name in options[:MAX_CHOICES]]
        return Reply(title, rows + [_cancel_row(draft_id)])

    async def _options(self, s, kind: str) -> list[tuple[int, str]]:
        if kind == "zone_referents":
            return list((await s.execute(select(Zone.id, Zone.name).order_by(Zone.name))).all())
        if kind == "theme_po":
            return list((await s.execute(select(Theme.id, Theme.name).order_by(Theme.name))).all())
        from bot.meetings.models import Tavolo  # the schema is one layer: a model, not meetings code
        return list((await s.execute(select(Tavolo.id, Tavolo.title).where(Tavolo.active.is_(True))
                                     .order_by(Tavolo.title))).all())

    async def pick_listed(self, who: Who, draft_id: int, tag: str, ref: int) -> Reply:
        """A zone (z), theme (t) or tavolo (v) chosen from its list."""
        async with self.db.session() as s:
            author = await self._author(s, who)  # before reading what the button names
            if tag == "z":
                code = await s.scalar(select(Zone.code).where(Zone.id == ref))
                audience = Audience(kind="zone_referents", zone_code=code) if code else None
            elif tag == "t":
                code = await s.scalar(select(Theme.code).where(Theme.id == ref))
                audience = Audience(kind="theme_po", theme_code=code) if code else None
            else:
                audience = Audience(kind="tavolo", tavolo_id=ref)
            if audience is None:
                raise NotFound("draft_choice", ref)
            return await self._pick(s, author, draft_id, audience)

    async def pick(self, who: Who, draft_id: int, audience: Audience) -> Reply:
        """The audience is set (joined to the groups already chosen); the text is asked next."""
        async with self.db.session() as s:
            return await self._pick(s, await who.person(s), draft_id, audience)

    async def _pick(self, s, author, draft_id: int, audience: Audience) -> Reply:
        try:
            draft, count = await drafts.choose(s, author, draft_id, audience, now=self.clock.now())
        except EmptyAudience:
            return _menu(draft_id, render(T.EMPTY_AUDIENCE, audience=await drafts.describe(s, audience)))
        label = await drafts.describe(s, drafts.audience_of(draft))
        count_text = Markup(_people(count) + _split(await drafts.channel_split(s, draft)))
        return Reply(render(T.ASK_TEXT, audience=label, count=count_text),
                     [[{"text": T.ADD_GROUP, "data": cb.add(draft_id)}], _cancel_row(draft_id)])

    async def add_group(self, who: Who, draft_id: int) -> Reply:
        """«Aggiungi un gruppo»: the menu again; the next choice joins the groups chosen so far."""
        async with self.db.session() as s:
            draft = await drafts.add_group(s, await who.person(s), draft_id, now=self.clock.now())
            label = await drafts.describe(s, drafts.audience_of(draft))
        return _menu(draft_id, render(T.ADD_GROUP_TITLE, audience=label))

    async def typed(self, who: Who, html: str) -> Reply | None:
        """Typed text for the organiser's draft: comune names, or the message (then the preview); None
        if no draft waits. Called only when the update's arrival (bot/arrival.py) saw one waiting."""
        now = self.clock.now()
        async with self.db.session() as s:
            author = await who.person(s)
            draft = await drafts.awaiting_text(s, author, now=now)
            if draft is None:
                return None
            if not policy.can(author, "broadcast"):  # revoked since the draft was started: it ends here
                policy.note_refusal(author, "broadcast")
                await drafts.abandon(s, author, now=now)
                return Reply(common.NOT_ALLOWED)
            if draft.status == "comuni":
                rule = Audience("comuni_referents", comune_codes=await _comuni(s, html))
                return await self._pick(s, author, draft.id, rule)
            draft = await drafts.set_text(s, author, draft.id, html, now=now)
            label = await drafts.describe(s, drafts.audience_of(draft))
            split = _split(await drafts.channel_split(s, draft))
        buttons = [[{"text": render(T.CONFIRM, count=_people(draft.recipients)), "data": cb.send(draft.id)},
                    {"text": T.CANCEL, "data": cb.cancel(draft.id)}]]
        return Reply(render(T.PREVIEW, count=Markup(_people(draft.recipients) + split), audience=label)).then(
            Reply(drafts.message_text(draft), buttons))

    async def confirm(self, who: Who, draft_id: int) -> Reply:
        async with self.db.session() as s:
            created = await drafts.confirm(s, await who.person(s), draft_id, now=self.clock.now())
        return Reply(render(T.QUEUED, count=_people(created)) if created else T.ALREADY_SENT)

    async def cancel(self, who: Who, draft_id: int | None) -> Reply:
        async with self.db.session() as s:
            done = await drafts.cancel(s, await who.person(s), draft_id, now=self.clock.now())
        return Reply(T.CANCELLED if done else T.NOTHING_TO_CANCEL)

    # ---- delivery reports ----

    def _label(self, round_: str) -> str:
        if round_.startswith("bc:") and round_[3:].isdigit():
            return render(T.ROUND_BROADCAST, id=round_[3:])
        return round_[:40]

    async def reports(self, who: Who) -> Reply:
        """/consegne: the latest rounds with their counts."""
        async with self.db.read() as s:
            await self._author(s, who, "delivery_report")
            rounds = await report.recent(s)
        if not rounds:
            return Reply(T.NO_ROUNDS)
        lines = [T.REPORTS_TITLE] + [render(T.ROUND_LINE, label=self._label(r.round), total=r.total,
                                            when=timefmt.day_time(r.created_at, self.tz),
                                            sent=plural(r.counts["sent"], *T.DELIVERED)) + _email_share(r)
                                     for r in rounds]
        rows = [[{"text": render(T.ROUND_BUTTON, label=self._label(r.round), sent=r.counts["sent"], total=r.total),
                  "data": cb.round_(r.first_id)}] for r in rounds]
        return Reply("\n".join(lines), rows)

    async def round_detail(self, who: Who, first_id: int) -> Reply:
        async with self.db.read() as s:
            await self._author(s, who, "delivery_report")
            name = await report.round_of(s, first_id)
            r = await report.round_report(s, name) if name else None
        if r is None:
            return Reply(T.NO_ROUNDS)
        text = render(T.ROUND_DETAIL, label=self._label(r.round), when=timefmt.day_time(r.created_at, self.tz),
                      **r.counts)
        text += by_channel(r)
        mixed = len(r.by_channel) > 1
        if r.problems:
            text += T.PROBLEMS_TITLE + "".join(
                render(T.PROBLEM_LINE, who=who_, status=T.STATUS_NAMES[st])
                + (render(T.PROBLEM_VIA, channel=T.CHANNEL_NAMES.get(ch, ch)) if mixed or ch != "telegram" else "")
                for who_, st, ch in r.problems)
            more = r.counts["unknown"] + r.counts["failed"] - len(r.problems)
            text += plural(more, *T.PROBLEMS_MORE) if more > 0 else ""
        rows = []
        if r.counts["unknown"]:
            text += T.UNKNOWN_EXPLAINED
            rows.append([{"text": plural(r.counts["unknown"], *T.RESEND_BUTTON), "data": cb.resend_ask(first_id)}])
        return Reply(text, rows + [[{"text": T.BACK_TO_LIST, "data": cb.reports()}]])

    async def rounds(self, who: Who, limit: int = 30) -> list[tuple[str, report.RoundReport]]:
        """The web page's delivery reports (as /consegne): the latest rounds, each with its label and counts."""
        async with self.db.read() as s:
            await self._author(s, who, "delivery_report")
            return [(self._label(r.round), r) for r in await report.recent(s, limit)]

    async def round_of(self, who: Who, first_id: int) -> tuple[str, report.RoundReport, str]:
        """One round (as /consegne's detail): label, counts, who got an unknown or failed message, and the text
        sent (its first message's, Telegram HTML). NotFound for no such round."""
        if policy.valid_id(first_id) is None:
            raise NotFound("round", first_id)
        async with self.db.read() as s:
            await self._author(s, who, "delivery_report")
            name = await report.round_of(s, first_id)
            found = await report.round_report(s, name) if name else None
            if found is None or found.first_id != first_id:
                raise NotFound("round", first_id)
            return self._label(found.round), found, await report.text_of(s, first_id)

    async def resend_ask(self, who: Who, first_id: int) -> Reply:
        async with self.db.read() as s:
            await self._author(s, who, "delivery_report")
            name = await report.round_of(s, first_id)
            r = await report.round_report(s, name, problems=0) if name else None
        if r is None or not r.counts["unknown"]:
            return Reply(T.NOTHING_TO_RESEND)
        return Reply(render(T.RESEND_ASK, count=plural(r.counts["unknown"], *T.MESSAGES), label=self._label(r.round)),
                     [[{"text": T.RESEND_CONFIRM, "data": cb.resend(first_id)},
                       {"text": T.CANCEL, "data": cb.round_(first_id)}]])

    async def resend(self, who: Who, first_id: int) -> Reply:
        now = self.clock.now()
        async with self.db.session() as s:
            person = await self._author(s, who, "delivery_report")
            name = await report.round_of(s, first_id)
            count = await report.resend(s, now=now, round_=name) if name else 0
            if count:
                await audit.record(s, person, "delivery.resend", f"round:{name}"[:200], {"requeued": count}, now=now)
        return Reply(plural(count, *T.RESENT) if count else T.NOTHING_TO_RESEND)


async def _comuni(session, text: str) -> tuple[str, ...]:
    """The ISTAT codes of the comuni named in `text` (separated by commas, semicolons or new lines);
    UnknownName for the first name that is no comune, BadInput when none is named."""
    names = [n.strip() for n in re.split(r"[,;\n]", plain(text)) if n.strip()][:MAX_COMUNI]
    codes = []
    for name in names:
        found = await lookup.comune(session, name)
        if found is None:
            raise UnknownName("comune", name)
        codes.append(found.istat_code)
    if not codes:
        raise UnknownName("comune", text[:100])
    return tuple(dict.fromkeys(codes))
