"""Results in the chat for organisers: `q:R:<campaign>[:<filter>[:<action>]]`, all state in the button.

filter: `-` (all) | `z<zone id>` | `r<role>`; action: g charts, t grouped texts, x XLSX, c CSV,
fz / fr pick a filter, r<n> every raw answer of question n.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Zone
from bot.people import policy
from bot.people.models import ROLES, Person
from bot.questionnaires import charts, export, results
from bot.questionnaires.models import Campaign, QuestionnaireVersion
from bot.questionnaires.validate import fmt_number
from bot.questionnaires.views import View
from bot.texts import questionnaires as T
from bot.texts import render

MAX = 3900


async def menu(session: AsyncSession, tz: ZoneInfo) -> View:
    rows = (await session.execute(select(Campaign.id, Campaign.opens_at, QuestionnaireVersion.title)
                                  .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.version_id)
                                  .order_by(Campaign.id.desc()).limit(10))).all()
    if not rows:
        return View(T.RESULTS_NONE)
    kb = [[{"text": render(T.RESULTS_ITEM, title=title[:40], opened=opened.astimezone(tz).strftime("%d/%m/%Y")),
            "data": f"q:R:{cid}"}] for cid, opened, title in rows]
    return View(T.RESULTS_PICK, kb)


async def _filter(session: AsyncSession, code: str) -> tuple[dict, str]:
    if code.startswith("z") and code[1:].isdigit():
        zone = await session.get(Zone, int(code[1:]))
        if zone is not None:
            return {"zone_id": zone.id}, render(T.RESULTS_FILTER, what=render(T.FILTER_ZONE, zone=zone.name))
    if code.startswith("r") and code[1:] in ROLES:
        return {"role": code[1:]}, render(T.RESULTS_FILTER, what=render(T.FILTER_ROLE, role=T.ROLES[code[1:]]))
    return {}, ""


async def press(session: AsyncSession, person: Person, data: str, *, now: datetime, tz: ZoneInfo) -> View:
    parts = data.split(":")
    if len(parts) < 3 or not parts[2].isdigit():
        return View(toast=T.UNKNOWN_QUESTIONNAIRE)
    cid, code = int(parts[2]), (parts[3] if len(parts) > 3 else "-")
    action = parts[4] if len(parts) > 4 else ""
    where, label = await _filter(session, code)
    res = await results.compute(session, cid, named=policy.can(person, "see_named_answers"), **where)
    if res is None:
        return View(toast=T.UNKNOWN_QUESTIONNAIRE)
    base = f"q:R:{cid}:{code}"
    if action in ("fz", "fr"):
        return await _pick_filter(session, res, cid, action)
    if action == "g":
        return chart_view(res)
    if action == "t":
        return texts_view(res, base, label)
    if action in ("x", "c"):
        data_, name = (export.to_xlsx(res, tz), "xlsx") if action == "x" else (export.to_csv(res, tz), "csv")
        caption = render(T.EXPORT_CAPTION, title=res.definition.title, n=res.completed)
        return View(toast="", files=[("document", f"{res.definition.id}-{cid}.{name}", data_, caption)])
    if action.startswith("r") and action[1:].isdigit() and int(action[1:]) < len(res.questions):
        return raw_view(res.questions[int(action[1:])], base)
    return summary_view(res, base, label, tz)


def summary_view(res: results.Results, base: str, label: str, tz: ZoneInfo) -> View:
    p = res.progress
    text = render(T.RESULTS_HEAD, title=res.definition.title, filter=label, completed=res.completed,
                  total=p.total, rate=f"{p.rate:.0%}", started=p.started)
    for n, qr in enumerate(res.questions, 1):
        part = render(T.RESULTS_Q, n=n, label=qr.question.label, answered=qr.answered)
        if not qr.answered:
            part += T.RESULTS_NO_ANSWERS
        elif qr.question.type == "text":
            part += render(T.RESULTS_TEXT, groups=len(qr.groups))
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
    kb = [[{"text": T.BUTTON_CHARTS, "data": f"{base}:g"}, {"text": T.BUTTON_TEXTS, "data": f"{base}:t"}],
          [{"text": T.BUTTON_XLSX, "data": f"{base}:x"}, {"text": T.BUTTON_CSV, "data": f"{base}:c"}]]
    if not res.definition.anonymous:
        kb.append([{"text": T.BUTTON_BY_ZONE, "data": f"{base}:fz"}, {"text": T.BUTTON_BY_ROLE, "data": f"{base}:fr"}])
    if label:
        kb.append([{"text": T.BUTTON_ALL, "data": base.rsplit(":", 1)[0] + ":-"}])
    return View(text, kb)


async def _pick_filter(session: AsyncSession, res: results.Results, cid: int, action: str) -> View:
    if res.definition.anonymous:
        return View(toast=T.FILTER_ANONYMOUS, alert=True)
    if action == "fz":
        zones = (await session.execute(select(Zone.id, Zone.name).order_by(Zone.name))).all()
        kb = [[{"text": name, "data": f"q:R:{cid}:z{zid}"}] for zid, name in zones]
    else:
        kb = [[{"text": T.ROLES[r], "data": f"q:R:{cid}:r{r}"}] for r in ROLES]
    return View(render(T.RESULTS_HEAD, title=res.definition.title, filter="", completed=res.completed,
                       total=res.progress.total, rate=f"{res.progress.rate:.0%}", started=res.progress.started), kb)


def chart_view(res: results.Results) -> View:
    files = [("photo", f"q{n}.png", charts.question_chart(n, qr),
              render(T.CHART_CAPTION, n=n, label=qr.question.label[:900]))
             for n, qr in enumerate(res.questions, 1) if charts.chartable(qr)]
    return View(toast="", files=files) if files else View(toast=T.CHARTS_NONE, alert=True)


def texts_view(res: results.Results, base: str, label: str) -> View:
    text = render(T.TEXTS_HEAD, title=res.definition.title, filter=label)
    kb, any_text = [], False
    for n, qr in enumerate(res.questions):
        if not qr.texts:
            continue
        any_text = True
        part = render(T.TEXTS_Q, label=qr.question.label)
        for shown, count in qr.groups[:15]:
            part += render(T.TEXTS_GROUP if count > 1 else T.TEXTS_GROUP_ONE, text=shown[:200], count=count)
        if len(text) + len(part) <= MAX:
            text += part
        kb.append([{"text": render(T.BUTTON_RAW, label=qr.question.label[:50]), "data": f"{base}:r{n}"}])
    if not any_text:
        text += T.TEXTS_NONE
    return View(text, kb)


def raw_view(qr: results.QuestionResult, base: str) -> View:
    text = render(T.RAW_HEAD, label=qr.question.label, n=len(qr.texts))
    for answer, name in qr.texts:
        item = render(T.RAW_ITEM_NAMED, name=name, text=answer) if name else render(T.RAW_ITEM, text=answer)
        text += item  # long lists are split over several messages by the handler
    return View(text, [[{"text": T.BUTTON_TEXTS, "data": f"{base}:t"}]])
