"""The one table that turns a domain error (bot/errors.py) into what the person reads, for every door.

Looked up by the error's class (then its parents) and its `subject`; an entry is a text, or a
function of the error for texts that carry its details. Nothing here says how a door shows it.
"""
from __future__ import annotations

from typing import Any, Callable

from bot.errors import (
    BadDates,
    BadDetail,
    BadInput,
    DomainError,
    EmptyAudience,
    InvalidInvitation,
    MeetingCancelled,
    MeetingStarted,
    NotAllowed,
    NotFound,
    NotParticipant,
    StaleAction,
    TextTooLong,
    UnknownName,
    VersionConflict,
)
from bot.texts import common, render
from bot.texts import curation as curation_texts
from bot.texts import delivery as delivery_texts
from bot.texts import meetings as meeting_texts
from bot.texts import people as people_texts
from bot.texts import proposals as proposal_texts
from bot.texts import questionnaires as questionnaire_texts
from bot.texts import web as web_texts

Entry = str | Callable[[Any], str]  # the function gets the error of its own row

TEXTS: dict[tuple[type[DomainError], str], Entry] = {
    (NotAllowed, ""): common.NOT_ALLOWED,
    (NotFound, ""): common.BUTTON_EXPIRED,
    (NotFound, "tavolo"): meeting_texts.NOT_FOUND,
    (NotFound, "occurrence"): meeting_texts.OCC_NOT_FOUND,
    (NotFound, "draft"): delivery_texts.DRAFT_GONE,
    (StaleAction, ""): common.BUTTON_EXPIRED,
    (StaleAction, "tavolo_step"): meeting_texts.STALE_STEP,
    (StaleAction, "decided"): people_texts.ALREADY_DECIDED,
    (StaleAction, "draft"): delivery_texts.DRAFT_GONE,
    (UnknownName, ""): lambda e: render(people_texts.UNKNOWN[e.kind], name=e.name[:100]),
    (BadInput, ""): common.BUTTON_EXPIRED,
    (BadInput, "pending"): people_texts.REGISTER_PENDING,
    (BadInput, "role"): people_texts.BAD_ROLE,
    (BadInput, "comune"): people_texts.NEED_COMUNE,
    (BadInput, "office"): people_texts.NEED_OFFICE,
    (BadInput, "status"): people_texts.BAD_STATUS,
    (BadInput, "date"): people_texts.BAD_DATE,
    (BadInput, "note"): lambda e: render(people_texts.NOTE_TOO_LONG, **e.details),
    (BadInput, "invita_usage"): people_texts.INVITA_USAGE,
    (BadInput, "registrati_usage"): people_texts.REGISTER_USAGE,
    (BadInput, "copertura_usage"): people_texts.COVERAGE_USAGE,
    (BadInput, "nothing"): curation_texts.NOTHING_TO_END,
    (BadDetail, ""): curation_texts.detail_refused,
    (NotFound, "calendar"): web_texts.CAL_NOT_FOUND,
    (NotParticipant, "calendar"): web_texts.CAL_NOT_PARTICIPANT,
    (InvalidInvitation, ""): lambda e: people_texts.INVITE_INVALID.get(e.reason, people_texts.INVITE_INVALID["unknown"]),
    (NotFound, "participant"): meeting_texts.PERSON_NOT_FOUND,
    (BadInput, "note_length"): lambda e: render(meeting_texts.NOTE_TOO_LONG, **e.details),
    (BadInput, "note_file_size"): lambda e: render(meeting_texts.NOTE_FILE_TOO_BIG, **e.details),
    (BadInput, "note_file_type"): lambda e: render(meeting_texts.NOTE_FILE_TYPE, **e.details),
    (MeetingStarted, ""): meeting_texts.ALREADY_STARTED,
    (MeetingStarted, "not_yet"): meeting_texts.PRESENCE_TOO_EARLY,
    (MeetingStarted, "minutes_early"): meeting_texts.MINUTES_TOO_EARLY,
    (MeetingStarted, "rsvp"): meeting_texts.RSVP_STARTED,
    (MeetingCancelled, ""): meeting_texts.ALREADY_CANCELLED,
    (MeetingCancelled, "rsvp"): meeting_texts.RSVP_CANCELLED,
    (NotParticipant, ""): meeting_texts.RSVP_NOT_PARTICIPANT,
    (EmptyAudience, ""): common.BUTTON_EXPIRED,
    (TextTooLong, ""): lambda e: render(delivery_texts.TEXT_TOO_LONG, length=e.length, limit=e.limit),
    (BadDates, ""): questionnaire_texts.BAD_DATES,
    (VersionConflict, ""): lambda e: render(questionnaire_texts.VERSION_CONFLICT, key=e.key, version=e.version,
                                            next=e.version + 1),
    (NotFound, "invitation"): questionnaire_texts.NOT_INVITED,
    (NotFound, "campaign"): questionnaire_texts.NOT_FOUND_CAMPAIGN,
    (NotFound, "questionnaire"): questionnaire_texts.UNKNOWN_QUESTIONNAIRE,
    (NotFound, "zone"): lambda e: render(people_texts.UNKNOWN["zone"], name=str(e.args[1])[:100]),
    (StaleAction, "q_step"): questionnaire_texts.STALE,
    (BadInput, "stale_extend"): questionnaire_texts.STALE,
    (BadInput, "unit"): questionnaire_texts.UNIT_NEEDS_REFERENTS,
    (BadInput, "closed_campaign"): questionnaire_texts.CLOSED_CAMPAIGN,
    (BadInput, "anonymous_reopen"): questionnaire_texts.ANONYMOUS_REOPEN,
    (BadInput, "nothing_to_reopen"): questionnaire_texts.NOTHING_TO_REOPEN,
    (BadInput, "not_yet_free"): lambda e: render(questionnaire_texts.NOT_YET_FREE, **e.details),
    (NotFound, "proposals_campaign"): lambda e: render(proposal_texts.NOT_FOUND, campaign=str(e.args[1])[:12]),
    (StaleAction, "proposal"): proposal_texts.STALE,
    (BadInput, "proposals_usage"): proposal_texts.USAGE,
}


def text_for(exc: DomainError) -> str:
    """What to tell the person about `exc`: the most specific entry of its class and subject."""
    for kind in type(exc).__mro__:
        entry = TEXTS.get((kind, exc.subject)) or TEXTS.get((kind, ""))
        if entry is not None:
            return entry(exc) if callable(entry) else entry
    return common.ERROR
