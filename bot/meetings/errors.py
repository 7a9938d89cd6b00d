"""Domain errors of the tavoli; handlers pick the Italian text for each."""
from bot.errors import DomainError


class MeetingStarted(DomainError):
    """The occurrence has started (or is over): RSVPs and changes are closed."""


class MeetingCancelled(DomainError):
    """The occurrence was cancelled."""


class NotParticipant(DomainError):
    """Only participants of the tavolo answer its RSVPs."""
