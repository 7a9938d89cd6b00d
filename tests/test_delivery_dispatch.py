"""The dispatcher against the fake Telegram side: outcomes, expiry, reaper, order, resend."""
from datetime import timedelta

from sqlalchemy import update

from bot.outbox import report
from bot.outbox.models import OutboxMessage
from bot.people.models import Person
from tests.conftest import start_harness, stop_harness
from tests.delivery_support import make_people, queue, rows, statuses


async def test_happy_path_sends_each_row_once_with_keyboard(chat, clock):
    db = chat.services.db
    people = await make_people(db, clock, [11, 12, 13])
    await queue(db, clock, [(f"k{p.id}", p.chat_id, f"Ciao <b>{p.id}</b>", p.id) for p in people])
    async with db.session() as s:
        await s.execute(update(OutboxMessage).values(keyboard=[[{"text": "Partecipo", "data": "m:y:1"}]]))
    stats = await chat.services.outbox.tick()
    sent = chat.telegram.of("sendMessage")
    assert [(c.params["chat_id"], c.text) for c in sent] == [(11, "Ciao <b>1</b>"), (12, "Ciao <b>2</b>"), (13, "Ciao <b>3</b>")]
    assert all(c.buttons() == [("Partecipo", "m:y:1")] for c in sent)
    assert stats.outcomes == {"sent": 3}
    assert all(r.status == "sent" and r.tg_message_id and r.attempts == 1 for r in await rows(db))
    assert await chat.services.outbox.tick() is not None
    assert len(chat.telegram.of("sendMessage")) == 3


async def test_forbidden_blocks_and_marks_person_unreachable(chat, clock):
    db = chat.services.db
    (p,) = await make_people(db, clock, [21])
    await queue(db, clock, [("a", 21, "uno", p.id), ("b", 21, "due", p.id)])
    chat.telegram.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await chat.services.outbox.tick()
    clock.advance(timedelta(seconds=5))
    await chat.services.outbox.tick()
    assert await statuses(db) == {"a": "blocked", "b": "blocked"}
    assert chat.telegram.of("sendMessage") == []
    async with db.session() as s:
        assert (await s.get(Person, p.id)).reachable is False


async def test_retry_after_requeues_pauses_and_keeps_order(chat, clock):
    db = chat.services.db
    await queue(db, clock, [("a", 31, "primo"), ("b", 31, "secondo"), ("c", 32, "altro")])
    chat.telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    start = clock.now()
    await chat.services.outbox.tick()
    by_chat = [c.text for c in chat.telegram.of("sendMessage") if c.params["chat_id"] == 31]
    assert by_chat == ["primo", "secondo"]
    first = (await rows(db))[0]
    assert first.status == "sent" and first.attempts == 2 and first.sent_at >= start + timedelta(seconds=7)


async def test_timeouts_before_and_after_sending(chat, clock):
    db = chat.services.db
    await queue(db, clock, [("never-left", 41, "a"), ("maybe", 42, "b")])
    chat.telegram.timeout_next("sendMessage", sent=False)
    chat.telegram.timeout_next("sendMessage", sent=True)
    await chat.services.outbox.tick()
    clock.advance(timedelta(minutes=10))
    await chat.services.outbox.tick()
    assert await statuses(db) == {"never-left": "sent", "maybe": "unknown"}
    assert [c.params["chat_id"] for c in chat.telegram.of("sendMessage")] == [41]
    async with db.session() as s:
        assert await report.resend(s, now=clock.now(), round_="r1") == 1
    await chat.services.outbox.tick()
    assert await statuses(db) == {"never-left": "sent", "maybe": "sent"}


async def test_bad_request_fails_and_server_error_is_unknown(chat, clock):
    db = chat.services.db
    await queue(db, clock, [("bad", 51, "a"), ("five", 52, "b")])
    chat.telegram.fail_next("sendMessage", 400, "Bad Request: chat not found")
    chat.telegram.fail_next("sendMessage", 500, "Internal Server Error")
    await chat.services.outbox.tick()
    assert await statuses(db) == {"bad": "failed", "five": "unknown"}
    async with db.session() as s:
        r = await report.round_report(s, "r1")
    assert r.counts == {"sent": 0, "pending": 0, "blocked": 0, "unknown": 1, "failed": 1, "expired": 0}
    assert r.problems == [("51", "failed", "telegram"), ("52", "unknown", "telegram")]
    assert r.by_channel == {"telegram": r.counts}


