"""Questionnaire definitions at run time (`zobot questionnaire add`), the preview before launching, the archive
of campaigns with paging and search, and the figures of a zone."""
from __future__ import annotations

import asyncio
import copy
import os

import yaml
from sqlalchemy import select

import bot.cli
from bot.catalogue.models import Zone
from bot.questionnaires.models import Campaign, QuestionnaireVersion
from tests.conftest import ADMIN_ID
from tests.people_support import member
from tests.questionnaire_support import TINY, launch, seed_catalogue


def _cli(db_url, *argv):
    os.environ["ZOBOT_DATABASE_URL"] = db_url
    try:
        return bot.cli.main(list(argv))
    finally:
        del os.environ["ZOBOT_DATABASE_URL"]


def last(chat, user_id=ADMIN_ID):
    return next(c for c in reversed(chat.telegram.messages) if c.params.get("chat_id") == user_id)


def button(chat, label, user_id=ADMIN_ID):
    return dict(last(chat, user_id).buttons())[label]


async def test_add_stores_a_version_refuses_an_edit_in_place_and_launches_keep_theirs(chat, clock, db_url, tmp_path,
                                                                                      capsys):
    db = chat.services.db
    await member(db, clock, ADMIN_ID, None, name="Ada")
    po = await member(db, clock, 8201, "po", office_code="sua", name="Pia")
    clima = {**copy.deepcopy(TINY), "id": "clima", "title": "Clima organizzativo"}
    path = tmp_path / "clima.yaml"
    path.write_text(yaml.safe_dump(clima, allow_unicode=True), encoding="utf-8")

    async def run(*argv):
        code = await asyncio.to_thread(_cli, db_url, "questionnaire", *argv)
        out = capsys.readouterr()
        return code, out.out + out.err

    code, out = await run("add", str(path))
    assert (code, out.splitlines()[0]) == (0, "clima versione 1 registrato: «Clima organizzativo», 4 domande. "
                                              "Lancialo con /lancia o «zobot questionnaire launch clima».")
    code, out = await run("add", str(path))
    assert (code, out) == (0, "clima versione 1 era già registrato con lo stesso contenuto: niente da fare.\n")
    code, out = await run("list")
    assert "clima: Clima organizzativo (versione 1, i PO) – registrato" in out
    # in the chat: the stored questionnaire is offered, previewed, launched
    await chat.say("/lancia", user_id=ADMIN_ID)
    await chat.press(button(chat, "Clima organizzativo"), user_id=ADMIN_ID)
    assert "(versione 1)" in last(chat).text
    await chat.press(button(chat, "👁 Anteprima"), user_id=ADMIN_ID)
    preview = last(chat).text
    assert preview.startswith("👁 <b>Clima organizzativo</b> – versione 1") and "4 domande" in preview
    assert "<b>2. Quali temi?</b> <i>(più scelte)</i>\n   solo se: <code>eroga == \"si\"</code>" in preview
    assert "\n   ◦ Trasporti" in preview and "<b>3. Quanti comuni?</b> <i>(numero, facoltativa)</i>" in preview
    await chat.press(button(chat, "🚀 Lancia"), user_id=ADMIN_ID)
    await chat.press(button(chat, "Tutti i PO"), user_id=ADMIN_ID)
    await chat.press(button(chat, "7 giorni"), user_id=ADMIN_ID)
    await chat.press(button(chat, "🚀 Lancia"), user_id=ADMIN_ID)
    assert "lanciato: 1 invito in partenza" in last(chat).text
    # the file edited without a new version: refused by check and by add, with what to do
    edited = {**clima, "title": "Clima, rivisto"}
    path.write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
    code, out = await run("check", str(path))
    assert (code, out) == (1, f"{path}: clima versione 1 è già registrato con un contenuto diverso: aumenta "
                              "«version» (per esempio a 2)\n")
    code, out = await run("add", str(path))
    assert code == 1 and out == ("zobot: Il questionario «clima» versione 1 è già registrato con un contenuto diverso: "
                                 "aumenta «version» nel file (per esempio a 2) e riprova. Nulla è cambiato.\n")
    path.write_text(yaml.safe_dump({**edited, "version": 2}, allow_unicode=True), encoding="utf-8")
    assert (await run("add", str(path)))[0] == 0
    async with db.session() as s:
        versions = (await s.execute(select(QuestionnaireVersion.version, QuestionnaireVersion.title)
                                    .where(QuestionnaireVersion.key == "clima").order_by(QuestionnaireVersion.version))).all()
        launched = await s.scalar(select(QuestionnaireVersion.version).join(Campaign, Campaign.version_id ==
                                                                            QuestionnaireVersion.id))
    assert versions == [(1, "Clima organizzativo"), (2, "Clima, rivisto")] and launched == 1
    await chat.press("q:go:1", user_id=8201)  # the campaign keeps the version it was launched with
    assert "📝 <b>Clima organizzativo</b>" in last(chat, 8201).text
    await chat.say("/lancia", user_id=ADMIN_ID)
    assert "Clima, rivisto" in dict(last(chat).buttons())  # /lancia offers the newest
    assert po


