"""`zobot questionnaire check|add|list|launch|status|pending|remind|extend|close|reopen|results|export`.

The operator's door to the questionnaires' use cases (bot/questionnaires/service.py, audited as "cli"); what it
prints is Italian, like everything a CMM operator reads (bot/texts/questionnaires.py).
"""
from __future__ import annotations

import asyncio
import sys
import uuid
from datetime import date, datetime, time
from pathlib import Path

from bot.clock import Clock
from bot.db.engine import Database
from bot.errors import DomainError, NotFound
from bot.people.audience import Audience
from bot.questionnaires import charts, export, registry, report
from bot.questionnaires.definition import AUDIENCES, InvalidDefinition
from bot.questionnaires.service import QuestionnaireService
from bot.reply import plain
from bot.texts import plural
from bot.texts import questionnaires as T
from bot.texts.datafiles import os_reason
from bot.texts.errors import text_for
from bot.timefmt import day, day_at

H = T.CLI


def add_parser(sub) -> None:
    p = sub.add_parser("questionnaire", help=H["help"])
    s = p.add_subparsers(dest="q_command", required=True)
    c = s.add_parser("check", help=H["check"])
    c.add_argument("files", nargs="*", type=Path, help=H["check_files"])
    c.set_defaults(handler=_run(_check))
    a = s.add_parser("add", help=H["add"])
    a.add_argument("file", type=Path, help=H["add_file"])
    a.set_defaults(handler=_run(_add))
    s.add_parser("list", help=H["list"]).set_defaults(handler=_run(_list))
    la = s.add_parser("launch", help=H["launch"])
    la.add_argument("questionnaire", help=H["launch_id"])
    la.add_argument("--audience", default=None, help=H["audience"])
    la.add_argument("--closes", required=True, help=H["closes"])
    la.add_argument("--opens", default=None, help=H["opens"])
    la.add_argument("--reminders", default="3,1", help=H["reminders"])
    la.add_argument("--per-comune", action="store_true", help=H["per_comune"])
    la.set_defaults(handler=_run(_launch))
    for name, fn in (("status", _status), ("pending", _pending), ("remind", _remind), ("close", _close)):
        sp = s.add_parser(name, help=H[name])
        sp.add_argument("campaign", type=int, help=H["campaign"])
        if name == "pending":
            sp.add_argument("--sent", action="store_true", help=H["pending_sent"])
        sp.set_defaults(handler=_run(fn))
    ex = s.add_parser("extend", help=H["extend"])
    ex.add_argument("campaign", type=int, help=H["campaign"])
    ex.add_argument("--until", required=True, help=H["until"])
    ex.set_defaults(handler=_run(_extend))
    ro = s.add_parser("reopen", help=H["reopen"])
    ro.add_argument("campaign", type=int, help=H["campaign"])
    ro.add_argument("--person", type=int, required=True, help=H["person"])
    ro.set_defaults(handler=_run(_reopen))
    r = s.add_parser("results", help=H["results"])
    r.add_argument("campaign", type=int, help=H["campaign"])
    r.add_argument("--zone", help=H["zone"])
    r.add_argument("--role", help=H["role"])
    r.add_argument("--charts", type=Path, help=H["charts"])
    r.set_defaults(handler=_run(_results))
    e = s.add_parser("export", help=H["export"])
    e.add_argument("campaign", type=int, help=H["campaign"])
    e.add_argument("-o", "--output", type=Path, required=True, help=H["output"])
    e.add_argument("--named", action="store_true", help=H["named"])
    e.set_defaults(handler=_run(_export))


def _run(fn):
    """The command on the questionnaires' service over the configured database; a domain error is printed
    in Italian (exit 1), nothing changed."""
    def handler(settings, args) -> int:
        async def main() -> int:
            db = Database(settings.database_url)
            try:
                return await fn(QuestionnaireService(db, Clock(), settings), settings, args)
            except DomainError as exc:
                _err(T.CLI_ERROR.format(text=plain(text_for(exc))))
                return 1
            finally:
                await db.dispose()
        return asyncio.run(main())
    return handler


def _err(text: str) -> None:
    print(text, file=sys.stderr)


async def _check(service: QuestionnaireService, settings, args) -> int:
    files = args.files or sorted(registry.DATA_DIR.glob("*.y*ml"))
    bad = 0
    checked, compared = await service.check(files)
    if not compared:
        _err(T.CLI_NOT_COMPARED)
    for found in checked:
        if found.unreadable:
            print(T.CLI_UNREADABLE.format(path=found.path, reason=found.unreadable))
        elif found.problems:
            for problem in found.problems:  # each names its file (and line): shown with the file's folder
                print(Path(found.path).parent / str(problem))
        elif found.conflict:
            d = found.definition
            print(T.CLI_STORED_CONFLICT.format(path=found.path, id=d.id, version=d.version, next=d.version + 1))
        else:
            d = found.definition
            print(T.CLI_OK.format(path=found.path, id=d.id, version=d.version,
                                  questions=plural(len(d.questions), *T.PREVIEW_QUESTIONS)))
            continue
        bad += 1
    return 1 if bad else 0


async def _add(service: QuestionnaireService, settings, args) -> int:
    try:
        d, created = await service.add(args.file)
    except InvalidDefinition as exc:
        for problem in exc.problems:
            print(Path(args.file).parent / str(problem))
        _err(T.CLI_ADD_INVALID.format(path=args.file, problems=plural(len(exc.problems), *T.PROBLEMS)))
        return 1
    except OSError as exc:
        _err(T.CLI_UNREADABLE.format(path=args.file, reason=os_reason(exc)))
        return 1
    questions = plural(len(d.questions), *T.PREVIEW_QUESTIONS)
    print((T.CLI_ADDED if created else T.CLI_ALREADY).format(id=d.id, version=d.version, title=d.title,
                                                              questions=questions))
    return 0


