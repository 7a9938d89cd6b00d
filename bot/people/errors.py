"""Errors of the people feature; handlers map each to a polite Italian reply (texts in bot/texts/people.py)."""
from bot.errors import DomainError, NotFound


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
        self.reason = reason


class BadInput(DomainError):
    """A command's arguments are missing or malformed; `reason` picks the help text."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
