"""What the tavoli show: Replies built from domain objects (dates in the configured zone `tz`)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.meetings import callbacks as cb
from bot.meetings import describe, members, notes, occurrences, skipping, tavoli
from bot.meetings.dialogue import skip_row, skipped_lines
from bot.meetings.models import Occurrence, OccurrenceNote, Tavolo
from bot.meetings.rsvp import Attendance
from bot.people import policy
from bot.people.models import Person
from bot.reply import File, Reply
from bot.texts import Markup, plural, render, shorten
from bot.texts import meetings as t

MAX_LIST = 30  # buttons per list message, well under Telegram's 100
PAGE = 20  # people per page of the presence list


async def _next_text(session: AsyncSession, tavolo: Tavolo, now: datetime, tz: ZoneInfo) -> str:
    occ = await tavoli.next_occurrence(session, tavolo.id, now)
    return describe.when(occ.start_at, tz) if occ else t.NO_DATE


async def _zones_text(session: AsyncSession, tavolo: Tavolo) -> str:
    return t.ALL_ZONES if tavolo.all_zones else ", ".join(await tavoli.zone_names(session, tavolo)) or t.NOBODY


def _where(tavolo: Tavolo) -> str:
    where = render(t.WHERE_PLACE, place=tavolo.place) if tavolo.place else ""
    if tavolo.video_link:
        where += render(t.WHERE_LINK, link=tavolo.video_link)
    return where


async def tavoli_list(session: AsyncSession, person: Person | None, now: datetime, tz: ZoneInfo) -> Reply:
    """/tavoli: the person's tavoli, a mark for those joined, a button per tavolo."""
    found = (await tavoli.visible(session, person))[:MAX_LIST]
    joined = await tavoli.subscribed_ids(session, person.id) if person is not None else set()
    extra = [[{"text": t.NEW_BUTTON, "data": cb.new_tavolo()}]] if policy.can(person, "manage_tavoli") else []
    if not found:
        return Reply(t.LIST_EMPTY, extra or None)
    lines = [t.LIST_HEADER]
    rows = []
    for tavolo in found:
        mark = t.SUBSCRIBED_MARK if tavolo.id in joined else t.NOT_SUBSCRIBED_MARK
        lines.append(render(t.LIST_ITEM, mark=mark, title=tavolo.title,
                            theme=await tavoli.theme_name(session, tavolo) or t.NO_THEME,
                            zones=await _zones_text(session, tavolo), next=await _next_text(session, tavolo, now, tz)))
        rows.append([{"text": shorten(f"{mark} {tavolo.title}"), "data": cb.tavolo(tavolo.id)}])
    return Reply("\n".join(lines), rows + extra)


async def detail(session: AsyncSession, tavolo: Tavolo, person: Person, now: datetime, tz: ZoneInfo,
                 toast: str = "") -> Reply:
    """One tavolo: what, where, when; subscribe or leave; calendar; the latest minutes; organiser tools."""
    joined = tavolo.id in await tavoli.subscribed_ids(session, person.id)
    organiser = policy.can(person, "manage_tavoli")
    pause = skipping.clean(tavolo.skip)
    text = render(t.DETAIL, title=tavolo.title, description=tavolo.description,
                  theme=await tavoli.theme_name(session, tavolo) or t.NO_THEME,
                  zones=await _zones_text(session, tavolo),
                  schedule=describe.schedule(tavolo.rrule, tavolo.dtstart_local, tavolo.dates_local, tz),
                  duration=describe.duration(tavolo.duration_minutes), where=Markup(_where(tavolo)),
                  next=await _next_text(session, tavolo, now, tz),
                  status=t.STATUS_SUBSCRIBED if joined else t.STATUS_NOT_SUBSCRIBED)
    if not tavolo.description:
        text = Markup(text.replace("\n\n", "\n", 1))
    if pause:
        text = Markup(text + render(t.PAUSE_LINE, pause=skipping.describe(pause)))
    toggle = {"text": t.UNSUBSCRIBE, "data": cb.subscribe(tavolo.id, join=False)} if joined else \
        {"text": t.SUBSCRIBE, "data": cb.subscribe(tavolo.id)}
    rows = [[toggle, {"text": t.CALENDAR, "data": cb.calendar(tavolo.id)}]]
    latest = next(iter(await occurrences.past(session, tavolo.id, now, limit=1)), None)
    if latest is not None and "minutes" in await notes.kinds(session, latest.id):
        rows.append([{"text": t.LATEST_MINUTES_BUTTON, "data": cb.note(latest.id, "minutes")}])
    if organiser:
        rows.append([{"text": t.OCCURRENCES_BUTTON, "data": cb.occurrences(tavolo.id)},
                     {"text": t.PAST_BUTTON, "data": cb.occurrences(tavolo.id, past=True)}])
        rows.append([{"text": t.EDIT_BUTTON, "data": cb.edit_menu(tavolo.id)},
                     {"text": t.PEOPLE_BUTTON, "data": cb.people(tavolo.id)}])
    return Reply(text, rows, toast=toast[:190])


