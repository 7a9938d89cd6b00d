"""Personal invitations: unguessable deep-link tokens, stored only as a hash, single use, expiring, revocable."""
from __future__ import annotations

import hashlib
import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue import lookup
from bot.errors import BadInput, InvalidInvitation, UnknownName
from bot.people import audit, membership
from bot.people.models import Invitation, Person

PREFIX = "i_"  # /start payloads: "i_" invitations (here), "q_" questionnaires (not ours)
TOKEN_BYTES = 24  # 192 random bits -> 32 URL-safe characters
PAYLOAD_RE = re.compile(r"^i_[A-Za-z0-9_-]{32}$")
DEEP_LINK_MAX = 64  # Telegram: /start payload up to 64 characters of A-Za-z0-9_-


@dataclass(frozen=True)
class Spec:
    """What an invitation grants; built by `resolve` from the names an organiser typed."""

    role: str
    comune_ids: tuple[int, ...] = ()
    office_id: int | None = None
    name: str = ""
    email: str | None = None
    labels: tuple[str, ...] = field(default=(), compare=False)  # comune/office names, for messages


@dataclass(frozen=True)
class Created:
    invitation: Invitation
    token: str  # shown once to the organiser, never stored

    @property
    def payload(self) -> str:
        return payload(self.token)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def payload(token: str) -> str:
    """The /start payload for a token, checked against Telegram's deep-link rules."""
    value = PREFIX + token
    if len(value) > DEEP_LINK_MAX or not PAYLOAD_RE.match(value):
        raise ValueError("invitation payload outside Telegram's deep-link alphabet or length")
    return value


def link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username.lstrip('@')}?start={payload(token)}"


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """The link as a QR code PNG (error correction M, quiet zone 4) for print or e-mail."""
    import segno  # here: only invitations with a QR code need it

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def token_from(text: str) -> str | None:
    """The token inside a payload or a full link, if it has the right shape."""
    text = (text or "").strip()
    text = text.rsplit("start=", 1)[-1]
    if PAYLOAD_RE.match(text):
        return text[len(PREFIX):]
    return text if re.fullmatch(r"[A-Za-z0-9_-]{32}", text) else None


async def resolve(session: AsyncSession, role: str, *, comuni: list[str] = (), office: str | None = None,
                  name: str = "", email: str | None = None) -> Spec:
    """Check the role and turn comune/office names into ids; UnknownName or BadInput otherwise."""
    role = (role or "").strip().lower()
    if role == "organiser":
        role = "organizzatore"
    if role not in membership.MEMBER_ROLES:  # admin comes from ZOBOT_ADMINS only, never from an invitation
        raise BadInput("role")
    comune_ids, labels = [], []
    for raw in [c for c in comuni if c and c.strip()]:
        found = await lookup.comune(session, raw)
        if found is None:
            raise UnknownName("comune", raw.strip())
        comune_ids.append(found.id)
        labels.append(found.name)
    office_id = None
    if office and office.strip():
        found_office = await lookup.office(session, office)
        if found_office is None:
            raise UnknownName("office", office.strip())
        office_id = found_office.id
        labels.append(found_office.name)
    if role == "referente" and not comune_ids:
        raise BadInput("comune")
    if role == "po" and office_id is None:
        raise BadInput("office")
    return Spec(role, tuple(dict.fromkeys(comune_ids)), office_id, (name or "").strip()[:200],
                (email or "").strip()[:200] or None, tuple(labels))


async def create(session: AsyncSession, spec: Spec, *, actor: Person | str | None, now: datetime,
                 ttl_days: int, batch: str | None = None) -> Created:
    """Store a new invitation (hash only) and audit it; the token is returned once."""
    token = new_token()
    invitation = Invitation(token_hash=hash_token(token), role=spec.role, comune_ids=list(spec.comune_ids),
                            office_id=spec.office_id, name=spec.name, email=spec.email, batch=batch,
                            created_by=actor.id if isinstance(actor, Person) else None,
                            created_at=now, expires_at=now + timedelta(days=ttl_days))
    session.add(invitation)
    await session.flush()
    await audit.record(session, actor, "invite.create", f"invitation:{invitation.id}",
                       {"role": spec.role, "comuni": list(spec.comune_ids), "office_id": spec.office_id,
                        "batch": batch}, now=now)
    return Created(invitation, token)


async def redeem(session: AsyncSession, person: Person, token: str, *, now: datetime) -> Invitation:
    """Use an invitation once: the person gets its role, comuni and office. InvalidInvitation otherwise."""
    invitation = await session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if invitation is None:
        raise InvalidInvitation("unknown")
    if invitation.revoked_at is not None:
        raise InvalidInvitation("revoked")
    if invitation.used_at is not None:
        raise InvalidInvitation("mine" if invitation.used_by == person.id else "used")
    if invitation.expires_at <= now:
        raise InvalidInvitation("expired")
    if invitation.role not in membership.MEMBER_ROLES:  # an admin invitation made before admins came from settings
        raise InvalidInvitation("unknown")
    claimed = await session.execute(
        update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None),
                                 Invitation.revoked_at.is_(None))
        .values(used_at=now, used_by=person.id).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # someone else got there first
        raise InvalidInvitation("used")
    await membership.grant(session, person, invitation.role, comune_ids=invitation.comune_ids or (),
                           office_id=invitation.office_id)
    await audit.record(session, person, "invite.redeem", f"invitation:{invitation.id}",
                       {"role": invitation.role}, now=now)
    return invitation


async def revoke(session: AsyncSession, ref: str, *, actor: Person | str | None, now: datetime) -> Invitation:
    """Revoke by id, token or link; a used invitation cannot be revoked (revoke the member instead)."""
    ref = (ref or "").strip()
    token = token_from(ref)
    if token is not None:
        invitation = await session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    elif ref.isdigit():
        invitation = await session.get(Invitation, int(ref))
    else:
        raise BadInput("ref")
    if invitation is None:
        raise InvalidInvitation("unknown")
    if invitation.used_at is not None:
        raise InvalidInvitation("used")
    if invitation.revoked_at is None:
        invitation.revoked_at = now
        await audit.record(session, actor, "invite.revoke", f"invitation:{invitation.id}", {}, now=now)
    return invitation


def parse_chat(args: str) -> tuple[str, list[str], str | None, str]:
    """'/invita referente Rho, Pero; Nome' -> (role, comuni, office, name); BadInput('invita_usage') if empty."""
    head, _, name = (args or "").partition(";")
    words = head.split(maxsplit=1)
    if not words:
        raise BadInput("invita_usage")
    role, rest = words[0].lower(), (words[1] if len(words) > 1 else "")
    if role == "referente":
        return role, [c.strip() for c in rest.split(",") if c.strip()], None, name.strip()
    return role, [], rest.strip() or None, name.strip()
