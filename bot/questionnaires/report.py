"""Results in the chat for organisers: the archive of campaigns (`q:A`, paged, searchable) and one campaign's
results (`q:R:<campaign>[:<filter>[:<action>]]`, all state in the button).

filter: `-` (all) | `z<zone id>` | `r<role>`; action: g charts, t grouped texts, x XLSX, c CSV,
fz / fr pick a filter, r<n> every raw answer of question n. Filtered, the figures are the filter's too.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.catalogue.models import Zone
from bot.catalogue.normalize import fold
from bot.errors import NotFound
from bot.people import audit, policy
from bot.people.models import ROLES, Person
from bot.questionnaires import callbacks as cb
from bot.questionnaires import campaigns, charts, export, results
from bot.questionnaires.callbacks import Results
from bot.questionnaires.validate import fmt_number
from bot.reply import File, Reply
from bot.texts import Markup, common, plural, render, shorten
from bot.texts import questionnaires as T

MAX = 3900
PAGE = 8


async def archive(session: AsyncSession, page: int, words: str, tz: ZoneInfo, now: datetime) -> Reply:
    """A page of the campaigns, newest first; `words` (folded) keep those whose title has them all."""
    words = " ".join(fold(words).split())[:40]
    total = await campaigns.count(session, words)
    if not total:
        return Reply(render(T.RESULTS_NOTHING_FOUND, query=words) if words else T.RESULTS_NONE)
    pages = -(-total // PAGE)
    page = min(page, pages - 1)
    listed = await campaigns.listing(session, PAGE, page * PAGE, words)
    rows = [[{"text": render(T.RESULTS_ITEM, title=shorten(item.title, 40), id=item.campaign.id,
                             opened=timefmt.day(item.campaign.opens_at, tz),
                             mark=T.RESULTS_OPEN_MARK if item.campaign.closes_at > now else T.RESULTS_CLOSED_MARK),
              "data": cb.results(item.campaign.id)}] for item in listed]
    move = ([{"text": common.PREV_PAGE, "data": cb.archive(page - 1, words)}] if page > 0 else []) + \
           ([{"text": common.NEXT_PAGE, "data": cb.archive(page + 1, words)}] if page < pages - 1 else [])
    text = render(T.RESULTS_PICK, campaigns=plural(total, *T.CAMPAIGNS),
                  query=render(T.RESULTS_QUERY, query=words) if words else "")
    if pages > 1:
        text += render(T.RESULTS_PAGE, page=page + 1, pages=pages)
    return Reply(text, rows + ([move] if move else []))


async def zone_id(session: AsyncSession, code: str) -> int:
    """The id of the zone with this code (NotFound: no such zone)."""
    found = await session.scalar(select(Zone.id).where(Zone.code == code))
    if found is None:
        raise NotFound("zone", code)
    return found


async def _filter(session: AsyncSession, code: str) -> tuple[dict, str]:
    if code.startswith("z"):
        zone = await session.get(Zone, int(code[1:]))
        if zone is None:
            raise NotFound("campaign", code)
        return {"zone_id": zone.id}, render(T.RESULTS_FILTER, what=render(T.FILTER_ZONE, zone=zone.name))
    if code.startswith("r") and code[1:] in ROLES:
        return {"role": code[1:]}, render(T.RESULTS_FILTER, what=render(T.FILTER_ROLE, role=T.ROLES[code[1:]]))
    return {}, ""


async def press(session: AsyncSession, person: Person, step: Results, *, tz: ZoneInfo,
                now: datetime) -> Reply:
    """One results screen (the policy was asked by the service)."""
    where, label = await _filter(session, step.filter)
    res = await results.compute(session, step.campaign, named=policy.can(person, "see_named_answers"), **where)
    if res is None:
        raise NotFound("campaign", step.campaign)
    if res.definition.anonymous and step.filter != "-":
        return Reply.toast_only(T.FILTER_ANONYMOUS, alert=True)
    action = step.action
    if action in ("fz", "fr"):
        return await _pick_filter(session, res, step.campaign, action)
    if action == "g":
        return chart_view(res)
    if action == "t":
        return texts_view(res, step, label)
    if action in ("x", "c"):
        data, ext = (export.to_xlsx(res, tz), "xlsx") if action == "x" else (export.to_csv(res, tz), "csv")
        await audit.record(session, person, "questionnaire.export", f"campaign:{step.campaign}",
                           {"format": ext, "named": res.named, "rows": res.completed}, now=now)
        caption = render(T.EXPORT_CAPTION, title=res.definition.title,
                         responses=plural(res.completed, *T.COMPLETE_RESPONSES))
        return Reply(files=(File(f"{res.definition.id}-{step.campaign}.{ext}", data, caption),))
    if action.startswith("r") and int(action[1:]) < len(res.questions):
        return raw_view(res.questions[int(action[1:])], step)
    return summary_view(res, step, label)


def head(res: results.Results, label: str) -> Markup:
    """The figures of the results (of the filter, when one is chosen): responses of invited, or comuni."""
    p = res.progress
    if res.per_comune:
        of = res.comuni_asked
        return render(T.RESULTS_HEAD_COMUNI, title=res.definition.title, filter=label, completed=res.completed,
                      of=of, rate=f"{res.completed / of:.0%}" if of else "0%", started=res.comuni_started)
    return render(T.RESULTS_HEAD, title=res.definition.title, filter=label, completed=res.completed,
                  invited=plural(p.total, *T.INVITED), rate=f"{res.completed / p.total:.0%}" if p.total else "0%", started=p.started)


def summary_view(res: results.Results, step: Results, label: str) -> Reply:
    text = head(res, label)
    for n, qr in enumerate(res.questions, 1):
        part = render(T.RESULTS_Q, n=n, label=qr.question.label, answers=plural(qr.answered, *T.ANSWERS))
        if not qr.answered:
            part += T.RESULTS_NO_ANSWERS
        elif qr.question.type == "text":
            part += render(T.RESULTS_TEXT, groups=plural(len(qr.groups), *T.GROUPS))
        elif qr.question.type == "number":
            nums = qr.numbers
            part += render(T.RESULTS_NUMBER, min=fmt_number(min(nums)), max=fmt_number(max(nums)),
                           mean=fmt_number(round(sum(nums) / len(nums), 2)))
        else:
            for opt, count in qr.counts[:12]:
                part += render(T.RESULTS_OPTION, label=opt, count=count, pct=qr.percent(count))
        if len(text) + len(part) > MAX:
            text += "\n…"
            break
        text += part
    c, f = step.campaign, step.filter
    rows = [[{"text": T.BUTTON_CHARTS, "data": cb.results(c, f, "g")}, {"text": T.BUTTON_TEXTS, "data": cb.results(c, f, "t")}],
            [{"text": T.BUTTON_XLSX, "data": cb.results(c, f, "x")}, {"text": T.BUTTON_CSV, "data": cb.results(c, f, "c")}]]
    if not res.definition.anonymous:
        rows.append([{"text": T.BUTTON_BY_ZONE, "data": cb.results(c, f, "fz")},
                     {"text": T.BUTTON_BY_ROLE, "data": cb.results(c, f, "fr")}])
    if label:
        rows.append([{"text": T.BUTTON_ALL, "data": cb.results(c, "-")}])
    rows.append([{"text": T.BUTTON_STATUS, "data": cb.status(c)}])
    return Reply(text, rows)


async def _pick_filter(session: AsyncSession, res: results.Results, campaign_id: int, action: str) -> Reply:
    if res.definition.anonymous:
        return Reply.toast_only(T.FILTER_ANONYMOUS, alert=True)
    if action == "fz":
        zones = (await session.execute(select(Zone.id, Zone.name).order_by(Zone.name))).all()
        rows = [[{"text": name, "data": cb.results(campaign_id, f"z{zid}")}] for zid, name in zones]
    else:
        rows = [[{"text": T.ROLES[r], "data": cb.results(campaign_id, f"r{r}")}] for r in ROLES]
    return Reply(head(res, ""), rows)


def chart_view(res: results.Results) -> Reply:
    files = tuple(File(f"q{n}.png", charts.question_chart(n, qr), render(T.CHART_CAPTION, n=n, label=qr.question.label[:900]),
                       photo=True)
                  for n, qr in enumerate(res.questions, 1) if charts.chartable(qr))
    return Reply(files=files) if files else Reply.toast_only(T.CHARTS_NONE, alert=True)


def texts_view(res: results.Results, step: Results, label: str) -> Reply:
    text = render(T.TEXTS_HEAD, title=res.definition.title, filter=label)
    rows, any_text = [], False
    for n, qr in enumerate(res.questions):
        if not qr.texts:
            continue
        any_text = True
        part = render(T.TEXTS_Q, label=qr.question.label)
        for shown, count in qr.groups[:15]:
            part += render(T.TEXTS_GROUP, text=shown[:200], answers=plural(count, *T.ANSWERS)) if count > 1 \
                else render(T.TEXTS_GROUP_ONE, text=shown[:200])
        if len(text) + len(part) <= MAX:
            text += part
        rows.append([{"text": render(T.BUTTON_RAW, label=qr.question.label[:50]),
                      "data": cb.results(step.campaign, step.filter, f"r{n}")}])
    if not any_text:
        text += T.TEXTS_NONE
    return Reply(text, rows)


def raw_view(qr: results.QuestionResult, step: Results) -> Reply:
    text = render(T.RAW_HEAD, label=qr.question.label, n=len(qr.texts))
    for answer, name in qr.texts:
        text += render(T.RAW_ITEM_NAMED, name=name, text=answer) if name else render(T.RAW_ITEM, text=answer)
    return Reply(text, [[{"text": T.BUTTON_TEXTS, "data": cb.results(step.campaign, step.filter, "t")}]])
