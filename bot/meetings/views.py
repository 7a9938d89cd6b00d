"""What the chat shows for the tavoli: texts and keyboard specs, built from domain objects."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.meetings import describe, occurrences, tavoli
from bot.meetings.models import Occurrence, Tavolo
from bot.meetings.rsvp import Attendance
from bot.people import policy
from bot.people.models import Person
from bot.texts import Markup, render
from bot.texts import meetings as t

MAX_LIST = 30  # buttons per list message, well under Telegram's 100


def _tz(tavolo: Tavolo) -> ZoneInfo:
    return ZoneInfo(tavolo.timezone)


async def _next_text(session: AsyncSession, tavolo: Tavolo, now: datetime) -> str:
    occ = await tavoli.next_occurrence(session, tavolo.id, now)
    return describe.when(occ.start_at, _tz(tavolo)) if occ else t.NO_DATE


async def _zones_text(session: AsyncSession, tavolo: Tavolo) -> str:
    return t.ALL_ZONES if tavolo.all_zones else ", ".join(await tavoli.zone_names(session, tavolo)) or t.NOBODY


async def tavoli_list(session: AsyncSession, person: Person, now: datetime) -> tuple[str, list[list[dict]]]:
    """/tavoli: the person's tavoli, a mark for those joined, a button per tavolo."""
    found = (await tavoli.visible(session, person))[:MAX_LIST]
    joined = await tavoli.subscribed_ids(session, person.id)
    organiser = policy.can(person, "manage_tavoli")
    extra = [[{"text": t.NEW_BUTTON, "data": "m:new"}]] if organiser else []
    if not found:
        return t.LIST_EMPTY, extra
    lines = [t.LIST_HEADER]
    rows = []
    for tavolo in found:
        mark = t.SUBSCRIBED_MARK if tavolo.id in joined else t.NOT_SUBSCRIBED_MARK
        lines.append(render(t.LIST_ITEM, mark=mark, title=tavolo.title,
                            theme=await tavoli.theme_name(session, tavolo) or t.NO_THEME,
                            zones=await _zones_text(session, tavolo), next=await _next_text(session, tavolo, now)))
        rows.append([{"text": f"{mark} {tavolo.title}"[:60], "data": f"m:t:{tavolo.id}"}])
    return "\n".join(lines), rows + extra


async def detail(session: AsyncSession, tavolo: Tavolo, person: Person, now: datetime) -> tuple[str, list[list[dict]]]:
    """One tavolo: what, where, when; subscribe or leave; calendar; organiser tools."""
    joined = tavolo.id in await tavoli.subscribed_ids(session, person.id)
    where = render(t.WHERE_PLACE, place=tavolo.place) if tavolo.place else ""
    if tavolo.video_link:
        where += render(t.WHERE_LINK, link=tavolo.video_link)
    text = render(t.DETAIL, title=tavolo.title, description=tavolo.description,
                  theme=await tavoli.theme_name(session, tavolo) or t.NO_THEME,
                  zones=await _zones_text(session, tavolo),
                  schedule=describe.schedule(tavolo.rrule, tavolo.dtstart_local, tavolo.dates_local),
                  duration=describe.duration(tavolo.duration_minutes), where=Markup(where),
                  next=await _next_text(session, tavolo, now),
                  status=t.STATUS_SUBSCRIBED if joined else t.STATUS_NOT_SUBSCRIBED)
    toggle = {"text": t.UNSUBSCRIBE, "data": f"m:u:{tavolo.id}"} if joined else \
        {"text": t.SUBSCRIBE, "data": f"m:s:{tavolo.id}"}
    rows = [[toggle, {"text": t.CALENDAR, "data": f"m:cal:{tavolo.id}"}]]
    if policy.can(person, "manage_tavoli"):
        rows.append([{"text": t.OCCURRENCES_BUTTON, "data": f"m:o:{tavolo.id}"},
                     {"text": t.AUDIENCE_BUTTON, "data": f"m:aud:{tavolo.id}"}])
    return text.replace("\n\n", "\n", 1) if not tavolo.description else text, rows


async def occurrence_list(session: AsyncSession, tavolo: Tavolo, organiser: Person,
                          now: datetime) -> tuple[str, list[list[dict]]]:
    policy.require(organiser, "manage_tavoli")
    found = await occurrences.upcoming(session, tavolo.id, now)
    if not found:
        return render(t.OCC_LIST_EMPTY, title=tavolo.title), []
    rows = []
    for occ in found:
        label = describe.when(occ.start_at, _tz(tavolo))
        if occ.status == "cancelled":
            label = t.OCC_LINE_CANCELLED.format(when=label)
        rows.append([{"text": label, "data": f"m:oc:{occ.id}"}])
    return render(t.OCC_LIST, title=tavolo.title), rows