async def test_expired_rows_are_never_sent_and_due_ones_go_once_after_restart(settings, clock):
    first = await start_harness(settings, clock)
    db = first.services.db
    await queue(first.services.db, clock, [("late", 61, "promemoria")], delay=60, expires=3600)
    await queue(db, clock, [("gone", 62, "promemoria")], delay=60, expires=120, round_="r2")
    await stop_harness(first)  # the bot is down while both come due
    clock.advance(timedelta(minutes=30))
    second = await start_harness(settings, clock)
    await second.services.outbox.tick()
    await second.services.outbox.tick()
    assert await statuses(second.services.db) == {"late": "sent", "gone": "expired"}
    assert [c.params["chat_id"] for c in second.telegram.of("sendMessage")] == [61]
    await stop_harness(second)


async def test_reaper_returns_claims_and_turns_cut_sends_unknown(chat, clock):
    db = chat.services.db
    await queue(db, clock, [("c", 71, "a"), ("s", 72, "b")])
    async with db.session() as s:
        await s.execute(update(OutboxMessage).where(OutboxMessage.key == "c")
                        .values(status="claimed", claimed_by="dead", claimed_at=clock.now()))
        await s.execute(update(OutboxMessage).where(OutboxMessage.key == "s")
                        .values(status="sending", claimed_by="dead", claimed_at=clock.now()))
    await chat.services.outbox.tick()
    assert await statuses(db) == {"c": "claimed", "s": "sending"}  # within the lease: left alone
    clock.advance(timedelta(minutes=3))
    await chat.services.outbox.tick()
    assert await statuses(db) == {"c": "sent", "s": "unknown"}
    assert [c.params["chat_id"] for c in chat.telegram.of("sendMessage")] == [71]


async def test_documents_and_photos(chat, clock):
    from bot.outbox.queue import Outgoing, enqueue
    db = chat.services.db
    async with db.session() as s:
        await enqueue(s, [Outgoing(key="d", round="r", chat_id=81, text="<b>ics</b>", due_at=clock.now(),
                                   kind="document", filename="tavolo.ics", content=b"BEGIN:VCALENDAR"),
                          Outgoing(key="p", round="r", chat_id=82, text="", due_at=clock.now(),
                                   kind="photo", filename="chart.png", content=b"\x89PNG")], now=clock.now())
    await chat.services.outbox.tick()
    assert chat.telegram.of("sendDocument")[0].params["caption"] == "<b>ics</b>"
    assert len(chat.telegram.of("sendPhoto")) == 1
    assert await statuses(db) == {"d": "sent", "p": "sent"}


async def test_pacing_respects_overall_private_and_group_limits(chat, clock):
    db = chat.services.db
    items = [(f"u{i}", 1000 + i, "x") for i in range(60)]
    items += [(f"same{i}", 5, f"m{i}") for i in range(4)] + [(f"grp{i}", -100, f"g{i}") for i in range(3)]
    await queue(db, clock, items)
    sent = []  # (clock time of the call, chat) as Telegram sees it
    chat.telegram.script = lambda name, params: sent.append((clock.now(), int(params["chat_id"]))) and None
    for _ in range(4):
        await chat.services.outbox.tick()
    assert len(sent) == 67 and all(r.status == "sent" for r in await rows(db))
    times = [t for t, _ in sent]
    assert max(sum(1 for t in times if s <= t < s + timedelta(seconds=1)) for s in times) <= 28  # 25/s + burst 3
    assert (times[59] - times[0]).total_seconds() >= (60 - 3) / 25 - 1e-6
    same = [t for t, c in sent if c == 5]
    assert all((b - a).total_seconds() >= 1 - 1e-6 for a, b in zip(same, same[1:]))
    group = [t for t, c in sent if c == -100]
    assert all((b - a).total_seconds() >= 60 / 18 - 1e-6 for a, b in zip(group, group[1:]))


async def test_connection_refused_never_left_and_is_retried(chat, clock):
    import httpx
    from telegram.error import NetworkError
    db = chat.services.db
    await queue(db, clock, [("a", 91, "x")])
    refused = iter([True])

    def script(method, params):
        if next(refused, False):
            raise NetworkError("httpx.ConnectError: refused") from httpx.ConnectError("refused")
        return None

    chat.telegram.script = script
    await chat.services.outbox.tick()
    assert await statuses(db) == {"a": "sent"}
    assert (await rows(db))[0].attempts == 2