async def occurrence_list(session: AsyncSession, tavolo: Tavolo, now: datetime, tz: ZoneInfo,
                          past: bool = False) -> Reply:
    found = await (occurrences.past if past else occurrences.upcoming)(session, tavolo.id, now)
    back = [{"text": t.BACK_TO_TAVOLO, "data": cb.tavolo(tavolo.id)}]
    if not found:
        return Reply(render(t.PAST_LIST_EMPTY if past else t.OCC_LIST_EMPTY, title=tavolo.title), [back])
    rows = []
    for occ in found:
        label = describe.when(occ.start_at, tz)
        if occ.status == "cancelled":
            label = t.OCC_LINE_CANCELLED.format(when=label)
        rows.append([{"text": label, "data": cb.occurrence(occ.id)}])
    return Reply(render(t.PAST_LIST if past else t.OCC_LIST, title=tavolo.title), rows + [back])


def occurrence_detail(result: Attendance, kinds: set[str], now: datetime, tz: ZoneInfo) -> Reply:
    """An occurrence for its organiser: status, answers (and presence), and what can be done with it."""
    occ, tavolo = result.occurrence, result.tavolo
    if occ.status == "cancelled":
        status = t.STATUS_CANCELLED
    elif occ.start_at != occ.original_start:
        status = t.STATUS_MOVED.format(original=describe.when(occ.original_start, tz))
    else:
        status = t.STATUS_SCHEDULED
    text = render(t.OCC_DETAIL, title=tavolo.title, when=describe.when(occ.start_at, tz), status=status,
                  yes=plural(result.count("yes"), *t.RSVP_YES_COUNT), maybe=result.count("maybe"),
                  no=plural(result.count("no"), *t.RSVP_NO_COUNT),
                  none=result.count("none"))
    if result.present:
        text = Markup(text + render(t.OCC_PRESENT, n=len(result.present)))
    rows = [[{"text": t.ATTENDANCE_BUTTON, "data": cb.attendance(occ.id)},
             {"text": t.CSV_BUTTON, "data": cb.attendance(occ.id, as_csv=True)}],
            [{"text": t.REPORT_BUTTON, "data": cb.report(occ.id)}]]
    if occ.status != "cancelled":
        started = occ.start_at <= now
        if not started:
            rows.insert(0, [{"text": t.MOVE_BUTTON, "data": cb.move(occ.id)},
                            {"text": t.CANCEL_BUTTON, "data": cb.cancel(occ.id)}])
            rows.append([{"text": t.NOTE_SET_BUTTONS["agenda"], "data": cb.note(occ.id, "agenda", set_=True)}])
        else:
            rows.append([{"text": t.NOTE_SET_BUTTONS["minutes"], "data": cb.note(occ.id, "minutes", set_=True)},
                         {"text": t.PRESENCE_BUTTON, "data": cb.presence(occ.id)}])
        shown = [{"text": t.NOTE_SHOW_BUTTONS[k], "data": cb.note(occ.id, k)} for k in ("agenda", "minutes") if k in kinds]
        if shown:
            rows.append(shown)
    return Reply(text, rows + [[{"text": t.OCCURRENCES_BUTTON, "data": cb.occurrences(tavolo.id)}]])


