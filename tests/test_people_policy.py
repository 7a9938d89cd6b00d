"""One policy decides every permission; each command and button refuses a person without the role."""
import pytest
from sqlalchemy import select
from telegram.ext import CommandHandler

from bot.catalogue.models import Coverage
from bot.errors import NotAllowed
from bot.people import policy
from bot.people.models import Invitation, Person, RegistrationRequest
from tests.conftest import ADMIN_ID
from tests.people_support import (
    ORGANISER_ID,
    PO_ID,
    REFERENT_ID,
    REVOKED_ID,
    STRANGER_ID,
    audit_actions,
    cast,
    service_of,
)

NOT_ALLOWED = "Non hai i permessi per questa operazione."
ORGANISER_ACTIONS = ["broadcast", "launch_questionnaire", "see_results", "see_named_answers", "manage_tavoli",
                     "delivery_report", "invite", "approve_registration", "revoke_member"]


def _person(role, office_id=None):
    return Person(id=1, role=role, office_id=office_id)


@pytest.mark.parametrize("action", sorted(policy.RULES))
@pytest.mark.parametrize("role", [None, "referente", "po", "organizzatore", "admin"])
def test_every_rule_for_every_role(action, role):
    person = _person(role, office_id=7)
    expected = role in policy.RULES[action]
    assert policy.can(person, action, target=7) is expected
    if expected:
        policy.require(person, action, target=7)
    else:
        with pytest.raises(NotAllowed):
            policy.require(person, action, target=7)


def test_referent_may_do_no_organiser_action_and_admin_every_one():
    for action in ORGANISER_ACTIONS:
        assert not policy.can(_person("referente"), action)
        assert not policy.can(_person("po"), action)
        assert policy.can(_person("organizzatore"), action) and policy.can(_person("admin"), action)
    assert not policy.can(_person("organizzatore"), "view_audit") and policy.can(_person("admin"), "view_audit")
    assert not policy.can(None, "broadcast") and not policy.can(_person("admin"), "no-such-action")


def test_po_acts_only_on_their_own_office():
    po = _person("po", office_id=3)

    class Service:
        office_id = 4

    assert policy.can(po, "update_coverage", 3) and not policy.can(po, "update_coverage", Service())
    assert policy.can(po, "update_coverage")  # role-level check, before a service is chosen
    assert policy.can(_person("admin"), "update_coverage", Service())


def test_erased_person_can_do_nothing():
    admin = _person("admin")
    admin.erased_at = object()
    assert not policy.can(admin, "view_audit")


OWN_COMMANDS = ["/invita referente Rho; X", "/audit", "/copertura", "/copertura sua; Rho; attivato"]
OTHER_FEATURES = ["/annuncio", "/consegne", "/nuovotavolo", "/lancia", "/risultati"]  # those that exist


async def _state(db):
    async with db.session() as s:
        queries = [select(Invitation.id), select(Coverage.id, Coverage.status, Coverage.updated_at),
                   select(RegistrationRequest.id, RegistrationRequest.status),
                   select(Person.id, Person.role, Person.office_id)]
        return [sorted((await s.execute(q)).all()) for q in queries]


@pytest.mark.parametrize("who", [REFERENT_ID, STRANGER_ID, REVOKED_ID])
async def test_commands_refused_without_the_role(chat, db, clock, who):
    ids = await cast(db, clock)
    await chat.say("/registrati referente Rho; Nuovo", user_id=6400)
    before = await _state(db)
    for command in OWN_COMMANDS + [c for c in OTHER_FEATURES if c[1:] in _registered(chat.app)]:
        calls = await chat.say(command, user_id=who)
        assert calls[-1].text == NOT_ALLOWED, command
    assert await _state(db) == before
    refused = [d["action"] for a, act, d in await audit_actions(db) if act == "refused" and a == ids_for(ids, who)]
    assert {"invite", "view_audit", "update_coverage"} <= set(refused)


def _registered(app) -> set[str]:
    return {c for handlers in app.handlers.values() for h in handlers if isinstance(h, CommandHandler)
            for c in h.commands}


def ids_for(ids, telegram_id):
    return {REFERENT_ID: ids["referent"], STRANGER_ID: ids["stranger"], REVOKED_ID: ids["revoked"]}[telegram_id]


@pytest.mark.parametrize("who", [REFERENT_ID, PO_ID, STRANGER_ID, REVOKED_ID])
async def test_forged_buttons_refused_without_the_role(chat, db, clock, who):
    await cast(db, clock)
    await chat.say("/registrati referente Rho; Nuovo", user_id=6400)
    other_service = await service_of(db, "ambiente")
    before = await _state(db)
    for data in ["p:ap:1", "p:rf:1", "p:au:0", "p:au:20", "p:ax", f"cv:h:{other_service.id}"]:
        calls = await chat.press(data, user_id=who)
        assert [c.method for c in calls] == ["answerCallbackQuery"], data
        assert calls[0].params["text"] == NOT_ALLOWED, data
    assert await _state(db) == before


async def test_admin_from_settings_may_view_audit(chat, db, clock):
    await cast(db, clock)
    calls = await chat.say("/audit", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("<b>Registro delle operazioni</b>")
    calls = await chat.say("/audit", user_id=ORGANISER_ID)
    assert calls[-1].text == NOT_ALLOWED


async def test_referent_cannot_confirm_an_organisers_broadcast_by_forged_button(chat, db, clock):
    """The broadcast feature's real confirmation button, pressed by a referent, sends nothing."""
    from sqlalchemy import func

    from bot.outbox.models import OutboxMessage

    await cast(db, clock)
    menu = (await chat.say("/annuncio", user_id=ORGANISER_ID))[-1]
    await chat.press(menu.buttons()[0][1], user_id=ORGANISER_ID)
    preview = (await chat.say("Riunione domani", user_id=ORGANISER_ID))[-1]
    confirm = preview.buttons()[0][1]
    assert confirm.startswith("a:ok:")

    async def outbox_rows():
        async with db.session() as s:
            return await s.scalar(select(func.count()).select_from(OutboxMessage))

    before = await outbox_rows()
    for forger in (REFERENT_ID, PO_ID, STRANGER_ID, REVOKED_ID):
        calls = await chat.press(confirm, user_id=forger)
        assert calls[0].params["text"] == NOT_ALLOWED
    assert await outbox_rows() == before
    assert [d["action"] for _, act, d in await audit_actions(db) if act == "refused"] == ["broadcast"] * 4


async def test_referent_cannot_launch_or_see_results_by_forged_button(chat, db, clock):
    """The questionnaires feature's organiser buttons (q:L launch, q:S status, q:R results and named answers)."""
    from sqlalchemy import func

    from bot.questionnaires.models import Campaign

    await cast(db, clock)
    for data in ("q:L", "q:L:x", "q:S:1", "q:R:1", "q:R:1:all"):
        calls = await chat.press(data, user_id=REFERENT_ID)
        assert calls[0].method == "answerCallbackQuery" and calls[0].params["text"] == NOT_ALLOWED, data
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(Campaign)) == 0