def occurrence_detail(result: Attendance) -> tuple[str, list[list[dict]]]:
    """An occurrence for its organiser: status, answer counts, and what can be done with it."""
    occ, tavolo, tz = result.occurrence, result.tavolo, _tz(result.tavolo)
    if occ.status == "cancelled":
        status = t.STATUS_CANCELLED
    elif occ.start_at != occ.original_start:
        status = t.STATUS_MOVED.format(original=describe.when(occ.original_start, tz))
    else:
        status = t.STATUS_SCHEDULED
    text = render(t.OCC_DETAIL, title=tavolo.title, when=describe.when(occ.start_at, tz), status=status,
                  yes=result.count("yes"), maybe=result.count("maybe"), no=result.count("no"),
                  none=result.count("none"))
    rows = [[{"text": t.ATTENDANCE_BUTTON, "data": f"m:p:{occ.id}"}, {"text": t.CSV_BUTTON, "data": f"m:csv:{occ.id}"}],
            [{"text": t.REPORT_BUTTON, "data": f"m:rep:{occ.id}"}]]
    if occ.status != "cancelled":
        rows.insert(0, [{"text": t.MOVE_BUTTON, "data": f"m:mv:{occ.id}"},
                        {"text": t.CANCEL_BUTTON, "data": f"m:x:{occ.id}"}])
    return text, rows + [[{"text": t.OCCURRENCES_BUTTON, "data": f"m:o:{tavolo.id}"}]]


def attendance_text(result: Attendance) -> str:
    def names(key: str) -> str:
        return ", ".join(result.names(key)) or t.NOBODY

    return render(t.ATTENDANCE, title=result.tavolo.title,
                  when=describe.when(result.occurrence.start_at, _tz(result.tavolo)),
                  yes=result.count("yes"), yes_names=names("yes"), maybe=result.count("maybe"),
                  maybe_names=names("maybe"), no=result.count("no"), no_names=names("no"),
                  none=result.count("none"), none_names=names("none"))


def cancel_confirm(occ: Occurrence, tavolo: Tavolo, n: int) -> tuple[str, list[list[dict]]]:
    return (render(t.CANCEL_CONFIRM, when=describe.when(occ.start_at, _tz(tavolo)), n=n),
            [[{"text": t.CANCEL_YES, "data": f"m:xy:{occ.id}"}, {"text": t.KEEP, "data": f"m:oc:{occ.id}"}]])


async def audience_menu(session: AsyncSession, tavolo: Tavolo, organiser: Person) -> tuple[str, list[list[dict]]]:
    policy.require(organiser, "manage_tavoli")
    zones, theme = await tavoli.audience_options(session, tavolo)
    rows = [[{"text": t.AUDIENCE_ZONE.format(zone=z.name), "data": f"m:ad:{tavolo.id}:z:{z.id}"}] for z in zones]
    if theme is not None:
        rows.append([{"text": t.AUDIENCE_THEME.format(theme=theme.name), "data": f"m:ad:{tavolo.id}:t:{theme.id}"}])
    rows.append([{"text": t.AUDIENCE_ALL_REFERENTS, "data": f"m:ad:{tavolo.id}:r:0"}])
    return render(t.AUDIENCE_MENU, title=tavolo.title), rows


def cancelled(occ: Occurrence, tavolo: Tavolo, n: int) -> tuple[str, list[list[dict]]]:
    return (render(t.CANCELLED_DONE, when=describe.when(occ.start_at, _tz(tavolo)), n=n),
            [[{"text": t.OCCURRENCES_BUTTON, "data": f"m:o:{tavolo.id}"}]])


def report(occ: Occurrence, tavolo: Tavolo, rounds: list) -> str:
    """Delivery counts per reminder round and notice of one occurrence."""
    lines = [render(t.REPORT_ROUND, label=label,
                    counts=", ".join(f"{n} {t.COUNT_LABELS[k]}" for k, n in r.counts.items() if n) or "0")
             for label, r in rounds]
    return render(t.REPORT, title=tavolo.title, when=describe.when(occ.start_at, _tz(tavolo)),
                  rounds=Markup("\n".join(lines)) if lines else t.REPORT_NONE)


def csv_document(result: Attendance) -> tuple[str, str]:
    """File name and caption of the attendance CSV, dated in local time."""
    when = result.occurrence.start_at.astimezone(_tz(result.tavolo))
    return (f"presenze-{result.tavolo.id}-{when:%Y-%m-%d}.csv",
            render(t.CSV_CAPTION, title=result.tavolo.title, when=f"{when:%d/%m/%Y %H:%M}"))
