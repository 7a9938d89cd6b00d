"""The privilege matrix, generated from the registered handlers: every command and every callback prefix,
pressed by every kind of person, in a private chat and in a group, against the expectation table below.

A command or a prefix registered in the application but missing from the table fails the test, so a
new button that bypasses the policy cannot go unnoticed. Forged data names objects the person may not
see (a tavolo of another zone, another organiser's draft, another office's service, someone else's
response) and ids out of range. "Allowed" means a screen other than a refusal was shown; in a group
nothing but /help and /privacy may show anything at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
)

from bot.announcements import drafts
from bot.catalogue.models import Comune
from bot.meetings import tavoli
from bot.meetings.models import Occurrence
from bot.meetings.tavoli import TavoloSpec
from bot.outbox.models import OutboxMessage
from bot.people import directory, membership, registration
from bot.people.models import Person
from bot.questionnaires import engine
from bot.texts import common, render
from bot.texts import delivery as delivery_texts
from bot.texts import meetings as meetings_texts
from bot.texts import people as people_texts
from bot.texts import questionnaires as questionnaire_texts
from bot.texts import web as web_texts
from tests import builders
from tests import meeting_helpers as h
from tests.conftest import ADMIN_ID
from tests.people_support import member, service_of
from tests.questionnaire_support import TINY, launch

ROLES = ("referente", "po", "organizzatore", "admin", "revoked", "ex_admin", "stranger")
TELEGRAM_IDS = {"referente": 7002, "po": 7003, "organizzatore": 7001, "admin": ADMIN_ID, "revoked": 7006,
                "ex_admin": 7007, "stranger": 7005}
ALL = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
ORG = frozenset({"organizzatore", "admin"})
ADMIN = frozenset({"admin"})
MEMBERS = frozenset({"referente", "po", "organizzatore", "admin"})
WEB_URL = "https://zobot.example.org"
GROUP_CHAT = -100777

REFUSALS = {common.NOT_ALLOWED, common.BUTTON_EXPIRED, common.PRIVATE_CHAT_ONLY, questionnaire_texts.NOT_INVITED,
            questionnaire_texts.UNKNOWN_QUESTIONNAIRE, questionnaire_texts.NOT_FOUND_CAMPAIGN,
            questionnaire_texts.STALE, delivery_texts.DRAFT_GONE, meetings_texts.NOT_FOUND,
            meetings_texts.OCC_NOT_FOUND, meetings_texts.STALE_STEP, meetings_texts.RSVP_NOT_PARTICIPANT,
            meetings_texts.PERSON_NOT_FOUND, meetings_texts.MINUTES_TOO_EARLY, meetings_texts.PRESENCE_TOO_EARLY,
            people_texts.ALREADY_DECIDED, *people_texts.INVITE_INVALID.values(),
            render(web_texts.WEB_NOT_ALLOWED, url=WEB_URL + "/"), web_texts.CAL_NOT_PARTICIPANT, web_texts.CAL_NOT_FOUND}

# ---------- the expectation table: who may do what (in a private chat) ----------
# Commands: name -> [(text, roles for whom it shows its screen)]. {x} are filled from the world.
COMMANDS = {
    "start": [("/start", ALL), ("/start q_{campaign}", {"referente"}), ("/start q_999999999999", NOBODY),
              ("/start q_{campaign_other}", NOBODY), ("/start i_" + "A" * 32, NOBODY)],
    "help": [("/help", ALL)],
    "privacy": [("/privacy", ALL)],
    "registrati": [("/registrati", ALL)],
    "imiei_dati": [("/imiei_dati", ALL)],
    "cancellami": [("/cancellami", ALL)],
    "copertura": [("/copertura", {"po", "admin"}), ("/copertura {service_other_code}; Rho; attivato", {"admin"})],
    "invita": [("/invita", ORG), ("/invita organizzatore; Capo", ADMIN)],
    "audit": [("/audit", ADMIN)],
    "questionari": [("/questionari", ALL)],
    "lancia": [("/lancia", ORG)],
    "risultati": [("/risultati", ORG)],
    "tavoli": [("/tavoli", ALL)],
    "nuovotavolo": [("/nuovotavolo", ORG)],
    "annuncio": [("/annuncio", ORG)],
    "consegne": [("/consegne", ORG)],
    "servizi": [("/servizi", ALL)],
    "zone": [("/zone", ALL)],
    "comune": [("/comune Rho", ALL)],
    "cerca": [("/cerca rifiuti", ALL)],
    "web": [("/web", ORG)],
    "proposte": [("/proposte", ORG)],
    "dettagli": [("/dettagli", ORG)],
    "calendario": [("/calendario", MEMBERS)],
    "email": [("/email", MEMBERS), ("/email maria@comune.example.it", MEMBERS)],
}
# Callback prefixes ("*" = the catch-all for anything else): [(data, roles)], pressed in this order.
CALLBACKS = {
    "cat": [("cat:z", ALL), ("cat:zl", ALL), ("cat:s:{service_sua}:0:0", ALL), ("cat:s:9999999999:0:0", NOBODY)],
    "q": [("{response_step}", {"referente"}),  # the referent's own question, before anything moves it on
          ("q:{response}:0:a:0", NOBODY), ("q:4294967296:0:a:0", NOBODY), ("q:list", ALL),
          ("q:go:{campaign}", {"referente"}), ("q:go:{campaign_other}", NOBODY), ("q:go:99999999999", NOBODY),
          ("q:no:{campaign}", {"referente", "revoked"}),  # one's own invitation: no more reminders
          ("q:L", ORG), ("q:S:{campaign}", ORG), ("q:R:{campaign}", ORG),
          ("q:R:{campaign}:z99999999999", NOBODY),
          ("q:web:{campaign}", {"referente"}), ("q:web:{campaign_other}", NOBODY), ("q:web:99999999999", NOBODY),
          ("q:go:{campaign}:1", {"referente"}), ("q:tk:{campaign}:1", NOBODY), ("q:tk:{campaign_other}:1", NOBODY),
          ("q:P:tiny", ORG), ("q:P:nessuno", NOBODY), ("q:A:0", ORG), ("q:A:1:prova", ORG),
          ("q:F:{campaign}:p", ORG), ("q:F:{campaign_other}:p", ORG), ("q:F:{campaign}:r", ORG),
          ("q:F:{campaign}:e", ORG), ("q:F:{campaign}:c", ORG), ("q:F:{campaign}:d", ORG),
          ("q:F:{campaign}:rs:abc", ORG), ("q:F:2147483648:p", NOBODY), ("q:F:{campaign}:zz", NOBODY)],
    "m": [("m:list", ALL), ("m:t:{open}", ALL), ("m:cal:{open}", ALL),
          ("m:t:{hidden}", ORG), ("m:cal:{hidden}", ORG), ("m:s:{hidden}", ORG), ("m:r:{hidden_occ}:y", ORG),
          ("m:u:{hidden}", ORG), ("m:t:abc", NOBODY), ("m:t:-1", NOBODY), ("m:t:2147483648", NOBODY),
          ("m:o:{hidden}", ORG), ("m:oc:{hidden_occ}", ORG), ("m:p:{hidden_occ}", ORG),
          ("m:csv:{hidden_occ}", ORG), ("m:rep:{hidden_occ}", ORG), ("m:aud:{hidden}", ORG),
          ("m:ad:{hidden}:r:0", ORG), ("m:ad:{hidden}:z:99999999999", NOBODY), ("m:new", ORG), ("m:d:x", ORG),
          ("m:x:{hidden_occ}", ORG), ("m:mv:{hidden_occ}", ORG), ("m:d:x", ORG), ("m:xy:{hidden_occ}", ORG),
          # issue 13: past meetings, edits, skips, people, agenda, minutes, presence, archive (last: it ends the tavolo)
          ("m:op:{hidden}", ORG), ("m:e:{hidden}", ORG), ("m:ef:{hidden}:title", ORG), ("m:d:x", ORG),
          ("m:ef:{hidden}:colour", NOBODY), ("m:sk:{hidden}:aug", ORG), ("m:sk:{hidden}:xyz", NOBODY),
          ("m:pp:{hidden}", ORG), ("m:pa:{hidden}", ORG), ("m:d:x", ORG), ("m:pad:{hidden}:{someone_else}", NOBODY),
          ("m:prm:{hidden}:{someone_else}", ORG), ("m:ag:{hidden_occ2}", ORG), ("m:mn:{hidden_occ2}", ORG),
          ("m:ags:{hidden_occ2}", ORG), ("m:d:x", ORG), ("m:mns:{hidden_occ2}", NOBODY), ("m:pz:{hidden_occ2}:0", ORG),
          ("m:pt:{hidden_occ2}:{someone_else}:0", NOBODY), ("m:pz:{hidden_occ2}:2147483648", NOBODY),
          ("m:ar:{hidden}", ORG), ("m:ary:{hidden}", ORG), ("m:ary:{hidden}", NOBODY)],
    "a": [("a:l", ORG), ("a:r:{round}", ORG), ("a:rs:{round}", ORG), ("a:ry:{round}", ORG),
          ("a:k:{draft}:all_po", {"organizzatore"}), ("a:add:{draft}", {"organizzatore"}),
          ("a:k:{draft}:comuni_referents", {"organizzatore"}), ("a:z:{draft}:{zone}", {"organizzatore"}),
          ("a:add:99999999999", NOBODY),
          ("a:t:{draft}:abc", NOBODY), ("a:z:99999999999:1", NOBODY), ("a:ok:{draft}", NOBODY),
          ("a:no:{draft}", ORG)],
    "cv": [("cv:l", {"po", "admin"}), ("cv:h:{service_sua}", {"po", "admin"}), ("cv:h:{service_other}", ADMIN),
           ("cv:h:2147483647", NOBODY), ("cv:s:{service_sua}", {"po", "admin"}), ("cv:s:{service_other}", ADMIN),
           ("cv:t:9", NOBODY), ("cv:ok", NOBODY)],
    "pr": [("pr:m", ORG), ("pr:v:{campaign}:0", ORG), ("pr:p:{campaign}", ORG), ("pr:v:2147483647:0", NOBODY),
           ("pr:a:{campaign}:2147483647:0", NOBODY)],
    "p": [("p:cs:{service_sua}", NOBODY), ("p:cs:2147483648", NOBODY),
          ("p:au:0", ADMIN), ("p:ax", ADMIN), ("p:ap:{request_a}", ORG), ("p:rf:{request_b}", ORG),
          ("p:ap:99999999999", NOBODY), ("p:er:{someone_else}", NOBODY), ("p:en", ALL),
          ("p:ch:1", MEMBERS), ("p:ch:0", MEMBERS), ("p:ch:7", NOBODY), ("p:ch:-1", NOBODY)],
    "w": [("w:ca", MEMBERS), ("w:ct:{open}", NOBODY), ("w:ct:{hidden}", NOBODY), ("w:ct:2147483648", NOBODY),
          ("w:cx", MEMBERS)],
    "*": [("zz:1", NOBODY), ("", NOBODY)],
}
PUBLIC_IN_GROUPS = {"help", "privacy"}


def _registered(app) -> tuple[set[str], set[str]]:
    """Every command and every callback prefix the application has, and no handler of an unknown kind."""
    commands, prefixes = set(), set()
    for handlers in app.handlers.values():
        for handler in handlers:
            if isinstance(handler, CommandHandler):
                commands |= set(handler.commands)
            elif isinstance(handler, CallbackQueryHandler):
                pattern = getattr(handler.pattern, "pattern", handler.pattern)
                match = re.fullmatch(r"\^([a-z]+):", pattern or "")
                assert pattern is None or match, f"callback pattern not of the form ^prefix: {pattern!r}"
                prefixes.add(match[1] if match else "*")
            else:  # typed text, inline queries, the guards: no command and no button of their own
                assert isinstance(handler, (MessageHandler, InlineQueryHandler, TypeHandler, ChatMemberHandler)), handler
    return commands, prefixes


@dataclass
class Outcome:
    calls: list

    @property
    def shown(self) -> list:
        """What the person got to see other than a refusal (texts, edits, files, toasts)."""
        out = []
        for c in self.calls:
            text = re.sub(r"<[^>]+>", "", c.text)
            if c.method == "answerCallbackQuery" and not c.params.get("text"):
                continue
            if text in REFUSALS or c.text in REFUSALS:
                continue
            out.append(c)
        return out


async def _world(chat, clock) -> dict:
    """The people of every role and the objects the table names, made through the domain."""
    db, now = chat.services.db, clock.now()
    ids = {
        "organizzatore": await member(db, clock, TELEGRAM_IDS["organizzatore"], "organizzatore", name="Olga"),
        "referente": await member(db, clock, TELEGRAM_IDS["referente"], "referente", comuni=("Rho",), name="Remo"),
        "po": await member(db, clock, TELEGRAM_IDS["po"], "po", office_code="sua", name="Paola"),
        "stranger": await member(db, clock, TELEGRAM_IDS["stranger"], None, name="Sara"),
        "revoked": await member(db, clock, TELEGRAM_IDS["revoked"], "referente", comuni=("Pero",), name="Rita"),
    }
    w: dict = {}
    campaign = await launch(db, TINY, [], now, kind="all_referents", key="matrix")  # Remo and Rita invited
    w["campaign_other"] = await launch(db, TINY, [], now, key="matrix-none")  # nobody is invited
    async with db.session() as s:
        # an admin removed from ZOBOT_ADMINS while the bot was stopped (demoted at start-up, or at their message)
        ex = await directory.touch(s, telegram_user_id=TELEGRAM_IDS["ex_admin"], chat_id=TELEGRAM_IDS["ex_admin"],
                                   name="Ex", username=None, now=now, admins=frozenset({TELEGRAM_IDS["ex_admin"]}))
        assert ex.role == "admin"
        referent, organiser = await s.get(Person, ids["referente"]), await s.get(Person, ids["organizzatore"])
        opened = await engine.open_campaign(s, referent, campaign, now=now, tz=chat.services.settings.timezone)
        w["response_step"] = opened.rows[0][0]["data"]
        w["response"] = int(w["response_step"].split(":")[1])
        await membership.revoke(s, await s.get(Person, ids["revoked"]), actor="test", now=now)
        w["draft"] = (await drafts.start(s, organiser, now=now)).id
        hidden_zone = await h.zone(s, "sud-est", "Sud Est")
        rho_zone = await s.scalar(select(Comune.zone_id).where(Comune.name == "Rho"))
        assert hidden_zone.id != rho_zone
        nobody_theme = await h.theme(s, "zz-matrix", "Tema di nessuno")
        hidden, _ = await tavoli.save(s, TavoloSpec(slug="nascosto", title="Tavolo Sud Est", theme_id=nobody_theme.id,
                                                    zone_ids=[hidden_zone.id], place="Sala riservata",
                                                    video_link="https://meet.example.org/segreto",
                                                    rrule="FREQ=MONTHLY;BYDAY=1TU", dtstart_local="2027-01-05T10:00"),
                                      now=now)
        opened_tavolo, _ = await tavoli.save(s, TavoloSpec(slug="aperto", title="Tavolo per tutti", all_zones=True,
                                                           dates_local=["2027-01-12T10:00"]), now=now)
        w["hidden"], w["open"], w["zone"] = hidden.id, opened_tavolo.id, hidden_zone.id
        w["hidden_occ"] = await s.scalar(select(func.min(Occurrence.id)).where(Occurrence.tavolo_id == hidden.id))
        w["hidden_occ2"] = await s.scalar(select(func.max(Occurrence.id)).where(Occurrence.tavolo_id == hidden.id))
        for n, who in enumerate((6401, 6402)):
            newcomer = await directory.touch(s, telegram_user_id=who, chat_id=who, name=f"Nuovo {n}", username=None,
                                             now=now)
            w[f"request_{'ab'[n]}"] = (await registration.ask(s, newcomer, "referente Rho", now=now)).id
            w["someone_else"] = newcomer.id  # a person none of the roles is
        w["round"] = await s.scalar(select(func.min(OutboxMessage.id)))
    w["campaign"] = campaign
    w["service_sua"] = (await service_of(db, "sua")).id
    other = await service_of(db, "ambiente")
    w["service_other"], w["service_other_code"] = other.id, other.code
    w["ids"] = ids
    return w


def _fill(template: str, world: dict) -> str:
    return template.format(**{k: v for k, v in world.items() if not isinstance(v, dict)})


def _in_group(payload: dict) -> dict:
    if "callback_query" in payload:
        payload["callback_query"]["message"]["chat"] = {"id": GROUP_CHAT, "type": "supergroup", "title": "Gruppo"}
    return payload


@pytest.fixture
def settings(settings):
    """The web pages configured, so /web and /calendario run their real path."""
    return replace(settings, web_url=WEB_URL)


@pytest.mark.parametrize("role", ROLES)
async def test_privilege_matrix(chat, clock, role):
    commands, prefixes = _registered(chat.app)
    assert commands == set(COMMANDS), f"commands without an expectation: {commands ^ set(COMMANDS)}"
    assert prefixes == set(CALLBACKS), f"callback prefixes without an expectation: {prefixes ^ set(CALLBACKS)}"
    world = await _world(chat, clock)
    if role == "ex_admin":
        assert chat.services.settings.admins == frozenset({ADMIN_ID})
    who = TELEGRAM_IDS[role]
    wrong = []
    for prefix, entries in CALLBACKS.items():
        for template, allowed in entries:
            data = _fill(template, world)
            outcome = Outcome(await chat.press(data, user_id=who))
            if bool(outcome.shown) != (role in allowed):
                wrong.append((data, "allowed" if outcome.shown else "refused", [c.text[:60] for c in outcome.shown]))
    for name, entries in COMMANDS.items():
        for template, allowed in entries:
            text = _fill(template, world)
            outcome = Outcome(await chat.say(text, user_id=who))
            if bool(outcome.shown) != (role in allowed):
                wrong.append((text, "allowed" if outcome.shown else "refused", [c.text[:60] for c in outcome.shown]))
    assert wrong == [], f"{role}: {wrong}"


@pytest.mark.parametrize("role", ROLES)
async def test_in_a_group_only_help_and_privacy_answer_and_no_button_shows_a_screen(chat, clock, role):
    """Every callback prefix and every command, in a supergroup: no personal or organiser screen."""
    world = await _world(chat, clock)
    who = TELEGRAM_IDS[role]
    for entries in CALLBACKS.values():
        for template, _ in entries:
            before = len(chat.telegram.calls)
            await chat.feed(_in_group(builders.callback(_fill(template, world), user_id=who)))
            calls = chat.telegram.calls[before:]
            assert [(c.method, c.params.get("text"), c.params.get("show_alert")) for c in calls] == \
                [("answerCallbackQuery", common.PRIVATE_CHAT_ONLY, True)], template
    for name, entries in COMMANDS.items():
        for template, _ in entries:
            calls = await chat.say(_fill(template, world), user_id=who, chat_id=GROUP_CHAT, chat_type="supergroup")
            if name in PUBLIC_IN_GROUPS:
                assert [c.method for c in calls] == ["sendMessage"] and calls[0].params["chat_id"] == GROUP_CHAT
            else:
                assert calls == [], template
    help_ = (await chat.say("/help", user_id=who, chat_id=GROUP_CHAT, chat_type="group"))[-1]
    assert help_.buttons() == [("💬 Scrivimi in privato", "https://t.me/zobot_test_bot?start=help")]
    assert "/tavoli" not in help_.text and all(not b.get("callback_data") for row in help_.keyboard for b in row)


# ---------- the organisers' web pages (issue 16): every /gestione route, by every role ----------
# (method, path, roles shown the page); "shown" is a 200 that names the object, anything else a 401/403/404
# that names nothing. Each role's person has a session of their own, as if they had logged in with an
# organiser's role and lost it since (only organisers and admins can log in at all: test_web_login.py).
WEB_PAGES = [
    ("GET", "/gestione", ORG),
    ("GET", "/gestione/questionari", ORG),
    ("GET", "/gestione/questionari/{campaign}", ORG),
    ("GET", "/gestione/questionari/{campaign}/esporta.csv", ORG),
    ("GET", "/gestione/questionari/{campaign}/esporta.xlsx", ORG),
    ("POST", "/gestione/questionari/{campaign}/sollecita", ORG),
    ("GET", "/gestione/tavoli", ORG),
    ("GET", "/gestione/tavoli/{hidden}", ORG),
    ("GET", "/gestione/incontri/{hidden_occ}", ORG),
    ("GET", "/gestione/incontri/{hidden_occ}/presenze.csv", ORG),
    ("GET", "/gestione/annunci", ORG),
    ("GET", "/gestione/annunci/{round}", ORG),
    ("GET", "/gestione/registro", ADMIN),
    ("GET", "/gestione/registro.csv", ADMIN),
]


def test_every_dashboard_route_has_an_expectation():
    from web.app import ROUTES

    routes = {(m, r.path) for r in ROUTES if r.path.startswith("/gestione") for m in r.methods - {"HEAD"}}
    expected = {(m, re.sub(r"\{\w+\}", "{id:int}", p).replace("esporta.csv", "esporta.{fmt:str}")
                 .replace("esporta.xlsx", "esporta.{fmt:str}")) for m, p, _ in WEB_PAGES}
    assert routes == expected


async def _web_session(db, person_id: int, now) -> str:
    from bot.people.web_login import digest, new_token
    from bot.people.web_models import WebSession

    secret = new_token()
    async with db.session() as s:
        s.add(WebSession(token_hash=digest(secret), person_id=person_id, created_at=now, last_seen_at=now,
                         expires_at=now + timedelta(hours=1)))
    return secret


@pytest.mark.parametrize("role", ROLES)
async def test_web_privilege_matrix(chat, clock, role):
    from tests.web_support import client_for

    world = await _world(chat, clock)
    db = chat.services.db
    if role == "admin":
        await chat.say("/start", user_id=ADMIN_ID)  # the admin is known once they write
    async with db.read() as s:
        person_id = await s.scalar(select(Person.id).where(Person.telegram_user_id == TELEGRAM_IDS[role]))
    wrong = []
    async with client_for(chat) as web:
        home = await web.get("/gestione")
        assert home.status_code == 401
        web.cookies.set("zobot_sessione", await _web_session(db, person_id, clock.now()))
        home = await web.get("/gestione")
        csrf = re.search(r'name="csrf" value="([^"]*)"', home.text)
        for method, template, allowed in WEB_PAGES:
            path = template.format(**{k: v for k, v in world.items() if not isinstance(v, dict)})
            if method == "POST":
                answer = await web.post(path, data={"csrf": csrf[1] if csrf else "", "nonce": "1"})
            else:
                answer = await web.get(path)
            shown = answer.status_code == 200
            if shown != (role in allowed) or (not shown and answer.status_code not in (401, 403)):
                wrong.append((method, path, answer.status_code))
            if not shown:
                assert "Prova" not in answer.text and "Tavolo Sud Est" not in answer.text, path
    assert wrong == [], f"{role}: {wrong}"


@pytest.mark.parametrize("role", ROLES)
async def test_web_questionnaire_page_opens_only_for_an_invited_person_still_in_the_audience(chat, clock, role):
    """/q/<token>: a personal answer link of each role's person for the referents' campaign (made directly,
    as the service issues them only to those allowed): only the invited referent sees a question; a verb of
    another campaign posted with a valid link opens nothing of it."""
    from bot.people import links
    from tests.web_support import client_for

    world = await _world(chat, clock)
    db, now = chat.services.db, clock.now()
    async with db.session() as s:
        person_id = world["ids"].get(role) or (await directory.touch(
            s, telegram_user_id=TELEGRAM_IDS[role], chat_id=TELEGRAM_IDS[role], name=role, username=None, now=now,
            admins=chat.services.settings.admins)).id
        token = await links.issue(s, purpose="answer", person_id=person_id, subject=f"campaign:{world['campaign']}",
                                  now=now, expires_at=now + timedelta(days=30))
    async with client_for(chat) as web:
        page = await web.get(f"/q/{token}")
        assert (page.status_code == 200) == (role == "referente"), (role, page.status_code)
        assert ("Eroghi servizi?" in page.text) == (role == "referente")
        forged = await web.post(f"/q/{token}", data={"data": f"q:go:{world['campaign_other']}"})
        assert "Eroghi servizi?" not in forged.text or role == "referente"
        assert forged.status_code == (200 if role == "referente" else 404)
