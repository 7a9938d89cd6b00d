"""The questionnaires' use cases, one transaction each: every door (the chat, the command line, the web pages)
calls only these. A use case takes the actor as a `Who` (None: the operator at the command line, audited as
"cli"), asks the policy before reading anything its input names, commits, then returns what to show.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.catalogue.normalize import fold
from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.errors import NotFound, StaleAction
from bot.people import audience as audiences
from bot.people import audit, policy
from bot.people.models import Person
from bot.people.who import Who
from bot.questionnaires import callbacks as cb
from bot.questionnaires import (
    campaigns,
    engine,
    export,
    followup,
    launcher,
    overview,
    registry,
    report,
    results,
    weblinks,
)
from bot.questionnaires.definition import AUDIENCES, Definition, InvalidDefinition
from bot.questionnaires.models import Campaign, QuestionnaireVersion
from bot.questionnaires.reading import load_file
from bot.questionnaires.views import StepReply
from bot.reply import File, Reply
from bot.texts import plural, render
from bot.texts import questionnaires as T
from bot.texts import web_questionnaires as W
from bot.texts.datafiles import os_reason

logger = logging.getLogger(__name__)
CLI = "cli"
WEB_PAGE = 20  # campaigns a page on the organisers' web pages


@dataclass(frozen=True)
class Checked:
    """`zobot questionnaire check` of one file: the definition, or its problems; and any stored version it
    contradicts (same id and version, another content)."""

    path: Path
    definition: Definition | None = None
    problems: tuple = ()
    unreadable: str = ""
    conflict: bool = False


class QuestionnaireService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self.db, self.clock, self.settings = db, clock, settings

    @property
    def tz(self):
        return self.settings.timezone

    # ---------- respondents ----------

    async def open(self, who: Who, campaign_id: int | None, comune_id: int | None = None) -> Reply:
        """`q:go:<id>` or `/start q_<id>`: start or resume (an id out of range names no campaign, reads nothing)."""
        if policy.valid_id(campaign_id) is None:
            raise NotFound("invitation", campaign_id)
        async with self.db.session() as s:
            reply = await engine.open_campaign(s, await who.person(s), campaign_id, comune_id,
                                               now=self.clock.now(), tz=self.tz)
        return self._door(reply).as_new_message()  # the invitation stays as it was

    def _door(self, reply: Reply) -> Reply:
        """A step shown in the chat gets «Continua sul web» where the web pages are configured."""
        if not self.settings.web_url or not isinstance(reply, StepReply) or reply.view is None:
            return reply
        return replace(reply, rows=[*(reply.rows or []), [{"text": W.BUTTON_WEB,
                                                           "data": cb.web_link(reply.view.campaign_id)}]])

    async def press(self, who: Who, data: str) -> Reply:
        """A `q:` button: parsed whole here, then answering, launching, following up or results."""
        pressed = cb.parse(data)
        if pressed is None:
            action = cb.organiser_action(data)
            if action is not None:  # an organiser's button, malformed: the policy answers first
                async with self.db.session() as s:
                    policy.require(await who.person(s), action)
            raise StaleAction("q_step")
        if isinstance(pressed, cb.MyList):
            return (await self.my_list(who)).as_new_message()
        if isinstance(pressed, cb.Open):
            return await self.open(who, pressed.campaign, pressed.comune)
        now = self.clock.now()
        async with self.db.session() as s:
            person = await who.person(s)
            if isinstance(pressed, cb.OptOut):
                return await engine.opt_out(s, person, pressed.campaign)
            if isinstance(pressed, cb.TakeOver):
                return await engine.take_over(s, person, pressed.campaign, pressed.comune, now=now, tz=self.tz)
            if isinstance(pressed, cb.Step):
                return self._door(await engine.press(s, person, pressed, now=now, tz=self.tz))
            if isinstance(pressed, cb.WebLink):
                return await self._web_link(s, person, pressed.campaign)
            if isinstance(pressed, cb.RESULTS):
                policy.require(person, "see_results")  # NotAllowed: a polite refusal, audited by the policy
                if isinstance(pressed, cb.Archive):
                    return await report.archive(s, pressed.page, pressed.words, self.tz, now)
                return await report.press(s, person, pressed, tz=self.tz, now=now)
            policy.require(person, "launch_questionnaire")
            assert person is not None  # the policy refuses nobody's button
            return await self._organiser(s, person, pressed, now)

    async def _organiser(self, s, person: Person, pressed, now: datetime) -> Reply:
        if isinstance(pressed, cb.Launch):
            return await launcher.press(s, person, pressed, now=now, tz=self.tz)
        if isinstance(pressed, cb.Preview):
            return await launcher.preview(s, pressed.key)
        if isinstance(pressed, cb.Status):
            return await followup.status(s, pressed.campaign, self.tz, now)
        act, cid = pressed.act, pressed.campaign
        if act == "p":
            return await followup.pending(s, cid)
        if act == "r":
            return await followup.remind_preview(s, cid, self.tz, now)
        if act == "rs":
            queued = await followup.remind_now(s, person, cid, pressed.args[0], tz=self.tz, now=now)
            shown = await followup.status(s, cid, self.tz, now)
            return replace(shown, toast=T.REMIND_QUEUED.format(messages=plural(queued, *T.MESSAGES)))
        if act == "e":
            return followup.extend_pick(*await followup.campaign_of(s, cid), self.tz)
        if act == "ex":
            days, since = pressed.args
            campaign, _ = await followup.campaign_of(s, cid)
            await followup.extend(s, person, cid, max(campaign.closes_at, now) + timedelta(days=days), now=now,
                                  since=since)
            return await followup.status(s, cid, self.tz, now)
        if act == "c":
            return followup.close_confirm(*await followup.campaign_of(s, cid))
        if act == "cy":
            await followup.close(s, person, cid, now=now)
            return await followup.status(s, cid, self.tz, now)
        if act == "d":
            return await followup.sent(s, cid)
        await followup.reopen(s, person, cid, pressed.args[0], tz=self.tz, now=now)  # "o"
        return await followup.status(s, cid, self.tz, now)

    async def typed(self, who: Who, text: str, message_id: int | None) -> Reply | None:
        """A typed answer, or None if the person is not at a step that waits for typing.

        Called only when the update's arrival (bot/arrival.py) saw an answer in progress, so most texts
        (catalogue questions) never take the write lock here."""
        async with self.db.session() as s:
            reply = await engine.typed(s, await who.person(s), text, message_id=message_id, now=self.clock.now(),
                                       tz=self.tz)
        return self._door(reply) if reply is not None else None

    # ---------- the web door: personal links (bot/questionnaires/weblinks.py) ----------

    async def answer_link(self, who: Who, campaign_id: int) -> str | None:
        """A new personal link to answer this campaign on the web (for an invitation or reminder e-mail, or
        the chat's «Continua sul web»); None where ZOBOT_WEB_URL is not set. NotFound unless the person may
        answer it (invited, still in the audience)."""
        if not self.settings.web_url:
            return None
        if policy.valid_id(campaign_id) is None:
            raise NotFound("invitation", campaign_id)
        async with self.db.session() as s:
            person = await who.person(s)
            if person is None or not await policy.may_answer(s, person, campaign_id):
                policy.note_refusal(person, "answer_questionnaire")
                raise NotFound("invitation", campaign_id)
            campaign = await s.get(Campaign, campaign_id)
            assert campaign is not None  # may_answer found it
            token = await weblinks.issue(s, person.id, campaign, now=self.clock.now())
        return weblinks.url(self.settings.web_url, token)

    async def _web_link(self, s, person: Person | None, campaign_id: int) -> Reply:
        """«Continua sul web» pressed in the chat: a new message with the person's link (NotFound when not
        allowed, or no web pages configured)."""
        if not self.settings.web_url or person is None or not await policy.may_answer(s, person, campaign_id):
            policy.note_refusal(person, "answer_questionnaire")
            raise NotFound("invitation", campaign_id)
        campaign = await s.get(Campaign, campaign_id)
        title = await s.scalar(select(QuestionnaireVersion.title).where(QuestionnaireVersion.id == campaign.version_id))
        token = await weblinks.issue(s, person.id, campaign, now=self.clock.now())
        url = weblinks.url(self.settings.web_url, token)
        return Reply(render(W.WEB_LINK, title=title), [[{"text": W.BUTTON_OPEN_WEB, "url": url}]], new_message=True)

    async def _by_link(self, s, token: str) -> tuple[Person | None, int]:
        found = await weblinks.resolve(s, token, now=self.clock.now())
        if found is None:
            raise NotFound("invitation", 0)
        person_id, campaign_id = found
        return await Who(person_id=person_id).person(s), campaign_id

    async def web_open(self, token: str) -> Reply:
        """GET /q/<token>: where the person is in the link's campaign (the same invitation and response as the
        chat), changing nothing; «Rispondi» on the page starts. NotFound for an unusable link or a person no
        longer allowed."""
        async with self.db.session() as s:
            person, campaign_id = await self._by_link(s, token)
            return await engine.peek(s, person, campaign_id, now=self.clock.now(), tz=self.tz)

    async def web_submit(self, token: str, data: str, rev: str, *, text: str | None = None, other: str | None = None,
                         chosen: list[str] | None = None) -> Reply:
        """POST /q/<token>: one form of the page through the chat's steps (engine.submit_form). A stale form
        (another revision: a second window, the chat moved on) changes nothing and shows where the person is."""
        pressed = cb.parse(data) if data else None
        step_rev = policy.valid_id(rev, minimum=0)
        ticked = [i for i in (policy.valid_id(c, minimum=0) for c in chosen or []) if i is not None and i < 100]
        now = self.clock.now()
        async with self.db.session() as s:
            person, campaign_id = await self._by_link(s, token)
            try:
                return await engine.submit_form(s, person, campaign_id, pressed, step_rev, text=text, other=other,
                                                chosen=ticked if chosen is not None else None, now=now, tz=self.tz)
            except StaleAction:  # raised before a step changes anything
                error = W.CHOOSE_FIRST if not data and text is None else W.STALE
            return await engine.show(s, person, campaign_id, error=error, now=now, tz=self.tz)

    async def my_list(self, who: Who) -> Reply:
        async with self.db.session() as s:
            return await campaigns.my_list(s, await who.person(s), self.clock.now(), self.tz)

    # ---------- organisers: the entry screens ----------

    async def launch_menu(self, who: Who) -> Reply:
        """/lancia: the organiser picks a questionnaire (NotAllowed for anyone else)."""
        async with self.db.session() as s:
            policy.require(await who.person(s), "launch_questionnaire")
            return await launcher.menu(s)

    async def results_menu(self, who: Who, words: str = "") -> Reply:
        """/risultati [words]: the archive of campaigns, a page at a time (NotAllowed for anyone else)."""
        async with self.db.session() as s:
            policy.require(await who.person(s), "see_results")
            return await report.archive(s, 0, words, self.tz, self.clock.now())

    # ---------- the reminder job ----------

    async def tick(self) -> tuple[int, int]:
        """Keep every open campaign's audience current, fan out the reminders due (the outbox sends them),
        forget what anonymous campaigns that closed left unsent. Returns (invited late, reminders queued)."""
        now = self.clock.now()
        async with self.db.session() as s:
            invited, queued = await campaigns.tick(s, now, self.tz)
            discarded = await campaigns.discard_unfinished(s, now)
        if invited or queued:
            logger.info("questionnaires: %s invited late, %s reminders queued", invited, queued)
        if discarded:
            logger.info("deleted %s unsent responses of closed anonymous questionnaires", discarded)
        return invited, queued

    # ---------- the command line (the operator's own: no policy, audited as "cli") ----------

    async def check(self, paths: list[Path]) -> tuple[list[Checked], bool]:
        """Each file checked, and compared with the versions stored (a changed file with the same version);
        and whether the stored versions could be read (no database yet: the files are checked alone)."""
        out, store = [], self._store_exists()
        for path in paths:
            try:
                definition = load_file(path)
            except OSError as exc:
                out.append(Checked(path, unreadable=os_reason(exc)))
                continue
            except InvalidDefinition as exc:
                out.append(Checked(path, problems=tuple(exc.problems)))
                continue
            conflict = False
            if store:
                try:
                    async with self.db.read() as s:
                        conflict = await registry.conflict(s, definition) is not None
                except SQLAlchemyError:
                    logger.info("stored questionnaire versions not readable", exc_info=True)
                    store = False
            out.append(Checked(path, definition, conflict=conflict))
        return out, store

    def _store_exists(self) -> bool:
        """False for a SQLite file not created yet (checking must not create it)."""
        url = make_url(self.settings.database_url)
        return not url.drivername.startswith("sqlite") or bool(url.database and Path(url.database).exists())

    async def add(self, path: Path) -> tuple[Definition, bool]:
        """`zobot questionnaire add FILE`: store a checked definition (InvalidDefinition, VersionConflict)."""
        definition = load_file(path)
        async with self.db.session() as s:
            _, created = await registry.add(s, definition, self.clock.now())
            if created:
                await audit.record(s, CLI, "questionnaire.add", f"questionnaire:{definition.id}",
                                   {"version": definition.version, "hash": definition.hash}, now=self.clock.now())
        return definition, created

    async def definitions(self) -> tuple[dict[str, registry.Available], list[campaigns.Listed]]:
        async with self.db.read() as s:
            return await registry.available(s), await campaigns.listing(s, limit=1000)

    async def launch(self, key: str, audience: audiences.Audience | None, *, opens_at: datetime, closes_at: datetime,
                     reminder_offsets: list[int], unit: str, launch_key: str) -> tuple[int, int]:
        """`zobot questionnaire launch`: (campaign id, invitations); NotFound for an unknown questionnaire."""
        async with self.db.session() as s:
            found = (await registry.available(s)).get(key)
            if found is None:
                raise NotFound("questionnaire", key)
            d = found.definition
            rule = audience or audiences.Audience(AUDIENCES[d.audience])
            campaign, n = await campaigns.launch(s, d, rule, opens_at=opens_at, closes_at=closes_at, created_by=None,
                                                 launch_key=launch_key, now=self.clock.now(), tz=self.tz,
                                                 reminder_offsets=reminder_offsets, unit=unit, actor=CLI)
            return campaign.id, n or 0

    async def status(self, campaign_id: int) -> Reply:
        async with self.db.read() as s:
            return await followup.status(s, campaign_id, self.tz, self.clock.now())

    async def results(self, campaign_id: int, *, zone_code: str | None = None, role: str | None = None,
                      named: bool = False) -> results.Results:
        """NotFound: no such campaign (or zone)."""
        async with self.db.read() as s:
            where: dict = {"role": role} if role else {}
            if zone_code:
                where["zone_id"] = await report.zone_id(s, zone_code)
            found = await results.compute(s, campaign_id, named=named, **where)
        if found is None:
            raise NotFound("campaign", campaign_id)
        return found

    async def pending(self, campaign_id: int, *, sent: bool = False) -> Reply:
        async with self.db.read() as s:
            return await (followup.sent(s, campaign_id, ids=True) if sent else followup.pending(s, campaign_id,
                                                                                                  ids=True))

    async def remind(self, campaign_id: int) -> int:
        now = self.clock.now()
        async with self.db.session() as s:
            return await followup.remind_now(s, CLI, campaign_id, format(int(now.timestamp()), "x"), tz=self.tz, now=now)

    async def extend(self, campaign_id: int, until: datetime) -> datetime:
        async with self.db.session() as s:
            return (await followup.extend(s, CLI, campaign_id, until, now=self.clock.now())).closes_at

    async def close(self, campaign_id: int) -> datetime:
        async with self.db.session() as s:
            return (await followup.close(s, CLI, campaign_id, now=self.clock.now())).closes_at

    async def reopen(self, campaign_id: int, person_id: int) -> None:
        async with self.db.session() as s:
            await followup.reopen(s, CLI, campaign_id, person_id, tz=self.tz, now=self.clock.now())


    # ---------- the organisers' web pages: plain data, the policy asked with the chat's actions ----------

    async def archive_page(self, who: Who, page: int, words: str = "",
                           size: int = WEB_PAGE) -> tuple[list[campaigns.Listed], int, int]:
        """The campaigns, newest first, `size` a page (those whose title has all `words`): the page (the last
        one for a page past it), how many match, and the page's number from 0 (as the chat's archive)."""
        words = " ".join(fold(words).split())[:40]
        async with self.db.read() as s:
            policy.require(await who.person(s), "see_results")
            total = await campaigns.count(s, words)
            page = max(0, min(page, (total - 1) // size))
            return await campaigns.listing(s, size, page * size, words), total, page

    async def _results_for(self, s, who: Who, campaign_id: int) -> tuple[Person | None, results.Results]:
        """The campaign's results for a page, the policy asked first (`see_results`; names only for
        `see_named_answers`); NotFound for an id out of range or no such campaign."""
        if policy.valid_id(campaign_id) is None:
            raise NotFound("campaign", campaign_id)
        person = await who.person(s)
        policy.require(person, "see_results")
        found = await results.compute(s, campaign_id, named=policy.can(person, "see_named_answers"))
        if found is None:
            raise NotFound("campaign", campaign_id)
        return person, found

    async def overview(self, who: Who, campaign_id: int) -> overview.Overview:
        """One campaign's results and figures by zone, role and comune (not for anonymous questionnaires, as
        the chat's filters); who has not finished and how many «Sollecita ora» would reach (organisers who
        may follow up, as the chat's status screen)."""
        now = self.clock.now()
        async with self.db.read() as s:
            person, found = await self._results_for(s, who, campaign_id)
            shown = overview.Overview(found, found.campaign.closes_at > now)
            if not found.definition.anonymous:
                shown.by_zone = await overview.by_zone(s, campaign_id)
                shown.by_role = await overview.by_role(s, campaign_id)
                shown.by_comune = await overview.by_comune(s, campaign_id)
            if policy.can(person, "launch_questionnaire"):
                waiting = await followup.waiting(s, found.campaign)
                if found.definition.anonymous:  # counts only
                    waiting = [replace(w, id=0, name=None) for w in waiting]
                shown.waiting = waiting
                if not found.definition.anonymous:
                    shown.via = await followup.reached_by(s, campaign_id)
                if found.per_comune and not found.definition.anonymous:
                    shown.comuni = await followup.comuni_waiting(s, found.campaign)
                if shown.open:
                    shown.nudge = followup.nudge_text(found.definition, found.campaign, self.tz)
                    shown.remind_count = len(await campaigns.pending_people(s, found.campaign))
                    shown.nonce = format(int(now.timestamp()), "x")
            return shown

    async def remind_from_page(self, who: Who, campaign_id: int, nonce: str) -> int:
        """«Sollecita ora» pressed on the page: the chat's reminder (same outbox rows, same audit entry); the
        form's `nonce` makes a second press queue nothing more."""
        if policy.valid_id(campaign_id) is None:
            raise NotFound("campaign", campaign_id)
        if not (1 <= len(nonce) <= 12 and all(ch in "0123456789abcdef" for ch in nonce)):
            raise StaleAction("q_step")
        now = self.clock.now()
        async with self.db.session() as s:
            person = await who.person(s)
            policy.require(person, "launch_questionnaire")
            assert person is not None
            return await followup.remind_now(s, person, campaign_id, nonce, tz=self.tz, now=now)

    async def export(self, who: Who, campaign_id: int, fmt: str) -> File:
        """The chat's XLSX or CSV export (formulas neutralised), audited as `questionnaire.export`."""
        if fmt not in ("xlsx", "csv"):
            raise NotFound("campaign", campaign_id)
        now = self.clock.now()
        async with self.db.session() as s:
            person, found = await self._results_for(s, who, campaign_id)
            data = export.to_xlsx(found, self.tz) if fmt == "xlsx" else export.to_csv(found, self.tz)
            await audit.record(s, person, "questionnaire.export", f"campaign:{campaign_id}",
                               {"format": fmt, "named": found.named, "rows": found.completed}, now=now)
        return File(f"{found.definition.id}-{campaign_id}.{fmt}", data, found.definition.title)