async def test_check_of_a_broken_file_names_each_problem_in_italian(db_url, tmp_path, capsys):
    path = tmp_path / "rotto.yaml"
    path.write_text("id: rotto\nversion: 0\ntitle: x\naudience: chiunque\nquestions: []\n", encoding="utf-8")
    code = await asyncio.to_thread(_cli, db_url, "questionnaire", "check", str(path))
    out = capsys.readouterr().out
    assert code == 1
    assert f"{path}: questionario: «version» deve essere un numero intero ≥ 1" in out
    assert "«audience» deve essere uno tra po, referenti, tutti" in out
    assert "«questions» deve essere un elenco non vuoto" in out


async def test_the_archive_pages_and_searches_every_campaign(chat, clock):
    db = chat.services.db
    await member(db, clock, ADMIN_ID, None, name="Ada")
    for n in range(9):
        await launch(db, TINY, [], clock.now(), key=f"p{n}")
    await launch(db, {**TINY, "id": "clima", "title": "Clima organizzativo"}, [], clock.now(), key="clima")
    await chat.say("/risultati", user_id=ADMIN_ID)
    first = last(chat)
    assert first.text.startswith("📊 <b>Risultati</b> – 10 questionari") and "Pagina 1 di 2" in first.text
    labels = [t for t, _ in first.buttons()]
    assert len(labels) == 9 and labels[0].startswith("🟢 Clima organizzativo") and labels[-1] == "Avanti »"
    await chat.press(dict(first.buttons())["Avanti »"], user_id=ADMIN_ID)
    second = [t for t, _ in last(chat).buttons()]
    assert len(second) == 3 and second[-1] == "« Precedenti" and all(t.startswith("🟢 Prova") for t in second[:2])
    await chat.say("/risultati CLIMA organizzativò", user_id=ADMIN_ID)
    found = last(chat)
    assert "1 questionario che contengono «clima organizzativo»" in found.text
    assert [t for t, _ in found.buttons()] == [labels[0]]
    await chat.say("/risultati nessuno", user_id=ADMIN_ID)
    assert last(chat).text == "Nessun questionario contiene «nessuno». Scrivi /risultati per l'elenco completo."


async def test_filtered_by_zone_the_figures_are_the_zones(chat, clock):
    db = chat.services.db
    async with db.session() as s:
        await seed_catalogue(s)
    await member(db, clock, ADMIN_ID, None, name="Ada")
    ids = [await member(db, clock, 8300 + n, "referente", comuni=(comune,), name=f"R{n}")
           for n, comune in enumerate(("Rho", "Arese", "Legnano"))]
    cid = await launch(db, TINY, ids, clock.now())
    await chat.press(f"q:go:{cid}", user_id=8300)
    await chat.press(button(chat, "No", 8300), user_id=8300)
    await chat.say("3", user_id=8300)
    await chat.say("bene", user_id=8300)
    await chat.press(button(chat, "Invia ✅", 8300), user_id=8300)
    async with db.session() as s:
        zones = dict((await s.execute(select(Zone.code, Zone.id))).all())
    await chat.press(f"q:R:{cid}", user_id=ADMIN_ID)
    assert "Risposte complete: <b>1</b> su 3 invitati (33%); in corso 0." in last(chat).text
    await chat.press(f"q:R:{cid}:z{zones['nord-ovest']}", user_id=ADMIN_ID)
    assert "– zona Nord Ovest\nRisposte complete: <b>1</b> su 2 invitati (50%)" in last(chat).text
    await chat.press(f"q:R:{cid}:z{zones['alto-milanese']}", user_id=ADMIN_ID)
    assert "– zona Alto Milanese\nRisposte complete: <b>0</b> su 1 invitato (0%)" in last(chat).text
