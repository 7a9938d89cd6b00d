"""Personal links (bot/people/links.py): only hashes stored, purpose-bound, expiry, single use, withdrawal."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.people import links
from bot.people.models import Person
from bot.people.web_models import PersonalLink


async def _person(db, now) -> int:
    async with db.session() as s:
        person = Person(name="Anna", role="po", created_at=now)
        s.add(person)
        await s.flush()
        return person.id


async def test_a_link_opens_its_purpose_only_until_it_expires(db, clock):
    now = clock.now()
    pid = await _person(db, now)
    async with db.session() as s:
        token = await links.issue(s, purpose="answer", person_id=pid, subject="campaign:7", now=now,
                                  expires_at=now + timedelta(days=3))
    async with db.session() as s:
        stored = (await s.scalars(select(PersonalLink.token_hash))).all()
        assert token not in stored and len(stored) == 1  # the token itself is nowhere in the database
        found = await links.find(s, "answer", token, now=now)
        assert found is not None and (found.person_id, found.subject) == (pid, "campaign:7")
        assert await links.find(s, "rsvp", token, now=now) is None  # another purpose
        assert await links.find(s, "answer", token, now=now + timedelta(days=3)) is None  # expired
        assert await links.find(s, "answer", token[:-1] + ("A" if token[-1] != "A" else "B"), now=now) is None
        for bad in ("", "x", "../../etc", "a" * 65, "é" * 30, None):
            assert await links.find(s, "answer", bad, now=now) is None
        assert await links.find(s, "answer", token, now=now) is not None  # find never spends


async def test_a_single_purpose_link_is_spent_once(db, clock):
    now = clock.now()
    pid = await _person(db, now)
    async with db.session() as s:
        token = await links.issue(s, purpose="rsvp", person_id=pid, subject="occurrence:3:yes", now=now,
                                  expires_at=now + timedelta(days=30))
    async with db.session() as s:
        assert (await links.spend(s, "rsvp", token, now=now)) is not None
    async with db.session() as s:
        assert await links.spend(s, "rsvp", token, now=now) is None
        assert await links.find(s, "rsvp", token, now=now) is None


async def test_withdrawn_links_open_nothing(db, clock):
    now = clock.now()
    pid = await _person(db, now)
    async with db.session() as s:
        token = await links.issue(s, purpose="confirm", person_id=pid, subject="a", now=now,
                                  expires_at=now + timedelta(days=1))
        assert await links.withdraw(s, pid, "confirm") == 1
    async with db.session() as s:
        assert await links.find(s, "confirm", token, now=now) is None
    assert links.url("https://z.example.it/", "/q/", "tok") == "https://z.example.it/q/tok"
    assert links.url(None, "/q/", "tok") is None
