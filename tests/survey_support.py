"""Helpers for the survey-to-catalogue tests: PO answering the follow-up in the chat, buttons by label."""
from __future__ import annotations

from sqlalchemy import select

from bot.questionnaires.models import CoverageProposal
from tests.people_support import member

MOBILITY_PO_ID = 5011


def button(calls, label: str) -> str:
    """Data of the button with this label in the latest message that has it."""
    for call in reversed(calls):
        for text, data in call.buttons():
            if text == label:
                return data
    raise AssertionError(f"no button {label!r}; last: {calls[-1].buttons() if calls else None}")


async def tap(chat, label: str, user_id: int):
    return await chat.press(button(chat.telegram.messages, label), user_id=user_id)


def last_text(chat) -> str:
    return chat.telegram.messages[-1].text


async def launch_followup(chat, organiser_id: int) -> None:
    """The organiser launches followup_po_zone to every PO, by buttons, as in the chat."""
    await chat.say("/lancia", user_id=organiser_id)
    await tap(chat, "Approfondimento: i servizi per Zona Omogenea", organiser_id)
    await tap(chat, "Tutti i PO", organiser_id)
    await tap(chat, "14 giorni", organiser_id)
    await tap(chat, "🚀 Lancia", organiser_id)


async def answer_followup(chat, user_id: int, *, eroga: str, services: list[tuple[str, str]] = (),
                          ambito: str | None = None, zones: list[str] = (), comuni: list[str] = (),
                          forma: str | None = None) -> None:
    """One PO answers the follow-up in the chat. `services`: (typed text, button to tap or "" if taken at once)."""
    await chat.say("/questionari", user_id=user_id)
    await tap(chat, "▶️ Rispondi: Approfondimento: i servizi per Zona Omogenea", user_id)
    await tap(chat, eroga, user_id)
    if eroga != "No":
        for typed, pick in services:
            await chat.say(typed, user_id=user_id)
            if pick:
                await tap(chat, pick, user_id)
        await tap(chat, "Conferma ✅", user_id)
        await tap(chat, ambito, user_id)
        if zones:
            for zone in zones:
                await tap(chat, zone, user_id)
            await tap(chat, "Conferma ✅", user_id)
        if comuni:
            for comune in comuni:
                await chat.say(comune, user_id=user_id)
            await tap(chat, "Conferma ✅", user_id)
        await tap(chat, forma, user_id)
        if eroga == "Sì, li eroghiamo già":
            await chat.say("4", user_id=user_id)
    await tap(chat, "Personale insufficiente", user_id)
    await tap(chat, "Conferma ✅", user_id)
    await chat.say("Tavoli per zona", user_id=user_id)
    await tap(chat, "Sì", user_id)
    await tap(chat, "4", user_id)
    assert "Riepilogo delle tue risposte" in last_text(chat), last_text(chat)
    await tap(chat, "Invia ✅", user_id)
    assert last_text(chat).startswith("✅ Grazie!"), last_text(chat)


async def proposals(db) -> list[CoverageProposal]:
    async with db.session() as s:
        return list(await s.scalars(select(CoverageProposal).order_by(CoverageProposal.id)))


async def mobility_po(db, clock) -> int:
    return await member(db, clock, MOBILITY_PO_ID, "po", office_code="mobilita", name="Mara Mobile")
