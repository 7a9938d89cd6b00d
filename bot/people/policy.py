"""The one place that decides who may do what. Every command and callback asks `can`/`require`.

Roles: referente (one or more comuni), po (an office and its services), organizzatore, admin.
Admin is exactly the people listed in ZOBOT_ADMINS (bot/people/membership.py keeps the role in step
with the setting at every update); an admin may do everything an organiser may. Actions on a thing
owned by an office (a service's coverage) also check that the PO belongs to that office.

Below the role rules, one access rule per kind of object (a tavolo and its occurrences, a
questionnaire campaign and its responses): the same rule decides a list and every action on one
of its items, and it runs before anything else is read about the object. Announcement drafts
(bot/announcements/drafts.py, the author's own) and coverage (`update_coverage`, office-scoped) use
the role rules with their owner check. Ids from callback data and deep links pass `valid_id`
before they reach the database. docs/security-access.md describes the whole model.
"""
from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any, NoReturn

from sqlalchemy import false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotAllowed, NotFound
from bot.people.models import Person, PersonComune

ORGANISER_ROLES = frozenset({"organizzatore", "admin"})
ADMIN_ONLY = frozenset({"admin"})
MEMBERS = frozenset({"referente", "po", "organizzatore", "admin"})

# action -> roles allowed
RULES: dict[str, frozenset[str]] = {
    "broadcast": ORGANISER_ROLES,
    "launch_questionnaire": ORGANISER_ROLES,
    "see_results": ORGANISER_ROLES,
    "see_named_answers": ORGANISER_ROLES,
    "manage_tavoli": ORGANISER_ROLES,
    "delivery_report": ORGANISER_ROLES,
    "invite": ORGANISER_ROLES,
    "invite_organiser": ADMIN_ONLY,
    "approve_registration": ORGANISER_ROLES,
    "revoke_member": ORGANISER_ROLES,
    "view_audit": ADMIN_ONLY,
    "export_audit": ADMIN_ONLY,
    "update_coverage": frozenset({"po", "admin"}),
    "member_area": MEMBERS,
    # the web face (issue 16): a login link and the organiser's pages; a person's own calendar feed
    "web_login": ORGANISER_ROLES,
    "web_dashboard": ORGANISER_ROLES,
    "calendar_feed": MEMBERS,
    "email_channel": MEMBERS,  # /email: one's own address and preferred channel
    "review_proposals": ORGANISER_ROLES,
    "manage_catalogue_details": ORGANISER_ROLES,
}

# actions whose target belongs to an office: a PO may act only on their own office's things
OFFICE_SCOPED = frozenset({"update_coverage"})

# Ids are PostgreSQL `integer` columns: anything outside 1..2**31-1 cannot name a row (and would
# overflow the driver's parameter), so it never reaches a query.
MAX_ID = 2**31 - 1


def valid_id(text: Any, *, minimum: int = 1) -> int | None:
    """The id written in callback data or a deep link (ASCII digits, `minimum` ≤ id ≤ 2**31-1), else None."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if minimum <= text <= MAX_ID else None
    if not isinstance(text, str) or not 1 <= len(text) <= 10 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if minimum <= value <= MAX_ID else None


def plausible_data(data: str | None) -> bool:
    """Callback data any zobot button could carry: ASCII, at most 64 bytes, every number in it an id in
    0..2**31-1. handlers/guards.py drops anything else before a feature sees it; each feature then
    parses its own prefix strictly."""
    if not data or len(data) > 64 or not data.isascii():
        return False
    return all(valid_id(number, minimum=0) is not None for number in re.findall(r"\d+", data))


def _office_of(target: Any) -> int | None:
    return target if isinstance(target, int) or target is None else getattr(target, "office_id", None)


def can(person: Person | None, action: str, target: Any = None) -> bool:
    """True if the person's role allows the action (on `target`, when scoped); unknown actions are refused."""
    if person is None or person.role is None or getattr(person, "erased_at", None) is not None:
        return False
    if person.role not in RULES.get(action, frozenset()):
        return False
    if action in OFFICE_SCOPED and person.role == "po":
        office = _office_of(target)
        return target is None or (office is not None and office == person.office_id)
    return True


def require(person: Person | None, action: str, target: Any = None) -> None:
    """Raise NotAllowed unless `can(person, action, target)`; the refusal is noted for the audit log."""
    if not can(person, action, target):
        refuse(person, action)


def refuse(person: Person | None, action: str) -> NoReturn:
    """Note the refusal and raise NotAllowed."""
    note_refusal(person, action)
    raise NotAllowed(action)


def note_refusal(person: Person | None, action: str) -> None:
    """Note a refusal, written to the audit log once the update is done (for a use case that answers
    the refusal itself instead of raising)."""
    noted = _refusals.get()
    if noted is not None:
        noted.append((getattr(person, "id", None), getattr(person, "role", None), action))


