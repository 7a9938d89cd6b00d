"""Domain errors: handlers turn each into a polite Italian reply; no Telegram types here."""


class DomainError(Exception):
    """Base of every error a user can cause; `str(exc)` is never shown, handlers pick the text."""


class NotAllowed(DomainError):
    """The person's role does not permit the action (the policy module decides)."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action


class NotFound(DomainError):
    """The thing referred to (by id in a button, or by name) does not exist (any more)."""


class StaleAction(DomainError):
    """A button from an old message, or an update already processed: nothing changes."""
