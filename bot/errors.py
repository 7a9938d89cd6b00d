"""Every error a person can cause, in one place: features raise them, the doors answer with the text
that bot/texts/errors.py gives each (no Telegram types, no wording here; `str(exc)` is never shown).

`subject` picks a more precise wording where one kind of error reads differently in different
places (a missing tavolo and a missing meeting are both NotFound); the table falls back to the
error's plain text when it has none for the subject.
"""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause."""

    subject: str = ""


class NotAllowed(DomainError):
    """The person's role does not permit the action (the policy module decides)."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action


class NotFound(DomainError):
    """The thing referred to (by id in a button, or by name) does not exist (any more)."""

    def __init__(self, subject: str = "", *ref: object) -> None:
        super().__init__(subject, *ref)
        self.subject = subject if isinstance(subject, str) else ""


class StaleAction(DomainError):
    """A button from an old message, or an update already processed: nothing changes."""

    def __init__(self, subject: str = "", *ref: object) -> None:
        super().__init__(subject, *ref)
        self.subject = subject if isinstance(subject, str) else ""


class BadInput(DomainError):
    """A command's or a dialogue's input is missing or malformed; `reason` picks the help text,
    `details` fill it (e.g. a limit)."""

    def __init__(self, reason: str, **details: object) -> None:
        super().__init__(reason)
        self.reason = self.subject = reason
        self.details = details


class UnknownName(NotFound):
    """A comune, zone, office or service named by the person does not exist; `kind` says which."""

    def __init__(self, kind: str, name: str) -> None:
        super().__init__(kind, name)
        self.kind = kind
        self.name = name


class InvalidInvitation(DomainError):
    """The invitation token is unknown, used, expired or revoked (`reason`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = self.subject = reason


class InvalidLink(DomainError):
    """A web login link that is unknown, already used, or expired (`reason`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = self.subject = reason


# ---- catalogue curation ----

class BadDetail(DomainError):
    """A contact or detail of an office or service refused: `reason` is the field whose value is wrong,
    or kind / field / source / code / text; `value` what was given (cut)."""

    def __init__(self, reason: str, value: str = "") -> None:
        super().__init__(reason)
        self.reason = self.subject = reason
        self.value = value[:100]


# ---- tavoli ----

class MeetingStarted(DomainError):
    """The occurrence has started (or is over): RSVPs and changes are closed."""

    def __init__(self, subject: str = "") -> None:
        super().__init__(subject)
        self.subject = subject


class MeetingCancelled(DomainError):
    """The occurrence was cancelled."""

    def __init__(self, subject: str = "") -> None:
        super().__init__(subject)
        self.subject = subject


class NotParticipant(DomainError):
    """Only participants of the tavolo answer its RSVPs (or get its calendar feed: subject "calendar")."""

    def __init__(self, subject: str = "", *ref: object) -> None:
        super().__init__(subject, *ref)
        self.subject = subject if isinstance(subject, str) else ""


# ---- announcements ----

class EmptyAudience(DomainError):
    """Nobody reachable is in the chosen audience."""


class TextTooLong(DomainError):
    """An announcement longer than a message can carry."""

    def __init__(self, length: int, limit: int = 0) -> None:
        super().__init__(length)
        self.length, self.limit = length, limit


# ---- questionnaires ----

class BadDates(DomainError):
    """The closing date must follow the opening date and lie in the future."""


class VersionConflict(DomainError):
    """Same questionnaire id and version already stored with different content: the version must be raised."""

    def __init__(self, key: str, version: int) -> None:
        super().__init__(f"{key} v{version}")
        self.key, self.version = key, version
