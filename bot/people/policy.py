"""The one place that decides who may do what. Every command and callback asks `can`/`require`.

Roles: referente (one or more comuni), po (an office and its services), organizzatore, admin.
Admins are bootstrapped from ZOBOT_ADMINS and may do everything an organiser may. Actions on a
thing owned by an office (a service's coverage) also check that the PO belongs to that office.
"""
from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from bot.errors import NotAllowed
from bot.people.models import Person

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
    "review_proposals": ORGANISER_ROLES,
    "manage_catalogue_details": ORGANISER_ROLES,
}

# actions whose target belongs to an office: a PO may act only on their own office's things
OFFICE_SCOPED = frozenset({"update_coverage"})


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
        noted = _refusals.get()
        if noted is not None:
            noted.append((getattr(person, "id", None), getattr(person, "role", None), action))
        raise NotAllowed(action)


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
    """Inviting an organiser or an admin is an admin's call; referents and PO any organiser's."""
    return "invite_organiser" if role in ("organizzatore", "admin") else "invite"
