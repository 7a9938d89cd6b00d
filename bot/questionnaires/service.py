"""Use cases of the questionnaires, one transaction each; handlers and the CLI call only these.

Every function commits before it returns the view, so what the person sees is always saved.
"""
from __future__ import annotations

import logging

from bot.people import directory, policy
from bot.questionnaires import campaigns, engine, launcher, report
from bot.questionnaires.views import View

logger = logging.getLogger(__name__)


def _tz(services):
    settings = services.settings
    return settings.timezone if settings is not None else engine.ROME


async def open_campaign(services, user_id: int, campaign_id: int | None, update_id: int | None = None) -> View:
    """`q:go:<id>` or `/start q_<id>`; an id out of range (None) names no campaign and reads nothing."""
    if policy.valid_id(campaign_id) is None:
        return View(engine.T.NOT_INVITED)
    async with services.db.session() as s:
        person = await directory.by_telegram_id(s, user_id)
        if person is None:
            return View(engine.T.NOT_INVITED)
        return await engine.open_campaign(s, person, campaign_id, now=services.now, update_id=update_id,
                                          tz=_tz(services))


async def press(services, user_id: int, data: str, update_id: int | None) -> View:
    """A button of the feature (`q:` prefix): list, start, stop, answering, launching, results (NotAllowed)."""
    parts = data.split(":")
    if data == "q:list":
        return await my_list(services, user_id)
    if not policy.plausible_data(data):  # every number an id in range, before anything reads it
        return View(toast=engine.T.STALE)
    campaign_id = policy.valid_id(parts[2]) if len(parts) == 3 else None
    if parts[1:2] == ["go"] and campaign_id is not None:
        return await open_campaign(services, user_id, campaign_id, update_id)
    async with services.db.session() as s:
        person = await directory.by_telegram_id(s, user_id)
        if person is None:
            return View(toast=engine.T.STALE)
        if parts[1:2] == ["no"] and campaign_id is not None:
            return await engine.opt_out(s, person, campaign_id, now=services.now)
        if len(parts) >= 2 and parts[1] in ("L", "S"):
            return await _organiser(s, person, "launch_questionnaire", launcher.press, data, services)
        if len(parts) >= 2 and parts[1] == "R":
            return await _organiser(s, person, "see_results", report.press, data, services)
        return await engine.press(s, person, data, now=services.now, update_id=update_id, tz=_tz(services))


async def _organiser(session, person, action: str, handler, data: str, services) -> View:
    policy.require(person, action)  # NotAllowed: the handler answers politely, the refusal is audited
    return await handler(session, person, data, now=services.now, tz=_tz(services))


async def typed(services, user_id: int, text: str, update_id: int | None) -> View | None:
    """A typed answer, or None if the person is not at a step that waits for typing.

    Called only when the update's arrival (bot/arrival.py) saw an answer in progress, so most texts
    (catalogue questions) never take the write lock here."""
    now = services.now
    async with services.db.session() as s:
        person = await directory.by_telegram_id(s, user_id)
        if person is None:
            return None
        return await engine.typed(s, person, text, now=now, update_id=update_id, tz=_tz(services))


async def my_list(services, user_id: int) -> View:
    async with services.db.session() as s:
        person = await directory.by_telegram_id(s, user_id)
        if person is None:
            return View(engine.T.LIST_EMPTY)
        return await campaigns.my_list(s, person, services.now, tz=_tz(services))


async def launch_menu(services, user_id: int) -> View:
    """/lancia: the organiser picks a questionnaire (NotAllowed for anyone else)."""
    async with services.db.session() as s:
        person = await directory.by_telegram_id(s, user_id)
        policy.require(person, "launch_questionnaire")
        return await launcher.menu(s)


async def results_menu(services, user_id: int) -> View:
    """/risultati: the organiser picks a campaign (NotAllowed for anyone else)."""
    async with services.db.session() as s:
        person = await directory.by_telegram_id(s, user_id)
        policy.require(person, "see_results")
        return await report.menu(s, tz=_tz(services))


async def remind(services) -> int:
    """The reminder tick: fan out what is due now (the outbox sends it); forget what anonymous campaigns
    that closed left unsent."""
    async with services.db.session() as s:
        queued = await campaigns.send_due_reminders(s, services.now, tz=_tz(services))
        discarded = await campaigns.discard_unfinished(s, services.now)
    if queued:
        logger.info("queued %s questionnaire reminders", queued)
    if discarded:
        logger.info("deleted %s unsent responses of closed anonymous questionnaires", discarded)
    return queued
