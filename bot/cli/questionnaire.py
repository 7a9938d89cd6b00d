"""`zobot questionnaire check|list|launch|status|results|export`."""
from __future__ import annotations

import asyncio
import html
import re
import sys
import uuid
from datetime import datetime, time
from pathlib import Path

from bot.db.engine import Database
from bot.errors import BadDates
from bot.people.audience import Audience
from bot.questionnaires import campaigns, charts, export, launcher, registry, report, results
from bot.questionnaires.definition import InvalidDefinition, load_file


def add_parser(sub) -> None:
    p = sub.add_parser("questionnaire", help="questionnaires: check definitions, launch, results, export")
    s = p.add_subparsers(dest="q_command", required=True)
    c = s.add_parser("check", help="validate questionnaire YAML files (default: the shipped ones)")
    c.add_argument("files", nargs="*", type=Path)
    c.set_defaults(handler=_check)
    s.add_parser("list", help="shipped questionnaires and launched campaigns").set_defaults(handler=_run(_list))
    la = s.add_parser("launch", help="launch a shipped questionnaire to an audience")
    la.add_argument("questionnaire", help="id of a file in catalogue_data/questionnaires")
    la.add_argument("--audience", default=None,
                    help="po | referenti | tutti | zone:<zone code> | people:<id,id,…> (default: the file's)")
    la.add_argument("--closes", required=True, help="closing date YYYY-MM-DD (end of that day, local time)")
    la.add_argument("--opens", default=None, help="opening date YYYY-MM-DD (default: now)")
    la.add_argument("--reminders", default="3,1", help="days before closing for reminders, e.g. 3,1 (none: '')")
    la.set_defaults(handler=_run(_launch))
    st = s.add_parser("status", help="invited / started / completed of a campaign")
    st.add_argument("campaign", type=int)
    st.set_defaults(handler=_run(_status))
    r = s.add_parser("results", help="response rate, counts per question, grouped free text")
    r.add_argument("campaign", type=int)
    r.add_argument("--zone", help="zone code: only respondents of that zone")
    r.add_argument("--role", help="po | referente | organizzatore | admin")
    r.add_argument("--charts", type=Path, help="write one PNG bar chart per question into this folder")
    r.set_defaults(handler=_run(_results))
    e = s.add_parser("export", help="one row per response, CSV or XLSX (by the file extension)")
    e.add_argument("campaign", type=int)
    e.add_argument("-o", "--output", type=Path, required=True)
    e.add_argument("--named", action="store_true", help="add name and role (never for anonymous questionnaires)")
    e.set_defaults(handler=_run(_export))


def _check(settings, args) -> int:
    files = args.files or sorted(registry.DATA_DIR.glob("*.y*ml"))
    bad = 0
    for path in files:
        try:
            d = load_file(path)
        except InvalidDefinition as exc:
            bad += 1
            for problem in exc.problems:  # each names its file (and line): shown with the file's folder
                print(Path(path).parent / str(problem))
        except OSError as exc:
            bad += 1
            print(f"{path}: cannot read: {exc.strerror}")
        else:
            print(f"{path}: ok — {d.id} v{d.version}, {len(d.questions)} questions")
    return 1 if bad else 0


def _run(fn):
    def handler(settings, args) -> int:
        async def main() -> int:
            db = Database(settings.database_url)
            try:
                return await fn(db, settings, args)
            finally:
                await db.dispose()
        return asyncio.run(main())
    return handler


def plain(text: str) -> str:
    """Chat HTML to terminal text."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def _list(db, settings, args) -> int:
    for key, d in registry.available().items():
        print(f"{key}: {d.title} (v{d.version}, {d.audience}{', anonimo' if d.anonymous else ''})")
    async with db.session() as s:
        view = await report.menu(s, settings.timezone)
    for row in view.keyboard or []:
        print(f"campaign {row[0]['data'].split(':')[2]}: {row[0]['text']}")
    return 0


def _audience(raw: str) -> Audience:
    if raw in launcher.AUD_BY_DEFINITION:
        return Audience(launcher.AUD_KIND[launcher.AUD_BY_DEFINITION[raw]])
    if raw.startswith("zone:"):
        return Audience("zone_referents", zone_code=raw[5:])
    if raw.startswith("people:"):
        return Audience("people", person_ids=tuple(int(x) for x in raw[7:].split(",") if x))
    raise SystemExit(f"zobot: unknown audience {raw!r}: use po, referenti, tutti, zone:<code> or people:<ids>")


def _day_end(text: str, tz) -> datetime:
    return datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time(23, 59), tz)


async def _launch(db, settings, args) -> int:
    d = registry.available().get(args.questionnaire)
    if d is None:
        print(f"zobot: no valid questionnaire {args.questionnaire!r}; see `zobot questionnaire list`", file=sys.stderr)
        return 1
    now = datetime.now(settings.timezone)
    opens = datetime.combine(datetime.strptime(args.opens, "%Y-%m-%d").date(), time(0, 0), settings.timezone) \
        if args.opens else now
    offsets = [int(float(x) * 24 * 60) for x in args.reminders.split(",") if x.strip()]
    try:
        async with db.session() as s:
            campaign, n = await campaigns.launch(
                s, d, _audience(args.audience or d.audience), opens_at=opens,
                closes_at=_day_end(args.closes, settings.timezone), created_by=None,
                launch_key=f"cli:{uuid.uuid4().hex[:16]}", now=now, reminder_offsets=offsets, tz=settings.timezone,
                actor="cli")
    except BadDates:
        print("zobot: --closes must be after the opening and in the future; nothing launched", file=sys.stderr)
        return 1
    print(f"campaign {campaign.id}: {n} invitations queued in the outbox")
    return 0


async def _status(db, settings, args) -> int:
    async with db.session() as s:
        view = await launcher.status(s, args.campaign, settings.timezone)
    print(plain(view.text or view.toast))
    return 0 if view.text else 1


async def _results(db, settings, args) -> int:
    async with db.session() as s:
        where = {}
        if args.zone:
            from sqlalchemy import select

            from bot.catalogue.models import Zone
            where["zone_id"] = await s.scalar(select(Zone.id).where(Zone.code == args.zone))
        if args.role:
            where["role"] = args.role
        res = await results.compute(s, args.campaign, **where)
    if res is None:
        print(f"zobot: no campaign {args.campaign}", file=sys.stderr)
        return 1
    print(plain(report.summary_view(res, "", "", settings.timezone).text))
    print()
    print(plain(report.texts_view(res, "", "").text))
    if args.charts:
        args.charts.mkdir(parents=True, exist_ok=True)
        for n, qr in enumerate(res.questions, 1):
            if charts.chartable(qr):
                path = args.charts / f"{res.definition.id}-{args.campaign}-q{n}-{qr.question.id}.png"
                path.write_bytes(charts.question_chart(n, qr))
                print(f"chart: {path}")
    return 0


async def _export(db, settings, args) -> int:
    async with db.session() as s:
        res = await results.compute(s, args.campaign, named=args.named)
    if res is None:
        print(f"zobot: no campaign {args.campaign}", file=sys.stderr)
        return 1
    writer = export.to_csv if args.output.suffix.lower() == ".csv" else export.to_xlsx
    args.output.write_bytes(writer(res, settings.timezone))
    print(f"{args.output}: {res.completed} responses")
    return 0
