"""Recurrence in Europe/Rome wall time: 10:00 stays 10:00 across the March and October changes."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from bot.meetings import ics
from bot.meetings.models import Occurrence
from bot.meetings.recurrence import expand_rule, materialise, to_utc
from tests import meeting_helpers as h

ROME = ZoneInfo("Europe/Rome")
UTC = timezone.utc


def test_weekly_sunday_across_march_change_2027():
    # 28 March 2027 is the last Sunday of March: clocks go from 02:00 CET to 03:00 CEST
    starts = expand_rule("FREQ=WEEKLY;BYDAY=SU", datetime(2027, 3, 21, 10, 0), ROME,
                         datetime(2027, 3, 20, tzinfo=UTC), datetime(2027, 4, 5, tzinfo=UTC))
    assert starts == [datetime(2027, 3, 21, 9, 0, tzinfo=UTC), datetime(2027, 3, 28, 8, 0, tzinfo=UTC),
                      datetime(2027, 4, 4, 8, 0, tzinfo=UTC)]
    assert {s.astimezone(ROME).strftime("%H:%M") for s in starts} == {"10:00"}


def test_weekly_sunday_across_october_change_2027():
    # 31 October 2027 is the last Sunday of October: clocks go back from 03:00 CEST to 02:00 CET
    starts = expand_rule("RRULE:FREQ=WEEKLY;BYDAY=SU", datetime(2027, 10, 24, 10, 0), ROME,
                         datetime(2027, 10, 23, tzinfo=UTC), datetime(2027, 11, 8, tzinfo=UTC))
    assert starts == [datetime(2027, 10, 24, 8, 0, tzinfo=UTC), datetime(2027, 10, 31, 9, 0, tzinfo=UTC),
                      datetime(2027, 11, 7, 9, 0, tzinfo=UTC)]
    assert {s.astimezone(ROME).strftime("%H:%M") for s in starts} == {"10:00"}


def test_daily_meeting_on_the_change_days_themselves():
    starts = expand_rule("FREQ=DAILY", datetime(2027, 3, 27, 10, 0), ROME,
                         datetime(2027, 3, 27, tzinfo=UTC), datetime(2027, 3, 29, 12, tzinfo=UTC))
    assert [s.astimezone(ROME).strftime("%d %H:%M %Z") for s in starts] == ["27 10:00 CET", "28 10:00 CEST",
                                                                              "29 10:00 CEST"]


def test_first_tuesday_of_the_month_at_ten():
    starts = expand_rule("FREQ=MONTHLY;BYDAY=1TU", datetime(2027, 1, 1, 10, 0), ROME,
                         datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 12, 31, tzinfo=UTC))
    local = [s.astimezone(ROME) for s in starts]
    assert [d.strftime("%Y-%m-%d") for d in local] == [
        "2027-01-05", "2027-02-02", "2027-03-02", "2027-04-06", "2027-05-04", "2027-06-01",
        "2027-07-06", "2027-08-03", "2027-09-07", "2027-10-05", "2027-11-02", "2027-12-07"]
    assert all(d.weekday() == 1 and d.day <= 7 and d.strftime("%H:%M") == "10:00" for d in local)
    assert starts[2] == datetime(2027, 3, 2, 9, 0, tzinfo=UTC) and starts[3] == datetime(2027, 4, 6, 8, 0, tzinfo=UTC)


def test_time_in_the_spring_gap_moves_forward_and_repeated_hour_takes_the_first():
    assert to_utc(datetime(2027, 3, 28, 2, 30), ROME) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert to_utc(datetime(2027, 10, 31, 2, 30), ROME) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # CEST


async def test_materialise_is_idempotent_and_stores_utc(db):
    now = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    async with db.session() as s:
        tavolo = await h.monthly_tavolo(s, now=now, rule="FREQ=WEEKLY;BYDAY=SU", start="2027-03-21T10:00")
    async with db.session() as s:
        assert await materialise(s, tavolo, now=now) == 0  # save() already materialised the horizon
        assert await materialise(s, tavolo, now=now) == 0
        rows = (await s.scalars(select(Occurrence).where(Occurrence.tavolo_id == tavolo.id)
                                .order_by(Occurrence.start_at))).all()
    assert len(rows) == 25  # Sundays from 21 March to 5 September 2027 (the 190-day horizon)
    assert rows[0].start_at == datetime(2027, 3, 21, 9, 0, tzinfo=UTC)
    assert rows[1].start_at == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
    assert {r.start_at.astimezone(ROME).strftime("%H:%M") for r in rows} == {"10:00"}
    assert all(r.original_start == r.start_at and r.status == "scheduled" for r in rows)
    async with db.session() as s:  # a week later the horizon has moved on by exactly one Sunday
        assert await materialise(s, tavolo, now=datetime(2027, 3, 8, 8, 0, tzinfo=UTC)) == 1


async def test_ics_uid_is_stable_across_a_move_and_shared_with_the_series(db):
    now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    async with db.session() as s:
        tavolo = await h.monthly_tavolo(s, now=now)
        occ = (await s.scalars(select(Occurrence).where(Occurrence.tavolo_id == tavolo.id)
                               .order_by(Occurrence.start_at))).first()
        single = Calendar.from_ical(ics.occurrence_ics(tavolo, occ, now=now))
        occ.start_at, occ.sequence = datetime(2027, 1, 12, 9, 0, tzinfo=UTC), 1
        moved = Calendar.from_ical(ics.occurrence_ics(tavolo, occ, now=now))
        series = Calendar.from_ical(ics.series_ics(tavolo, [occ], now=now))
    first, after = single.walk("VEVENT")[0], moved.walk("VEVENT")[0]
    assert str(first["UID"]) == str(after["UID"]) == f"tavolo-{tavolo.id}-20270105T090000Z@zobot"
    assert first.decoded("DTSTART") == datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    assert after.decoded("DTSTART") == datetime(2027, 1, 12, 9, 0, tzinfo=UTC) and after["SEQUENCE"] == 1
    assert first.decoded("DTEND") == datetime(2027, 1, 5, 11, 0, tzinfo=UTC)
    assert str(first["LOCATION"]) == "Palazzo Isimbardi, https://meet.example.org/t"
    assert [str(e["UID"]) for e in series.walk("VEVENT")] == [str(first["UID"])]


def test_a_rule_dateutil_refuses_is_explained_in_italian():
    """dateutil's English reasons are reworded (bot/texts/meetings.py RULE_REASONS); an unknown one is not shown."""
    import pytest

    from bot.meetings.recurrence import InvalidSchedule, validate_rule

    start = datetime(2027, 1, 4, 10, 0)
    said = {}
    for rule in ("FREQ=WEEKLY;FOO=1", "FREQ=WEEKLY;BYDAY=XX", "FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO", "FREQ=WEEKLY;;=3"):
        with pytest.raises(InvalidSchedule) as caught:
            validate_rule(rule, start, ROME)
        said[rule] = str(caught.value)
    assert said == {
        "FREQ=WEEKLY;FOO=1": "RRULE 'FREQ=WEEKLY;FOO=1' non è valida: parametro sconosciuto FOO",
        "FREQ=WEEKLY;BYDAY=XX": "RRULE 'FREQ=WEEKLY;BYDAY=XX' non è valida: XX non è un valore valido per BYDAY",
        "FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO": "RRULE 'FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO' non è valida: BYSETPOS deve "
                                            "essere fra 1 e 366 o fra -366 e -1",
        "FREQ=WEEKLY;;=3": "RRULE 'FREQ=WEEKLY;;=3' non è valida: controllare i nomi e i valori dei parametri",
    }