async def _list(service: QuestionnaireService, settings, args) -> int:
    found, listed = await service.definitions()
    for key, a in found.items():
        d = a.definition
        print(T.CLI_DEFINITION.format(id=key, title=d.title, version=d.version,
                                      audience=T.DEFINITION_AUDIENCE.get(d.audience, d.audience),
                                      anonymous=T.CLI_ANONYMOUS if d.anonymous else "",
                                      source=T.CLI_STORED if a.stored else T.CLI_SHIPPED))
    now = service.clock.now()
    for item in listed:
        print(T.CLI_CAMPAIGN.format(id=item.campaign.id, title=item.title, opened=day(item.campaign.opens_at, service.tz),
                                    state=T.CLI_OPEN if item.campaign.closes_at > now else T.CLI_CLOSED))
    return 0


def audience_of(raw: str) -> Audience:
    """po | referenti | tutti | zone:<code> | comuni:<ISTAT,…> | tema:<code> | persone:<id,…>, joined by +."""
    parts = [_one_audience(p.strip()) for p in raw.split("+") if p.strip()]
    if not parts:
        raise ValueError(raw)
    return Audience.union(*parts)


def _one_audience(raw: str) -> Audience:
    kind, _, rest = raw.partition(":")
    values = tuple(v.strip() for v in rest.split(",") if v.strip())
    if not rest and raw in AUDIENCES:
        return Audience(AUDIENCES[raw])
    if kind in ("zone", "zona") and len(values) == 1:
        return Audience("zone_referents", zone_code=values[0])
    if kind == "comuni" and values:
        return Audience("comuni_referents", comune_codes=values)
    if kind == "tema" and len(values) == 1:
        return Audience("theme_po", theme_code=values[0])
    if kind in ("persone", "people") and values and all(v.isdigit() for v in values):
        return Audience("people", person_ids=tuple(int(v) for v in values))
    raise ValueError(raw)


def _date(raw: str) -> date:
    try:
        return datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        raise SystemExit(T.CLI_BAD_DATE.format(raw=raw)) from None


def _day_end(raw: str, tz) -> datetime:
    return datetime.combine(_date(raw), time(23, 59), tz)


async def _launch(service: QuestionnaireService, settings, args) -> int:
    try:
        audience = audience_of(args.audience) if args.audience else None
    except ValueError:
        _err(T.CLI_BAD_AUDIENCE.format(raw=args.audience))
        return 2
    tz = settings.timezone
    opens = datetime.combine(_date(args.opens), time(0, 0), tz) if args.opens else service.clock.now()
    offsets = [int(float(x) * 24 * 60) for x in args.reminders.split(",") if x.strip()]
    try:
        cid, n = await service.launch(args.questionnaire, audience, opens_at=opens,
                                      closes_at=_day_end(args.closes, tz), reminder_offsets=offsets,
                                      unit="comune" if args.per_comune else "person",
                                      launch_key=f"cli:{uuid.uuid4().hex[:16]}")
    except NotFound as exc:
        if exc.subject != "questionnaire":
            raise
        _err(T.CLI_NO_QUESTIONNAIRE.format(id=args.questionnaire))
        return 1
    print(T.CLI_LAUNCHED.format(id=cid, invites=plural(n, *T.INVITES)))
    return 0


async def _status(service: QuestionnaireService, settings, args) -> int:
    print((await service.status(args.campaign)).plain())
    return 0


async def _pending(service: QuestionnaireService, settings, args) -> int:
    print((await service.pending(args.campaign, sent=args.sent)).plain())
    return 0


async def _remind(service: QuestionnaireService, settings, args) -> int:
    queued = await service.remind(args.campaign)
    print(T.CLI_REMINDED.format(id=args.campaign, messages=plural(queued, *T.MESSAGES)))
    return 0


async def _extend(service: QuestionnaireService, settings, args) -> int:
    closes = await service.extend(args.campaign, _day_end(args.until, settings.timezone))
    print(T.CLI_EXTENDED.format(id=args.campaign, closes=day_at(closes, settings.timezone)))
    return 0


async def _close(service: QuestionnaireService, settings, args) -> int:
    closes = await service.close(args.campaign)
    print(T.CLI_CLOSED_NOW.format(id=args.campaign, closes=day_at(closes, settings.timezone)))
    return 0


async def _reopen(service: QuestionnaireService, settings, args) -> int:
    await service.reopen(args.campaign, args.person)
    print(T.CLI_REOPENED.format(id=args.campaign, person=args.person))
    return 0


async def _results(service: QuestionnaireService, settings, args) -> int:
    res = await service.results(args.campaign, zone_code=args.zone, role=args.role)
    step = report.Results(args.campaign)
    print(report.summary_view(res, step, "").plain())
    print()
    print(report.texts_view(res, step, "").plain())
    if args.charts:
        args.charts.mkdir(parents=True, exist_ok=True)
        for n, qr in enumerate(res.questions, 1):
            if charts.chartable(qr):
                path = args.charts / f"{res.definition.id}-{args.campaign}-q{n}-{qr.question.id}.png"
                path.write_bytes(charts.question_chart(n, qr))
                print(T.CLI_CHART.format(path=path))
    return 0


async def _export(service: QuestionnaireService, settings, args) -> int:
    res = await service.results(args.campaign, named=args.named)
    writer = export.to_csv if args.output.suffix.lower() == ".csv" else export.to_xlsx
    args.output.write_bytes(writer(res, settings.timezone))
    print(T.CLI_EXPORTED.format(path=args.output, responses=plural(res.completed, *T.COMPLETE_RESPONSES)))
    return 0
