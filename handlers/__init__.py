"""Handlers: Telegram updates in, one service call, the reply out (handlers/show.py).

ROUTES is the one table of what the bot answers: every command, button prefix, deep link and typed
text, with its handler and the group it runs in (handlers/routes.py turns each into a
python-telegram-bot handler). Around it, in this order:
- guards (group -10): record who wrote, keep reachability current, stop what must not be answered
  (channel posts, groups except /help and /privacy, forged button data);
- the routes: typed text goes first to the dialogue that waits for it (tavolo creation -4,
  announcement -3, the PO's /copertura -2, questionnaire answer -1: each answers only when its
  dialogue is open, from the update's arrival read) and otherwise, in group 0, is a catalogue question;
- fallbacks (last in group 0): unknown commands, media, edits, buttons nobody claims;
- errors: the one error handler.
"""
from __future__ import annotations

from telegram.ext import Application

from handlers import (
    announcements,
    catalogue,
    curation,
    delivery,
    errors,
    fallbacks,
    guards,
    meetings,
    people,
    proposals,
    questionnaires,
    start,
    web,
)
from handlers.routes import Button, Command, DeepLink, Route, Typed, Uploaded, register

ROUTES: list[Route] = [
    # typed text, in the order the dialogues look at it
    Typed(meetings.dialogue_text, group=-4),
    Typed(announcements.typed, group=-3),
    Typed(curation.typed, group=-2),
    Typed(questionnaires.on_text, group=-1),
    # documents: an agenda's or minutes' file while the organiser's dialogue asks for one
    Uploaded(meetings.document, group=-4),
    # links that open the bot with a payload
    DeepLink("i_", people.start_invitation),
    DeepLink("q_", questionnaires.on_deep_link),
    # commands, in the order of the menu
    Command("start", start.start),
    Command("help", start.help_, in_groups=True),
    Command("servizi", catalogue.servizi),
    Command("zone", catalogue.zone),
    Command("comune", catalogue.comune),
    Command("cerca", catalogue.cerca),
    Command("questionari", questionnaires.my_list),
    Command("tavoli", meetings.tavoli_command),
    Command("registrati", people.registrati),
    Command("privacy", people.privacy_notice, in_groups=True),
    Command("imiei_dati", people.imiei_dati),
    Command("cancellami", people.cancellami),
    Command("calendario", web.calendario),
    Command("email", people.email),
    Command("copertura", curation.copertura, menu="po"),
    Command("lancia", questionnaires.launch, menu="organisers"),
    Command("risultati", questionnaires.results, menu="organisers"),
    Command("nuovotavolo", meetings.new_command, menu="organisers"),
    Command("annuncio", announcements.annuncio, menu="organisers"),
    Command("consegne", announcements.consegne, menu="organisers"),
    Command("invita", people.invita, menu="organisers"),
    Command("proposte", proposals.proposte, menu="organisers"),
    Command("dettagli", curation.dettagli, menu="organisers"),
    Command("web", web.web, menu="organisers"),
    Command("audit", people.audit_view, menu="admins"),
    # buttons, by the prefix of their callback data (each feature's callbacks module builds and parses them)
    Button("cat", catalogue.button),
    Button("q", questionnaires.on_button),
    Button("m", meetings.on_button),
    Button("a", announcements.pressed),
    Button("p", people.on_button),
    Button("cv", curation.button),
    Button("pr", proposals.button),
    Button("w", web.on_button),
    # typed text nobody waits for: a catalogue question
    Typed(catalogue.question, group=0),
]

STARTUP = [catalogue, questionnaires, meetings, people, delivery]  # jobs and caches, after the database is up


def register_all(app: Application) -> None:
    guards.register(app, frozenset(r.name for r in ROUTES if isinstance(r, Command) and r.in_groups))
    catalogue.register_inline(app)
    register(app, ROUTES)
    people.register_after_update(app)
    fallbacks.register(app)
    errors.register(app)


async def startup_all(app: Application) -> None:
    for feature in STARTUP:
        await feature.startup(app)
