"""End to end over real HTTP: an organiser's announcement goes out through the outbox; a person who
blocked the bot (my_chat_member, and Telegram's 403 on sending) is unreachable, and the report says so."""
from __future__ import annotations

from sqlalchemy import select

from bot.people.models import Person
from bot.sandbox import demo
from tests.e2e_live import button, buttons, live  # noqa: F401 - live is a fixture

ORGANISER, REFERENT, PO = demo.ORGANISER_ID, demo.REFERENT_ID, demo.PO_ID


async def test_announcement_through_the_outbox_and_a_blocked_person(live):
    await live.client.block(PO)  # Marco blocked the bot (the bot also gets my_chat_member)
    [menu] = await live.say(ORGANISER, "/annuncio")
    assert menu["text"] == "📣 Nuovo annuncio\nA chi vuoi scrivere?"
    [step] = await live.press(ORGANISER, menu["message_id"], button(menu, "Tutte le persone registrate"))
    assert step["text"].startswith("Destinatari: Tutte le persone registrate")
    preview = await live.say(ORGANISER, "Riunione <b>importante</b> & urgente")
    assert preview[-1]["html"] == ("📣 <b>Comunicazione della Città metropolitana di Milano</b>\n\n"
                                   "Riunione &lt;b&gt;importante&lt;/b&gt; &amp; urgente")
    send = button(preview[-1], "✅ Invia")
    [queued] = await live.press(ORGANISER, preview[-1]["message_id"], send)
    assert queued["text"].startswith("✅ Annuncio in coda per")

    received = await live.client.wait_for(REFERENT, lambda m: m["from_bot"], timeout=15)
    assert received["text"] == ("📣 Comunicazione della Città metropolitana di Milano\n\n"
                                "Riunione <b>importante</b> & urgente")
    # the organiser is in the audience too: their copy arrives before /consegne, or it would be read as its answer
    await live.client.wait_for(ORGANISER, lambda m: m["from_bot"] and m["text"].startswith("📣 Comunicazione"),
                               timeout=15)
    [dispatch] = live.app.job_queue.get_jobs_by_name("delivery:dispatch")
    await dispatch.run(live.app)  # whatever was still due is attempted now
    _, po_messages = await live.client.messages(PO)
    assert [m for m in po_messages if m["from_bot"]] == []  # blocked: Telegram refused it
    async with live.services.db.session() as s:
        po = await s.scalar(select(Person).where(Person.telegram_user_id == PO))
    assert po.reachable is False
    [report] = await live.say(ORGANISER, "/consegne")
    assert report["text"] == "📬 Consegne recenti\n• Annuncio #1 (26/11/2026 09:00): 2 consegnati su 3"
    [detail] = await live.press(ORGANISER, report["message_id"], button(report, "Annuncio #1"))
    assert "Consegnati: 2\nIn coda: 0\nBloccati (hanno bloccato il bot): 1\n" in detail["text"]
