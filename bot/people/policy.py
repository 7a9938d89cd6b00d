"""The one place that decides who may do what. Every command and callback asks `can`/`require`.

Roles: referente (one or more comuni), po (an office and its services), organizzatore, admin.
Admins are bootstrapped from ZOBOT_ADMINS and may do everything an organiser may.
"""
from __future__ import annotations

from bot.errors import NotAllowed
from bot.people.models import Person

ORGANISER_ROLES = frozenset({"organizzatore", "admin"})

# action -> roles allowed
RULES: dict[str, frozenset[str]] = {
    "broadcast": ORGANISER_ROLES,
    "launch_questionnaire": ORGANISER_ROLES,
    "see_results": ORGANISER_ROLES,
    "see_named_answers": ORGANISER_ROLES,
    "manage_tavoli": ORGANISER_ROLES,
    "delivery_report": ORGANISER_ROLES,
    "invite": ORGANISER_ROLES,
    "approve_registration": ORGANISER_ROLES,
    "view_audit": frozenset({"admin"}),
    "update_coverage": frozenset({"po", "admin"}),
}


def can(person: Person | None, action: str) -> bool:
    """True if the person's role allows the action; unknown actions are refused."""
    if person is None or person.role is None:
        return False
    return person.role in RULES.get(action, frozenset())


def require(person: Person | None, action: str) -> None:
    """Raise NotAllowed unless `can(person, action)`."""
    if not can(person, action):
        raise NotAllowed(action)
