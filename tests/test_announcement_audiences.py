"""Audiences as rules (issue 13 item 1) in /annuncio, through the production application: «Tutte le
persone registrate» means people with a role, comuni typed by name, unions of groups, and a rule applied
when the organiser confirms (who joined since is in, who was revoked is out, what was queued for a revoked
person is not sent)."""
from __future__ import annotations

from sqlalchemy import select

from bot.outbox.models import OutboxMessage
from bot.people import audience as audiences
from bot.people import membership
from bot.people.audience import Audience
from bot.people.models import Person
from tests.conftest import ADMIN_ID
from tests.people_support import OTHER_PO_ID, PO_ID, REFERENT_ID, STRANGER_ID, cast, member

ORGANISER_ID, REVOKED_ID = 5001, 5006


async def _recipients(db) -> list[int]:
    async with db.session() as s:
        return sorted((await s.scalars(select(OutboxMessage.chat_id))).all())


async def _send(chat) -> None:
    await chat.say("Avviso", user_id=ADMIN_ID)
    assert (await chat.press("a:ok:1", user_id=ADMIN_ID))[-1].text.startswith("✅ Annuncio in coda")


async def test_everyone_means_people_with_a_role(chat, db, clock):
    await cast(db, clock)  # an organiser, a referent, two PO; a stranger and a revoked referent have no role
    await chat.say("/annuncio", user_id=ADMIN_ID)
    calls = await chat.press("a:k:1:everyone", user_id=ADMIN_ID)
    assert "(5 persone)" in calls[-1].text  # the four members and the admin
    await _send(chat)
    assert await _recipients(db) == sorted([ORGANISER_ID, REFERENT_ID, PO_ID, OTHER_PO_ID, ADMIN_ID])
    assert STRANGER_ID not in await _recipients(db) and REVOKED_ID not in await _recipients(db)


async def test_referents_of_comuni_typed_by_name(chat, db, clock):
    await cast(db, clock)
    await member(db, clock, 6701, "referente", comuni=("Pero",), name="Piero Pero")
    await member(db, clock, 6702, "referente", comuni=("Arese",), name="Aldo Arese")
    await chat.say("/annuncio", user_id=ADMIN_ID)
    calls = await chat.press("a:k:1:comuni_referents", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("Referenti di quali comuni?")
    calls = await chat.say("Rho, Atlantide", user_id=ADMIN_ID)
    assert [c.text for c in calls] == ["Non trovo il comune «Atlantide». Scrivi il nome per intero, per esempio "
                                       "<i>Cernusco sul Naviglio</i>."]  # nothing chosen: the step still waits
    calls = await chat.say("rho; PERO", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("Destinatari: <b>Referenti di Pero, Rho</b> (2 persone).")
    await _send(chat)
    assert await _recipients(db) == [REFERENT_ID, 6701]


async def test_a_union_of_groups_and_the_rule_applied_at_confirmation(chat, db, clock):
    ids = await cast(db, clock)
    await chat.say("/annuncio", user_id=ADMIN_ID)
    await chat.press("a:k:1:all_po", user_id=ADMIN_ID)
    calls = await chat.press("a:add:1", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("Destinatari finora: <b>Tutte le posizioni organizzative</b>.")
    await chat.press("a:k:1:comuni_referents", user_id=ADMIN_ID)
    calls = await chat.say("Rho", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("Destinatari: <b>Tutte le posizioni organizzative + Referenti di Rho</b> "
                                     "(3 persone).")
    await member(db, clock, 6703, "referente", comuni=("Rho",), name="Nuova Rho")  # joins before the confirmation
    async with db.session() as s:  # a PO revoked before it
        await membership.revoke(s, await s.get(Person, ids["other_po"]), actor="test", now=clock.now())
    calls = await chat.say("Avviso", user_id=ADMIN_ID)
    assert calls[0].text.startswith("👀 <b>Anteprima</b> — andrà a <b>3 persone</b>")  # the rule, as it is now
    await chat.press("a:ok:1", user_id=ADMIN_ID)
    assert await _recipients(db) == [REFERENT_ID, PO_ID, 6703]


async def test_a_revoked_person_leaves_every_audience_and_their_queue_at_once(chat, db, clock):
    ids = await cast(db, clock)
    await chat.say("/annuncio", user_id=ADMIN_ID)
    await chat.press("a:k:1:all_referents", user_id=ADMIN_ID)
    await _send(chat)
    async with db.session() as s:
        referent = await s.get(Person, ids["referent"])
        rules = [Audience("all_referents"), Audience("comuni_referents", comune_codes=("015182",)),
                 Audience("people", person_ids=(referent.id,)), Audience("everyone")]
        assert [await audiences.includes(s, rule, referent.id) for rule in rules] == [True] * 4
        await membership.revoke(s, referent, actor="test", now=clock.now())
    async with db.session() as s:
        assert [await audiences.includes(s, rule, ids["referent"]) for rule in rules] == [False] * 4
        status = await s.scalar(select(OutboxMessage.status).where(OutboxMessage.chat_id == REFERENT_ID))
    assert status == "expired"
    await chat.services.outbox.tick()
    assert REFERENT_ID not in [c.params["chat_id"] for c in chat.telegram.of("sendMessage")]


def test_rules_round_trip_through_json_and_unions_flatten():
    zone, po = Audience("zone_referents", zone_code="nord-ovest"), Audience("all_po")
    comuni = Audience("comuni_referents", comune_codes=("015182", "015170"))
    union = Audience.union(Audience.union(zone, po), comuni, po)
    assert union.kind == "union" and union.parts == (zone, po, comuni)
    assert audiences.from_json(audiences.to_json(union)) == union
    assert audiences.to_json(comuni) == {"kind": "comuni_referents", "comune_codes": ["015182", "015170"]}
    assert Audience.union(po) == po
    assert audiences.from_json({"kind": "people", "person_ids": [3, 4], "zone_code": None}) == \
        Audience("people", person_ids=(3, 4))  # what campaigns stored before rules had more kinds
