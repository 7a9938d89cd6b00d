"""Handlers: Telegram updates in, domain calls, messages and keyboards out.

Order matters. Each feature module has `register(app)`, optionally `startup(app)` (run in
post_init, after the database is ready) and `COMMANDS` (name, Italian description) for the menu.
- guards (group -10): record who wrote, keep my_chat_member current, ignore what the bot must not answer;
- people before the others, so /start with an invitation token is seen before the plain welcome;
- questionnaires before catalogue: while a person is answering, their typed text is an answer;
- meetings and admin: organiser dialogues that also take typed text while active;
- web: /web (login link) and /calendario (calendar feeds), commands only;
- catalogue last: any other free text is a catalogue question;
- fallbacks (last in group 0): unknown commands, stickers and other media;
- errors: the one error handler.
"""
from __future__ import annotations

from telegram.ext import Application

from handlers import admin, catalogue, delivery, errors, fallbacks, guards, meetings, people, questionnaires, start, web

FEATURES = [guards, start, people, questionnaires, meetings, admin, delivery, web, catalogue, fallbacks, errors]


def register_all(app: Application) -> None:
    for feature in FEATURES:
        feature.register(app)


async def startup_all(app: Application) -> None:
    for feature in FEATURES:
        startup = getattr(feature, "startup", None)
        if startup is not None:
            await startup(app)


def commands() -> list[tuple[str, str]]:
    """The command menu registered with Telegram at start-up, in feature order."""
    return [c for feature in FEATURES for c in getattr(feature, "COMMANDS", [])]
