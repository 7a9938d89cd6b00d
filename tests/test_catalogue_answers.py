"""Answers without Telegram: pagination of a zone's services, HTML escaping, plain text for the terminal."""
from __future__ import annotations

from sqlalchemy import delete, select

from bot.catalogue import callbacks as cb
from bot.catalogue.answers import Answer
from bot.catalogue.models import Coverage, Service, Zone
from bot.catalogue.service import CatalogueService
from bot.texts import Markup


async def test_zone_services_are_paged_by_eight(db):
    async with db.session() as s:
        zone = await s.scalar(select(Zone).where(Zone.code == "sud-est"))
        covered = set(await s.scalars(select(Coverage.service_id).where(Coverage.zone_id == zone.id)))
        for service in await s.scalars(select(Service).order_by(Service.id)):
            if service.id not in covered:
                s.add(Coverage(service_id=service.id, scope_key=f"zone:{zone.code}", zone_id=zone.id,
                               status="attivato", is_example=True, note="test"))
    try:
        catalogue = CatalogueService(db)
        await catalogue.reload()
        first = await catalogue.view(cb.zone_services(zone.id, 0))
        data = [b["data"] for row in first.rows for b in row]
        assert len([d for d in data if d.startswith("cat:s:")]) == 8
        assert data[8:] == [cb.zone_services(zone.id, 1), cb.zone_comuni(zone.id), cb.zone_pick()]
        last = await catalogue.view(cb.zone_services(zone.id, 3))
        data = [b["data"] for row in last.rows for b in row]
        assert len([d for d in data if d.startswith("cat:s:")]) == 29 - 24
        assert data[-3:] == [cb.zone_services(zone.id, 2), cb.zone_comuni(zone.id), cb.zone_pick()]
        assert all(d.endswith(f":{zone.id}:3") for d in data if d.startswith("cat:s:"))  # back to this page
    finally:  # on PostgreSQL the catalogue database is shared by the run
        async with db.session() as s:
            await s.execute(delete(Coverage).where(Coverage.note == "test"))


def test_plain_text_is_the_html_without_tags():
    answer = Answer(Markup("📋 <b>A &amp; B</b> &lt;ok&gt;\n<i>x</i>"))
    assert answer.plain() == "📋 A & B <ok>\nx"


async def test_user_text_is_escaped_everywhere_it_is_echoed(db):
    catalogue = CatalogueService(db)
    await catalogue.reload()
    for answer in (await catalogue.ask("<b>Trezzano</b>"), await catalogue.find("<a href='x'>zzqq</a>"),
                   await catalogue.comune("<i>nulla</i>")):
        assert "<b>Trezzano</b>" not in answer.text and "<a href" not in answer.text and "<i>nulla" not in answer.text
        assert "&lt;" in answer.text