def attendance_text(result: Attendance, tz: ZoneInfo) -> Reply:
    def names(key: str) -> str:
        return ", ".join(result.names(key)) or t.NOBODY

    text = render(t.ATTENDANCE, title=result.tavolo.title, when=describe.when(result.occurrence.start_at, tz),
                  yes=result.count("yes"), yes_names=names("yes"), maybe=result.count("maybe"),
                  maybe_names=names("maybe"), no=result.count("no"), no_names=names("no"),
                  none=result.count("none"), none_names=names("none"))
    if result.present:
        came = ", ".join(p.name for p, _ in result.people() if p.id in result.present)
        text = Markup(text + render(t.ATTENDANCE_PRESENT, n=len(result.present), names=came))
    return Reply(text).as_new_message()


def presence_page(result: Attendance, page: int, tz: ZoneInfo, toast: str = "") -> Reply:
    """The organiser ticks who came; each name shows the RSVP beside it."""
    people = result.people()
    last = max(0, (len(people) - 1) // PAGE)
    page = min(page, last)
    rows = []
    for person, key in people[page * PAGE:(page + 1) * PAGE]:
        mark = t.TICK if person.id in result.present else t.UNTICK
        answer = t.RSVP_LABELS.get(key, t.CSV_NO_ANSWER)
        rows.append([{"text": shorten(f"{mark}{person.name} · {answer}"),
                      "data": cb.toggle_presence(result.occurrence.id, person.id, page)}])
    nav = []
    if page > 0:
        nav.append({"text": t.PREVIOUS, "data": cb.presence(result.occurrence.id, page - 1)})
    if page < last:
        nav.append({"text": t.NEXT_PAGE, "data": cb.presence(result.occurrence.id, page + 1)})
    rows += [nav] if nav else []
    rows.append([{"text": t.BACK_TO_MEETING, "data": cb.occurrence(result.occurrence.id)}])
    text = render(t.PRESENCE_PAGE, title=result.tavolo.title, when=describe.when(result.occurrence.start_at, tz),
                  n=len(result.present), total=len(people))
    return Reply(text, rows, toast=toast)


def cancel_confirm(occ: Occurrence, tz: ZoneInfo, n: int) -> Reply:
    return Reply(render(t.CANCEL_CONFIRM, when=describe.when(occ.start_at, tz), n=n),
                 [[{"text": t.CANCEL_YES, "data": cb.cancel(occ.id, confirmed=True)},
                   {"text": t.KEEP, "data": cb.occurrence(occ.id)}]])


async def audience_menu(session: AsyncSession, tavolo: Tavolo) -> Reply:
    zones, theme = await tavoli.audience_options(session, tavolo)
    rows = [[{"text": t.AUDIENCE_ZONE.format(zone=z.name), "data": cb.add_audience(tavolo.id, "z", z.id)}]
            for z in zones]
    if theme is not None:
        rows.append([{"text": t.AUDIENCE_THEME.format(theme=theme.name), "data": cb.add_audience(tavolo.id, "t", theme.id)}])
    rows.append([{"text": t.AUDIENCE_ALL_REFERENTS, "data": cb.add_audience(tavolo.id, "r")}])
    return Reply(render(t.AUDIENCE_MENU, title=tavolo.title), rows)


def cancelled(occ: Occurrence, tavolo: Tavolo, tz: ZoneInfo, n: int) -> Reply:
    return Reply(render(t.CANCELLED_DONE, when=describe.when(occ.start_at, tz), n=n),
                 [[{"text": t.OCCURRENCES_BUTTON, "data": cb.occurrences(tavolo.id)}]])


def report(occ: Occurrence, tavolo: Tavolo, rounds: list, tz: ZoneInfo) -> Reply:
    """Delivery counts per reminder round and notice of one occurrence."""
    lines = [render(t.REPORT_ROUND, label=label,
                    counts=", ".join(f"{n} {t.COUNT_LABELS[k]}" for k, n in r.counts.items() if n) or "0")
             + (render(t.REPORT_EMAIL, n=sum(r.by_channel["email"].values()), sent=r.by_channel["email"]["sent"])
                if "email" in r.by_channel else "")
             for label, r in rounds]
    return Reply(render(t.REPORT, title=tavolo.title, when=describe.when(occ.start_at, tz),
                        rounds=Markup("\n".join(lines)) if lines else t.REPORT_NONE)).as_new_message()


def csv_reply(result: Attendance, data: bytes, tz: ZoneInfo) -> Reply:
    """The attendance CSV as a document, named and captioned in local time."""
    at = result.occurrence.start_at
    name = f"presenze-{result.tavolo.id}-{timefmt.iso_day(at, tz)}.csv"
    caption = render(t.CSV_CAPTION, title=result.tavolo.title, when=timefmt.day_time(at, tz))
    return Reply(files=(File(name, data, caption),))


async def edit_menu(session: AsyncSession, tavolo: Tavolo, now: datetime, tz: ZoneInfo, toast: str = "") -> Reply:
    """What an organiser can change of a tavolo, with its current values and the dates it skips."""
    text = render(t.EDIT_MENU, title=tavolo.title, where=Markup(_where(tavolo) or render(t.WHERE_PLACE,
                                                                                         place=t.PLACE_TBD)),
                  schedule=describe.schedule(tavolo.rrule, tavolo.dtstart_local, tavolo.dates_local, tz),
                  reminders=describe.offsets(tavolo.reminder_offsets),
                  pause=skipping.describe(tavolo.skip), skipped=Markup(skipped_lines(tavolo, now, tz)))
    fields = [{"text": t.EDIT_FIELDS[f], "data": cb.edit_field(tavolo.id, f)} for f in cb.EDIT_FIELDS]
    rows = [fields[:3], fields[3:], skip_row(tavolo.skip, lambda kind: cb.toggle_skip(tavolo.id, kind)),
            [{"text": t.AUDIENCE_BUTTON, "data": cb.audiences(tavolo.id)},
             {"text": t.ARCHIVE_BUTTON, "data": cb.archive(tavolo.id)}],
            [{"text": t.BACK_TO_TAVOLO, "data": cb.tavolo(tavolo.id)}]]
    return Reply(text, rows, toast=toast[:190])


def archive_confirm(tavolo: Tavolo, n: int, people: int) -> Reply:
    return Reply(render(t.ARCHIVE_CONFIRM, title=tavolo.title, n=n, people=people),
                 [[{"text": t.ARCHIVE_YES, "data": cb.archive(tavolo.id, confirmed=True)},
                   {"text": t.KEEP, "data": cb.edit_menu(tavolo.id)}]])


async def people_list(session: AsyncSession, tavolo: Tavolo, toast: str = "") -> Reply:
    """The participants, each with a button to remove them, and one to add a person by name."""
    people = await tavoli.participants(session, tavolo.id)
    rules = await members.rules_of(session, tavolo.id)
    text = plural(len(people), t.PEOPLE_ONE, t.PEOPLE, title=tavolo.title)
    if rules:
        text = Markup(text + render(t.PEOPLE_RULES, n=len(rules)))
    rows = [[{"text": shorten(t.REMOVE_PERSON.format(name=p.name)), "data": cb.remove_person(tavolo.id, p.id)}]
            for p in people[:MAX_LIST]]
    rows.append([{"text": t.ADD_PERSON_BUTTON, "data": cb.add_person(tavolo.id)},
                 {"text": t.AUDIENCE_BUTTON, "data": cb.audiences(tavolo.id)}])
    rows.append([{"text": t.BACK_TO_TAVOLO, "data": cb.tavolo(tavolo.id)}])
    return Reply(text, rows, toast=toast[:190])


def note_reply(occurrence: Occurrence, tavolo: Tavolo, kind: str, note: OccurrenceNote | None, tz: ZoneInfo) -> Reply:
    """The agenda or the minutes of a meeting, as a new message (and its document)."""
    when = describe.when(occurrence.start_at, tz)
    if note is None:
        return Reply.notice(t.NOTE_NONE[kind])
    text = render(t.NOTE_SHOWN[kind], title=tavolo.title, when=when, text=note.text or t.NOTE_SEE_FILE)
    files = (File(note.filename or "documento", note.content, render(t.NOTE_CAPTION[kind], title=tavolo.title)),) \
        if note.content else ()
    return Reply(text, files=files, new_message=True)
