"""Invitations: unguessable single-use expiring tokens, a batch of 130 from a CSV of the real comuni."""
import asyncio
import csv
import io
import re
from datetime import timedelta

from sqlalchemy import select

import bot.cli
from bot.catalogue.models import Comune
from bot.people import batch, invites
from bot.people.models import Invitation, Person, PersonComune
from tests.fakes import BOT_USERNAME
from tests.people_support import ORGANISER_ID, REFERENT_ID, audit_actions, cast

LINK = re.compile(r"https://t\.me/zobot_test_bot\?start=(i_[A-Za-z0-9_-]{32})")


def test_token_is_long_random_and_fits_a_deep_link():
    tokens = {invites.new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        payload = invites.payload(token)
        assert len(token) == 32 and len(payload) <= 64  # 24 random bytes = 192 bits
        assert re.fullmatch(r"[A-Za-z0-9_-]+", payload) and payload.startswith("i_")
        assert invites.token_from(invites.link("zobot_test_bot", token)) == token


async def _csv_of_referents(db, n: int) -> str:
    async with db.session() as s:
        comuni = list(await s.scalars(select(Comune.name).order_by(Comune.istat_code)))
    assert len(comuni) >= n, "the shipped catalogue has the 133 comuni of CMM"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["nome", "ruolo", "comune", "email"])
    for i, name in enumerate(comuni[:n]):
        writer.writerow([f"Referente {i:03d}", "referente", name, f"ref{i}@comune.example.it"])
    return out.getvalue()


