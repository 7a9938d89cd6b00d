"""The people feature's use cases, for every door: invitations, registration and approvals, privacy
(/privacy, /imiei_dati, /cancellami), the audit log, web login links, calendar feeds and the per-role
command menus. One public method per use case, one transaction each; the policy is asked before
anything that depends on the input is read; the answer is a `Reply` (plain values for jobs).
"""
from __future__ import annotations

import logging

from bot import timefmt
from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.errors import BadInput, NotFound
from bot.people import (
    audit,
    batch,
    calendar_feeds,
    channels,
    directory,
    email_address,
    invites,
    membership,
    menus,
    my_data,
    policy,
    privacy,
    registration,
    web_login,
)
from bot.people import callbacks as cb
from bot.people import feed_callbacks as wcb
from bot.people.models import Person
from bot.people.who import Who
from bot.reply import File, Reply
from bot.texts import email as email_texts
from bot.texts import people as texts
from bot.texts import plural, render
from bot.texts import web as web_texts

logger = logging.getLogger(__name__)
AUDIT_PAGE = 20
AUDIT_WEB_PAGE = 50  # entries a page on the web page of the audit log
CLI = "cli"  # the audit log's actor for the command line
FEED_BUTTONS = 20


class PeopleService:
    """Over one database, clock and settings; `bot_username` makes the invitation links."""

    def __init__(self, db: Database, clock: Clock, settings: Settings, bot_username=lambda: "zobot") -> None:
        self.db, self.clock, self.settings = db, clock, settings
        self.tz = settings.timezone
        self._bot_username = bot_username

    async def _person(self, session, who: Who) -> Person:
        person = await who.person(session)
        if person is None:  # a bot, an update without a sender, an erased account: nothing to do for them
            raise NotFound("person")
        return person

    # ---- invitations ----

    async def redeem(self, who: Who, payload: str) -> Reply:
        """/start i_<token>: the invitation's role, comuni or office become the person's."""
        token = invites.token_from(payload) or "-"
        now = self.clock.now()
        async with self.db.session() as s:
            person = await self._person(s, who)
            await invites.redeem(s, person, token, now=now)
            places = await directory.places(s, person)
            where = render(texts.WHERE_OFFICE if person.role == "po" else texts.WHERE_COMUNI,
                           places=", ".join(places)) if places else ""
            return Reply(render(texts.INVITE_WELCOME, role=texts.ROLE_NAMES[person.role], where=where))

    async def invite(self, who: Who, args: str) -> Reply:
        """/invita ruolo luoghi; nome: a personal link and its QR code (an organiser's, or an admin's for organisers)."""
        now = self.clock.now()
        async with self.db.session() as s:
            person = await self._person(s, who)
            policy.require(person, "invite")
            role, comuni, office, name = invites.parse_chat(args)
            policy.require(person, policy.invite_action(role))
            spec = await invites.resolve(s, role, comuni=comuni, office=office, name=name)
            created = await invites.create(s, spec, actor=person, now=now, ttl_days=self.settings.invite_ttl_days)
            url = invites.link(self._bot_username(), created.token)
            where = (" – " + ", ".join(spec.labels)) if spec.labels else ""
            caption = render(texts.INVITE_CREATED, id=created.invitation.id, name=(spec.name or texts.NO_NAME)[:100],
                             role=texts.ROLE_NAMES[spec.role], where=where[:300], link=url,
                             until=timefmt.day(created.invitation.expires_at, self.tz))
            filename = render(texts.INVITE_FILENAME, id=created.invitation.id)
        return Reply(files=(File(filename, invites.qr_png(url), caption, photo=True),))

    # ---- invitations from the command line (trusted: `zobot invite …`; plain values, the CLI prints them) ----

    async def create_invitation(self, role: str, *, comuni: list[str], office: str | None, name: str,
                                email: str | None) -> tuple[invites.Spec, invites.Created]:
        async with self.db.session() as s:
            spec = await invites.resolve(s, role, comuni=comuni, office=office, name=name, email=email)
            return spec, await invites.create(s, spec, actor=CLI, now=self.clock.now(),
                                              ttl_days=self.settings.invite_ttl_days)

    async def create_batch(self, rows: list[batch.Row], label: str) -> list:
        """Every row's invitation, or none (BatchError lists the rows that are wrong)."""
        async with self.db.session() as s:
            return await batch.create_all(s, rows, actor=CLI, now=self.clock.now(),
                                          ttl_days=self.settings.invite_ttl_days, batch=label)

    async def revoke_invitation(self, ref: str) -> int:
        """Revoke an unused invitation by id, token or link; its id."""
        async with self.db.session() as s:
            return (await invites.revoke(s, ref, actor=CLI, now=self.clock.now())).id

    async def revoke_member(self, telegram_user_id: int) -> int | None:
        """Take every role away from a member (their menu follows at the next tick); their id, or None."""
        async with self.db.session() as s:
            person = await directory.by_telegram_id(s, telegram_user_id)
            if person is None or person.role is None:
                return None
            await membership.revoke(s, person, actor=CLI, now=self.clock.now())
            return person.id

    # ---- registration ----

    async def register(self, who: Who, args: str) -> Reply:
        """/registrati: a request to the organisers (or, for someone with a role, what they are)."""
        async with self.db.session() as s:
            person = await self._person(s, who)
            if person.role is not None:
                return Reply(render(texts.REGISTER_ALREADY, role=texts.ROLE_NAMES.get(person.role, person.role)))
            request = await registration.ask(s, person, args, now=self.clock.now())
            return Reply(render(texts.REGISTER_SENT, id=request.id))

    async def decide(self, who: Who, request_id: int, approve: bool) -> Reply:
        """An organiser's ✅/❌ on a registration request (once)."""
        async with self.db.session() as s:
            person = await self._person(s, who)
            request = await registration.decide(s, person, request_id, approve, now=self.clock.now())
            return Reply(render(texts.DECIDED[request.status], id=request.id))

    # ---- privacy ----

    def privacy_notice(self) -> Reply:
        return Reply(privacy.notice(self.settings))

    async def my_data(self, who: Who) -> Reply:
        """/imiei_dati: everything held about the person, as a JSON document."""
        async with self.db.session() as s:
            person = await self._person(s, who)
            data = await my_data.export(s, person, now=self.clock.now())
        return Reply(files=(File(texts.MY_DATA_FILENAME, data, texts.MY_DATA_CAPTION),))

    async def ask_erasure(self, who: Who) -> Reply:
        """/cancellami: the question, with a button that names the person's own id."""
        async with self.db.read() as s:
            person = await self._person(s, who)
            return Reply(texts.ERASE_CONFIRM, [[{"text": texts.ERASE_YES, "data": cb.erase(person.id)},
                                               {"text": texts.ERASE_NO, "data": cb.keep()}]])

    async def erase(self, who: Who, person_id: int) -> Reply:
        """The confirmed erasure; only the person's own button works (another's, or an old one: NotFound)."""
        async with self.db.session() as s:
            person = await self._person(s, who)
            if person.id != person_id:
                raise NotFound("person", person_id)
            await privacy.erase(s, person, now=self.clock.now())
        await self.db.forget_deleted()  # after the commit: the erased bytes leave the files too
        return Reply(texts.ERASED)

    @staticmethod
    def keep_data() -> Reply:
        return Reply(texts.ERASE_CANCELLED)

    async def retention(self) -> int:
        """Daily: erase accounts inactive for longer than ZOBOT_RETENTION_DAYS; returns how many."""
        async with self.db.session() as s:
            erased = await privacy.apply_retention(s, now=self.clock.now(), days=self.settings.retention_days,
                                                   admins=self.settings.admins)
        if erased:
            await self.db.forget_deleted()
        return erased

    # ---- the audit log ----

    async def audit_page(self, who: Who, offset: int = 0) -> Reply:
        """/audit: the newest entries first, AUDIT_PAGE at a time (admins)."""
        async with self.db.read() as s:
            policy.require(await who.person(s), "view_audit")
            page = await audit.recent(s, limit=AUDIT_PAGE, offset=offset)
        if not page.entries:
            return Reply(texts.AUDIT_EMPTY)
        lines = [render(texts.AUDIT_HEADER, first=offset + 1, last=offset + len(page.entries), total=page.total)]
        lines += [render(texts.AUDIT_ROW, at=timefmt.day_time(e.at, self.tz), actor=actor_label(e),
                         action=texts.AUDIT_ACTIONS.get(e.action, e.action), target=e.target[:80])
                  for e in page.entries]
        buttons = [{"text": texts.AUDIT_EXPORT, "data": cb.audit_export()}]
        if offset + AUDIT_PAGE < page.total and policy.valid_id(offset + AUDIT_PAGE, minimum=0) is not None:
            buttons.append({"text": texts.AUDIT_OLDER, "data": cb.audit_page(offset + AUDIT_PAGE)})
        return Reply("\n".join(lines), [buttons])

    async def audit_export(self, who: Who) -> Reply:
        """The whole log as CSV (admins); the export itself is logged."""
        now = self.clock.now()
        async with self.db.session() as s:
            person = await who.person(s)
            policy.require(person, "export_audit")
            await audit.record(s, person, "audit.export", "audit_log", {}, now=now)
            total = (await audit.recent(s, limit=1)).total
            data = await audit.export_csv(s)
        return Reply(files=(File(texts.AUDIT_FILENAME, data, plural(total, *texts.AUDIT_CAPTION)),))

    async def audit_search(self, who: Who, filters: audit.Filters, offset: int = 0,
                           limit: int = AUDIT_WEB_PAGE) -> tuple[audit.AuditPage, list[str]]:
        """The web page's audit log (admins, as /audit): a page of what matches, and every action for the filter."""
        async with self.db.read() as s:
            policy.require(await who.person(s), "view_audit")
            return await audit.search(s, filters, limit=limit, offset=max(offset, 0)), await audit.actions(s)

    async def audit_export_filtered(self, who: Who, filters: audit.Filters) -> File:
        """The CSV of what matches (admins, as /audit's export); the export itself is logged."""
        now = self.clock.now()
        async with self.db.session() as s:
            person = await who.person(s)
            policy.require(person, "export_audit")
            await audit.record(s, person, "audit.export", "audit_log", _filter_detail(filters), now=now)
            data = await audit.export_csv(s, filters)
        return File(texts.AUDIT_FILENAME, data)

    async def note_refusals(self, noted: list[tuple[int | None, str | None, str]]) -> None:
        """The refusals an update met (policy.take_refusals), each in a transaction of its own."""
        now = self.clock.now()
        for person_id, role, action in noted:
            await audit.refused(self.db, person_id, action, now=now, role=role)

    # ---- reachability and roles ----

    async def set_reachable(self, telegram_user_id: int, reachable: bool) -> None:
        """A person who blocks the bot is unreachable until they unblock it (my_chat_member updates)."""
        async with self.db.session() as s:
            await directory.set_reachable(s, telegram_user_id, reachable)

    async def follow_admins(self) -> int:
        """At start-up: roles agree with ZOBOT_ADMINS (an admin removed while the bot was stopped is demoted)."""
        async with self.db.session() as s:
            return await membership.sync_admins(s, self.settings.admins, now=self.clock.now())

    async def follow_admin(self, person_id: int) -> str | None:
        """A web visitor's role made to agree with ZOBOT_ADMINS, as the chat does at every update (an admin
        taken out of the setting is demoted at their next page); their role now."""
        async with self.db.session() as s:
            person = await s.get(Person, person_id)
            if person is None:
                return None
            await membership.follow_admins(s, person, self.settings.admins, now=self.clock.now())
            return person.role

    async def menus_due(self) -> list[menus.Due]:
        """The private chats whose command menu differs from what the person's role should show."""
        async with self.db.read() as s:
            return await menus.due(s)

    async def menu_set(self, due: menus.Due) -> None:
        """Note that `due.menu` is now shown in the person's chat."""
        async with self.db.session() as s:
            await menus.mark(s, due)

    # ---- e-mail as a channel: /email, the links of the e-mails, the operator's command ----

    def _email_view(self, person: Person) -> Reply:
        if not person.email:
            return Reply(email_texts.EMAIL_NONE)
        state = email_address.state(person)
        text = render(email_texts.EMAIL_STATE, address=person.email,
                      state=getattr(email_texts, f"STATE_{state.upper()}"),
                      channel=email_texts.CHANNEL_LABELS[channels.channel_of(channels.reach_of(person))]) + email_texts.EMAIL_HELP
        rows = []
        if state in ("confirmed", "unsubscribed"):
            rows = [[{"text": email_texts.USE_TELEGRAM, "data": cb.channel("telegram")},
                     {"text": email_texts.USE_EMAIL, "data": cb.channel("email")}]]
        return Reply(text, rows)

    async def email(self, who: Who, args: str) -> Reply:
        """/email (the address, its state, the channel buttons), /email <address> (confirm by a link), /email no."""
        async with self.db.session() as s:
            person = await who.person(s)
            policy.require(person, "email_channel")
            assert person is not None
            if not self.settings.email_enabled:
                return Reply(email_texts.EMAIL_DISABLED)
            raw = args.strip()
            if not raw:
                return self._email_view(person)
            if raw.casefold() in ("no", "nessuno", "togli", "rimuovi"):
                had = await email_address.remove(s, person)
                return Reply(email_texts.EMAIL_REMOVED if had else email_texts.EMAIL_NOTHING)
            address = channels.normal_address(raw)
            if address is None:
                return Reply(render(email_texts.EMAIL_INVALID, address=raw[:80]))
            await email_address.set_address(s, person, address, now=self.clock.now())
            await audit.record(s, person, "email.set", f"person:{person.id}", {}, now=self.clock.now())
        return Reply(render(email_texts.EMAIL_SAVED, address=address))

    async def set_channel(self, who: Who, channel: str) -> Reply:
        """A channel button of /email: the view again, with the choice."""
        async with self.db.session() as s:
            person = await who.person(s)
            policy.require(person, "email_channel")
            assert person is not None
            if not self.settings.email_enabled or not email_address.choose(person, channel):
                return Reply.toast_only(email_texts.NEEDS_CONFIRMED, alert=True)
            view = self._email_view(person)
        return Reply(view.text, view.rows, toast=email_texts.CHANNEL_SET.format(
            channel=email_texts.CHANNEL_LABELS[channel]))

    async def email_link(self, purpose: str, token: str, *, use: bool) -> str | None:
        """The web page of a confirm or unsubscribe link: the address it acts on (None: link unusable);
        `use` confirms or unsubscribes (a POST; a GET only looks, as mail scanners fetch links)."""
        act = {"confirm": email_address.confirm, "unsubscribe": email_address.unsubscribe}[purpose]
        async with self.db.session() as s:
            person = await act(s, token, now=self.clock.now(), peek=not use)
            if person is None:
                return None
            if use:
                await audit.record(s, person, f"email.{purpose}", f"person:{person.id}", {}, now=self.clock.now())
            return person.email

    async def set_email(self, person_id: int, address: str, *, confirmed: bool) -> bool:
        """`zobot people email`: an operator sets a person's address (confirmed, or a link is sent)."""
        normal = channels.normal_address(address)
        if normal is None:
            raise BadInput("email")
        async with self.db.session() as s:
            person = await s.get(Person, person_id)
            if person is None or person.erased_at is not None:
                raise NotFound("person", person_id)
            await email_address.set_address(s, person, normal, now=self.clock.now(), confirmed=confirmed)
            if confirmed and person.chat_id is None:
                person.channel = channels.EMAIL
            await audit.record(s, CLI, "email.set", f"person:{person.id}", {"confirmed": confirmed},
                               now=self.clock.now())
        return True

    async def add_email_member(self, role: str, *, name: str, email: str, comuni: list[str], office: str | None,
                               confirmed: bool) -> int:
        """`zobot people add`: a member reached by e-mail only (no Telegram); the confirmation link is sent
        unless `confirmed`. Returns the new person's id."""
        address = channels.normal_address(email)
        if address is None:
            raise BadInput("email")
        now = self.clock.now()
        async with self.db.session() as s:
            spec = await invites.resolve(s, role, comuni=comuni, office=office, name=name)
            person = Person(name=spec.name, created_at=now, reachable=True, channel=channels.EMAIL)
            s.add(person)
            await s.flush()
            await membership.grant(s, person, spec.role, comune_ids=spec.comune_ids, office_id=spec.office_id)
            await email_address.set_address(s, person, address, now=now, confirmed=confirmed)
            await audit.record(s, CLI, "email.member_add", f"person:{person.id}",
                               {"role": spec.role, "confirmed": confirmed}, now=now)
            return person.id

    # ---- the web pages: a login link, calendar feeds ----

    def _web(self, path: str) -> str:
        return (self.settings.web_url or "") + path

    async def web_link(self, who: Who) -> Reply:
        """/web: a single-use login link for organisers; others are told where the public pages are."""
        if self.settings.web_url is None:
            return Reply(web_texts.WEB_NOT_CONFIGURED)
        async with self.db.session() as s:
            person = await who.person(s)
            if not policy.can(person, "web_login"):
                policy.note_refusal(person, "web_login")
                return Reply(render(web_texts.WEB_NOT_ALLOWED, url=self._web("/")))
            token = await web_login.issue_link(s, person, now=self.clock.now())
        return Reply(render(web_texts.WEB_LINK, url=self._web(f"/accesso/{token}"), minutes=web_login.LINK_MINUTES))

    async def calendar(self, who: Who) -> Reply:
        """/calendario: the person's active feeds and the buttons to get a new one or revoke them all."""
        if self.settings.web_url is None:
            return Reply(web_texts.WEB_NOT_CONFIGURED)
        async with self.db.read() as s:
            person = await who.person(s)
            policy.require(person, "calendar_feed")
            active, tavoli = await calendar_feeds.overview(s, person)
        lines = [web_texts.CAL_ACTIVE_HEADER] if active else [web_texts.CAL_ACTIVE_NONE]
        for feed in active:
            day = timefmt.day(feed.created_at, self.tz)
            lines.append(render(web_texts.CAL_ACTIVE_ONE, title=feed.title, date=day) if feed.tavolo_id
                         else render(web_texts.CAL_ACTIVE_ALL, date=day))
        rows = [[{"text": web_texts.CAL_BUTTON_ALL, "data": wcb.all_tavoli()}]]
        rows += [[{"text": render(web_texts.CAL_BUTTON_ONE, title=t.title[:40]), "data": wcb.one_tavolo(t.id)}]
                 for t in tavoli[:FEED_BUTTONS]]
        if active:
            rows.append([{"text": web_texts.CAL_BUTTON_REVOKE, "data": wcb.revoke()}])
        return Reply(render(web_texts.CAL_STATUS, active="\n".join(lines)), rows)

    async def new_feed(self, who: Who, tavolo_id: int | None) -> Reply:
        """A new secret feed URL (of all the person's tavoli, or of one they take part in)."""
        async with self.db.session() as s:
            person = await who.person(s)
            policy.require(person, "calendar_feed")
            if self.settings.web_url is None:
                return Reply(web_texts.WEB_NOT_CONFIGURED)
            token, title = await calendar_feeds.issue(s, person, tavolo_id, now=self.clock.now())
        https = self._web(f"/calendario/{token}.ics")
        scope = render(web_texts.CAL_SCOPE_TAVOLO, title=title) if title else ""
        return Reply(render(web_texts.CAL_NEW, scope=scope, webcal=webcal_url(https), https=https))

    async def revoke_feeds(self, who: Who) -> Reply:
        async with self.db.session() as s:
            person = await who.person(s)
            policy.require(person, "calendar_feed")
            n = await calendar_feeds.revoke_all(s, person, now=self.clock.now())
        return Reply(plural(n, *web_texts.CAL_REVOKED) if n else web_texts.CAL_NOTHING_TO_REVOKE)


def webcal_url(https: str) -> str:
    """The subscription URL calendar apps open (webcal://) for an https feed URL."""
    return "webcal" + https[https.index(":"):]


def actor_label(entry) -> str:
    """«organizzatore #12» for a person, «riga di comando» / «sistema» for the command line and jobs."""
    if entry.actor_id is None and entry.actor in texts.AUDIT_ACTORS:
        return texts.AUDIT_ACTORS[entry.actor]
    return render(texts.AUDIT_ACTOR, actor=entry.actor or "-", id=entry.actor_id or "-")


def _filter_detail(filters: audit.Filters) -> dict:
    """The filters of an export, for its audit entry."""
    found = {"action": filters.action, "actor_id": filters.actor_id, "actor": filters.actor_label,
             "since": filters.since.isoformat() if filters.since else None,
             "until": filters.until.isoformat() if filters.until else None}
    return {k: v for k, v in found.items() if v not in (None, "")}