# ---------- tavoli: who sees which (the /tavoli list and every action on one tavolo) ----------
# The models are imported where used: meetings and questionnaires build on people, not the reverse.

def tavolo_visibility(person: Person | None):
    """SQL condition on `tavoli`: the tavoli this person may see.

    Organisers and admins: every active tavolo. Anyone else: the tavoli open to all zones, those of
    the zones of their comuni, those of the themes of their office's services, and those they joined."""
    from bot.catalogue.models import Comune, Service
    from bot.meetings.models import Participant, Tavolo, TavoloZone

    if person is None or getattr(person, "erased_at", None) is not None:
        return false()
    if can(person, "manage_tavoli"):
        return Tavolo.active.is_(True)
    zones = select(Comune.zone_id).join(PersonComune, PersonComune.comune_id == Comune.id) \
        .where(PersonComune.person_id == person.id)
    conditions = [Tavolo.all_zones.is_(True),
                  Tavolo.id.in_(select(TavoloZone.tavolo_id).where(TavoloZone.zone_id.in_(zones))),
                  Tavolo.id.in_(select(Participant.tavolo_id).where(Participant.person_id == person.id))]
    if person.office_id is not None:
        conditions.append(Tavolo.theme_id.in_(select(Service.theme_id).where(Service.office_id == person.office_id)))
    return Tavolo.active.is_(True) & or_(*conditions)


async def require_tavolo(session: AsyncSession, person: Person | None, tavolo_id: int,
                         action: str = "see_tavolo") -> None:
    """NotFound for no such (active) tavolo, NotAllowed (audited) for one the person may not see."""
    from bot.meetings.models import Tavolo

    visible = await session.scalar(select(tavolo_visibility(person).label("visible")).select_from(Tavolo)
                                   .where(Tavolo.id == tavolo_id, Tavolo.active.is_(True)))
    if visible is None:
        raise NotFound("tavolo", tavolo_id)
    if not visible:
        refuse(person, action)


async def require_occurrence(session: AsyncSession, person: Person | None, occurrence_id: int,
                             action: str = "see_tavolo") -> None:
    """The rule of the occurrence's tavolo (NotFound for no such occurrence)."""
    from bot.meetings.models import Occurrence, Tavolo

    visible = await session.scalar(select(tavolo_visibility(person).label("visible"))
                                   .select_from(Occurrence).join(Tavolo, Tavolo.id == Occurrence.tavolo_id)
                                   .where(Occurrence.id == occurrence_id, Tavolo.active.is_(True)))
    if visible is None:
        raise NotFound("occurrence", occurrence_id)
    if not visible:
        refuse(person, action)


# ---------- questionnaires: a campaign is answered by who was invited and is still in its audience ----------

async def may_answer(session: AsyncSession, person: Person | None, campaign_id: int) -> bool:
    """Invited to the campaign, and still in the audience it was launched to (a revoked referent no
    longer is): checked at every step, so a revocation stops an answer half-way."""
    from bot.people import audience as audiences
    from bot.questionnaires.models import Campaign, Invitation

    if person is None or getattr(person, "erased_at", None) is not None:
        return False
    row = (await session.execute(select(Campaign.audience).join(Invitation, Invitation.campaign_id == Campaign.id)
                                 .where(Campaign.id == campaign_id, Invitation.person_id == person.id))).first()
    if row is None:
        return False
    return await audiences.includes(session, audiences.from_json(row.audience), person.id)


async def may_answer_response(session: AsyncSession, person: Person | None, response_id: int) -> bool:
    """The person's own response (through their invitation), in a campaign they may still answer."""
    from bot.questionnaires.models import Invitation

    if person is None:
        return False
    campaign_id = await session.scalar(select(Invitation.campaign_id).where(
        Invitation.response_id == response_id, Invitation.person_id == person.id))
    return campaign_id is not None and await may_answer(session, person, campaign_id)


# Refusals of the update being handled: the refused use case rolls back, so they are written to the
# audit log afterwards, in a transaction of their own (handlers/guards.py starts the list for each
# update, handlers/people.py writes it after every feature ran).
_refusals: ContextVar[list | None] = ContextVar("zobot_refusals", default=None)


def start_noting_refusals() -> None:
    """Begin noting for this update (written by handlers/people.py once the update is done)."""
    if _refusals.get() is None:
        _refusals.set([])


def take_refusals() -> list[tuple[int | None, str | None, str]]:
    """The refusals noted since `start_noting_refusals` (then forgotten)."""
    noted = _refusals.get() or []
    _refusals.set([])
    return noted


def invite_action(role: str) -> str:
    """Inviting an organiser is an admin's call; referents and PO any organiser's (admins: ZOBOT_ADMINS only)."""
    return "invite_organiser" if role in ("organizzatore", "admin") else "invite"