async def test_130_invitations_from_csv_each_works_once_and_only_before_expiry(chat, db, clock, tmp_path):
    text = await _csv_of_referents(db, 130)
    rows = batch.read_csv(text)
    async with db.session() as s:
        results = await batch.create_all(s, rows, actor="cli", now=clock.now(), ttl_days=14, batch="mailing-1")
    links_csv = batch.write(tmp_path, results, BOT_USERNAME, chat.services.settings.timezone)
    written = list(csv.DictReader(io.StringIO(links_csv.read_text(encoding="utf-8-sig"))))
    assert len(written) == 130 and len(list(tmp_path.glob("*.png"))) == 130
    assert (tmp_path / written[0]["qr"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    async with db.session() as s:  # only hashes are stored
        stored = {i.token_hash for i in await s.scalars(select(Invitation))}
    payloads = [LINK.fullmatch(r["link"])[1] for r in written]
    assert not any(p[2:] in stored for p in payloads) and {invites.hash_token(p[2:]) for p in payloads} == stored

    for i, payload in enumerate(payloads[:129]):
        calls = await chat.say(f"/start {payload}", user_id=700000 + i)
        assert calls[-1].text.startswith("Benvenuto/a! Il tuo invito è valido: ora sei <b>referente del comune</b>")
    again = await chat.say(f"/start {payloads[0]}", user_id=799999)
    assert again[-1].text.startswith("Questo link di invito è già stato usato.")
    mine = await chat.say(f"/start {payloads[0]}", user_id=700000)
    assert mine[-1].text.startswith("Hai già usato questo invito")

    clock.advance(timedelta(days=14))
    late = await chat.say(f"/start {payloads[129]}", user_id=700129)
    assert late[-1].text.startswith("Questo link di invito è scaduto.")

    async with db.session() as s:
        got = dict((await s.execute(select(Person.telegram_user_id, Comune.name)
                                    .join(PersonComune, PersonComune.person_id == Person.id)
                                    .join(Comune, Comune.id == PersonComune.comune_id)
                                    .where(Person.role == "referente"))).all())
        late_person = await s.scalar(select(Person).where(Person.telegram_user_id == 700129))
    assert got == {700000 + i: r["comuni_o_ufficio"] for i, r in enumerate(written[:129])}
    assert late_person.role is None
    assert [a for _, a, _ in await audit_actions(db)].count("invite.create") == 130


async def test_batch_with_a_wrong_row_creates_nothing(db, clock):
    rows = batch.read_csv("nome,ruolo,comune\nA,referente,Rho\nB,referente,Atlantide\nC,sindaco,Rho\n")
    async with db.session() as s:
        try:
            await batch.create_all(s, rows, actor="cli", now=clock.now(), ttl_days=14, batch="x")
        except batch.BatchError as exc:
            problems = exc.problems
    assert problems == [(3, "comune sconosciuto: Atlantide"), (4, "ruolo non valido (referente, po oppure organizzatore)")]
    async with db.session() as s:
        assert (await s.scalars(select(Invitation))).all() == []


async def test_invita_in_chat_sends_qr_photo_and_revoked_link_fails(chat, db, clock):
    await cast(db, clock)
    calls = await chat.say("/invita referente Rho, Pero; Mario Bianchi", user_id=ORGANISER_ID)
    photo = calls[-1]
    assert photo.method == "sendPhoto"
    assert photo.text.startswith("Invito n. 1 per <b>Mario Bianchi</b> (referente del comune – Rho, Pero), "
                                 "valido fino al 10/12/2026.")
    payload = LINK.search(photo.text)[1]
    async with db.session() as s:
        await invites.revoke(s, "1", actor="cli", now=clock.now())
    calls = await chat.say(f"/start {payload}", user_id=6100)
    assert calls[-1].text.startswith("Questo link di invito è stato revocato.")


async def test_invita_usage_errors_and_organiser_invites_need_admin(chat, db, clock):
    await cast(db, clock)
    assert (await chat.say("/invita", user_id=ORGANISER_ID))[-1].text.startswith("Per creare un invito scrivi:")
    calls = await chat.say("/invita referente Atlantide; X", user_id=ORGANISER_ID)
    assert calls[-1].text.startswith("Non trovo il comune «Atlantide».")
    calls = await chat.say("/invita organizzatore; Capo", user_id=ORGANISER_ID)
    assert calls[-1].text == "Non hai i permessi per questa operazione."
    assert (await chat.say("/invita referente Rho", user_id=REFERENT_ID))[-1].text == \
        "Non hai i permessi per questa operazione."


async def test_unknown_or_malformed_invitation_payload(chat):
    calls = await chat.say("/start i_short", user_id=6200)
    assert calls[-1].text.startswith("Questo link di invito non è valido.")
    calls = await chat.say("/start i_" + "A" * 32, user_id=6200)
    assert calls[-1].text.startswith("Questo link di invito non è valido.")


async def test_cli_create_batch_and_revoke(db_url, db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ZOBOT_DATABASE_URL", db_url)
    monkeypatch.delenv("ZOBOT_TOKEN", raising=False)
    code = await asyncio.to_thread(bot.cli.main, ["invite", "create", "--role", "po", "--office", "sua",
                                                  "--name", "Pia", "--bot", "zobot_test_bot",
                                                  "--qr", str(tmp_path / "q.png")])
    out = capsys.readouterr().out
    assert code == 0 and LINK.search(out) and (tmp_path / "q.png").exists()
    (tmp_path / "in.csv").write_text("nome,ruolo,comune,ufficio\nA,referente,Rho|Pero,\nB,po,,sua\n", encoding="utf-8")
    code = await asyncio.to_thread(bot.cli.main, ["invite", "batch", str(tmp_path / "in.csv"), "--out",
                                                  str(tmp_path / "out"), "--bot", "zobot_test_bot"])
    assert code == 0 and "2 inviti creati" in capsys.readouterr().out
    code = await asyncio.to_thread(bot.cli.main, ["invite", "revoke", LINK.search(out)[0]])
    assert code == 0 and capsys.readouterr().out == "invito 1 revocato\n"
    async with db.session() as s:
        assert [(i.id, i.revoked_at is not None, i.batch) for i in await s.scalars(select(Invitation).order_by(Invitation.id))] \
            == [(1, True, None), (2, False, "in"), (3, False, "in")]


async def test_cli_revoke_member(db_url, db, clock, capsys, monkeypatch):
    monkeypatch.setenv("ZOBOT_DATABASE_URL", db_url)
    ids = await cast(db, clock)
    assert await asyncio.to_thread(bot.cli.main, ["invite", "revoke-member", str(REFERENT_ID)]) == 0
    assert capsys.readouterr().out == f"membro {ids['referent']} revocato\n"
    assert await asyncio.to_thread(bot.cli.main, ["invite", "revoke-member", str(REFERENT_ID)]) == 1
    async with db.session() as s:
        person = await s.get(Person, ids["referent"])
        comuni = (await s.scalars(select(PersonComune).where(PersonComune.person_id == person.id))).all()
    assert person.role is None and comuni == []


async def test_redeeming_never_steps_down_and_referents_gather_comuni(chat, db, clock):
    ids = await cast(db, clock)
    async with db.session() as s:
        links = {}
        for key, comune in (("organiser", "Rho"), ("referent", "Pero"), ("referent2", "Arese")):
            spec = await invites.resolve(s, "referente", comuni=[comune])
            links[key] = (await invites.create(s, spec, actor="cli", now=clock.now(), ttl_days=14)).payload
    await chat.say(f"/start {links['organiser']}", user_id=ORGANISER_ID)
    await chat.say(f"/start {links['referent']}", user_id=REFERENT_ID)
    calls = await chat.say(f"/start {links['referent2']}", user_id=REFERENT_ID)
    assert calls[-1].text.startswith("Benvenuto/a! Il tuo invito è valido: ora sei <b>referente del comune</b> "
                                     "per Arese, Pero, Rho.")
    async with db.session() as s:
        organiser = await s.get(Person, ids["organiser"])
        referent_comuni = sorted(await s.scalars(select(Comune.name).join(PersonComune).where(
            PersonComune.person_id == ids["referent"])))
    assert organiser.role == "organizzatore" and referent_comuni == ["Arese", "Pero", "Rho"]
