"""What the /copertura dialogue shows: texts and keyboards (`cv:` buttons), the coverage card with its history."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot import timefmt
from bot.catalogue import coverage
from bot.catalogue.answers import lines
from bot.catalogue.index import COMUNE
from bot.catalogue.models import Coverage, Service
from bot.people import coverage_callbacks as cb
from bot.people import monitoring
from bot.reply import Reply
from bot.texts import Markup, render, shorten
from bot.texts import curation as T
from bot.texts import people as P

LIST_LIMIT = 90
HISTORY_LINES = 8
CANCEL_ROW = [{"text": T.BUTTON_CANCEL, "data": cb.leave()}]


def _since(day: date | None) -> str:
    return render(P.COVERAGE_SINCE, date=timefmt.day(day)) if day else ""


def service_list(services: list[Service]) -> Reply:
    if not services:
        return Reply(Markup(P.COVERAGE_NO_SERVICES))
    rows = [[{"text": shorten(s.name), "data": cb.service(s.id)}] for s in services[:LIST_LIMIT]]
    return Reply(lines(Markup(P.COVERAGE_PICK), Markup(T.ASK_SERVICE), "", Markup(P.COVERAGE_USAGE)),
                  rows + [CANCEL_ROW])


def service_candidates(text: str, candidates: list, own: list[Service]) -> Reply:
    if candidates:
        rows = [[{"text": shorten(e.label), "data": cb.service(e.id)}] for e in candidates]
        return Reply(render(T.SERVICE_CANDIDATES, text=text[:60]), rows + [CANCEL_ROW])
    rows = [[{"text": shorten(s.name), "data": cb.service(s.id)}] for s in own[:LIST_LIMIT]]
    return Reply(render(T.SERVICE_NOT_FOUND, text=text[:60]), rows + [CANCEL_ROW])


def _zone_rows(zones) -> list[list[dict]]:
    buttons = [{"text": shorten(z.name), "data": cb.zone(z.id)} for z in zones]
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


def ask_place(zones) -> Reply:
    return Reply(Markup(T.ASK_PLACE), _zone_rows(zones) + [CANCEL_ROW])


def place_candidates(text: str, candidates: list, zones) -> Reply:
    if not candidates:
        return Reply(render(T.PLACE_NOT_FOUND, text=text[:60]), _zone_rows(zones) + [CANCEL_ROW])
    rows = [[{"text": shorten(e.label), "data": cb.comune(e.id) if e.kind == COMUNE else cb.zone(e.id)}]
            for e in candidates]
    return Reply(render(T.PLACE_CANDIDATES, text=text[:60]), rows + [CANCEL_ROW])


async def current_status(session, service_id: int, scope_key: str) -> str | None:
    row = await session.scalar(select(Coverage).where(Coverage.service_id == service_id,
                                                      Coverage.scope_key == scope_key))
    return row.status if row is not None else None


def ask_status(service: str, place: str, current: str | None, *, nothing_to_end: bool = False) -> Reply:
    text = render(T.ASK_STATUS, service=service, place=place, current=current or T.NOTHING_RECORDED)
    rows = [[{"text": T.STATUS_BUTTONS[s], "data": cb.status(i)}] for i, s in enumerate(cb.STATUSES)]
    return Reply(lines(Markup(T.NOTHING_TO_END), text) if nothing_to_end else text, rows + [CANCEL_ROW])


def ask_since(*, error: bool = False) -> Reply:
    return Reply(Markup(T.BAD_SINCE if error else T.ASK_SINCE),
                  [[{"text": T.BUTTON_TODAY, "data": cb.since(True)}, {"text": T.BUTTON_NO_DATE, "data": cb.since(False)}],
                   CANCEL_ROW])


def ask_confirm(service: str, place: str, status: str, since: date | None) -> Reply:
    return Reply(render(T.ASK_CONFIRM, service=service, place=place, status=status, since=_since(since)),
                  [[{"text": T.BUTTON_SAVE, "data": cb.save()}], CANCEL_ROW])


def saved(service: Service, place: str, status: str, since: date | None) -> Reply:
    return Reply(render(T.SAVED, service=service.name, place=place, status=status, since=_since(since)),
                  [[{"text": T.BUTTON_OTHER_PLACE, "data": cb.service(service.id)}],
                   [{"text": T.BUTTON_SERVICES, "data": cb.services()}]])


def saved_line(service: str, place: str, status: str, since: date | None) -> Reply:
    """The one-line form's answer (its wording predates the dialogue)."""
    return Reply(render(P.COVERAGE_SAVED, service=service, place=place, status=status, since=_since(since)))


def left() -> Reply:
    return Reply(Markup(T.LEFT))


async def card(session, service: Service, tz: ZoneInfo, then: Reply | None, *, head: Reply | None = None) -> Reply:
    """The service's coverage now (with sources) and its history; `then` (a question) follows it, `head`
    (what was just saved) comes before it and brings its buttons."""
    out = [render(P.COVERAGE_HEADER, service=service.name, code=service.code)]
    for cov, place in await monitoring.coverage_of(session, service.id):
        note = render(P.COVERAGE_NOTE, note=cov.note[:200]) if cov.note else ""
        source = render(T.COVERAGE_SOURCE, source=cov.source[:200]) if cov.source else ""
        out.append(render(P.COVERAGE_ROW, place=place, status=cov.status, since=_since(cov.since), note=note) + source)
    if len(out) == 1:
        out.append(P.COVERAGE_NONE)
    found, total = await coverage.history(session, service.id, limit=HISTORY_LINES)
    out += ["", render(T.HISTORY_HEAD, shown=len(found), total=total) if found else T.HISTORY_NONE]
    out += [render(T.HISTORY_LINE, date=timefmt.day(h.at, tz), place=h.place,
                   old=h.old or T.NO_VALUE, new=h.new, since=_since(h.since), source=(h.source or T.NO_VALUE)[:200])
            for h in found]
    if head is not None:
        return Reply(lines(head.text, "", *out), head.rows)
    if then is None:
        rows = [[{"text": T.BUTTON_OTHER_PLACE, "data": cb.service(service.id)}],
                [{"text": T.BUTTON_SERVICES, "data": cb.services()}]]
        return Reply(lines(*out), rows)
    return Reply(lines(*out, "", then.text), then.rows)
