"""The audit log's page (the admins' /audit): filters by action, actor and days (Europe/Rome), a page at a
time, and the CSV of what the filters keep (formula-safe, its export itself logged)."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from starlette.requests import Request

from bot.errors import NotAllowed
from bot.people import audit, policy
from bot.people.service import AUDIT_WEB_PAGE, actor_label
from bot.texts import people as people_texts
from web.campaigns import page_number
from web.dashboard import download, organiser, pages_for, refused, who_of
from web.frame import ctx, page

WORD = re.compile(r"[A-Za-z0-9_.:-]{1,60}")  # an action («questionnaire.remind») or an actor label («cli»)
NOTHING = audit.Filters(action=" ")  # no action is a space: malformed filters show nothing, and say why


def _day(text: str) -> date | None:
    """gg/mm/aaaa (typed) or aaaa-mm-gg (a date field); ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    if len(text) > 10:
        raise ValueError(text)
    return datetime.strptime(text, "%d/%m/%Y" if "/" in text else "%Y-%m-%d").date()


def filters_of(request: Request) -> tuple[audit.Filters, dict[str, str]]:
    """The filters in the query string (ValueError: one is malformed), and the values to show back."""
    q = request.query_params
    raw = {"azione": q.get("azione", "")[:60], "chi": q.get("chi", "").strip()[:40], "dal": q.get("dal", "")[:10],
           "al": q.get("al", "")[:10]}
    tz = ctx(request).settings.timezone
    if raw["azione"] and not WORD.fullmatch(raw["azione"]):
        raise ValueError("azione")
    actor_id, label = None, ""
    if raw["chi"]:
        actor_id = policy.valid_id(raw["chi"])
        if actor_id is None:
            if raw["chi"].isdigit() or not WORD.fullmatch(raw["chi"]):
                raise ValueError("chi")
            label = raw["chi"]
    since, until = _day(raw["dal"]), _day(raw["al"])
    found = audit.Filters(action=raw["azione"], actor_id=actor_id, actor_label=label,
                          since=datetime.combine(since, time(), tz) if since else None,
                          until=datetime.combine(until + timedelta(days=1), time(), tz) if until else None)
    return found, raw


async def log(request: Request):
    """GET /gestione/registro[?azione=&chi=&dal=&al=&pagina=N]."""
    who, refusal = await organiser(request, "view_audit")
    if refusal is not None:
        return refusal
    c = ctx(request)
    try:
        filters, raw = filters_of(request)
    except ValueError:
        filters, raw, bad = NOTHING, {}, True  # matches nothing: the form says why
    else:
        bad = False
    number = page_number(request)
    assert c.services.people is not None
    try:
        found, actions = await c.services.people.audit_search(who_of(who), filters, (number - 1) * AUDIT_WEB_PAGE)
    except NotAllowed as exc:
        return await refused(request, who, exc)
    last = max(1, -(-found.total // AUDIT_WEB_PAGE))
    query = urlencode({k: v for k, v in raw.items() if v})
    return await page(request, "audit.html", private=True, nav="audit", pages=pages_for(who), found=found,
                      actions=actions, raw=raw, bad=bad, number=number, last=last, query=query,
                      labels=people_texts.AUDIT_ACTIONS, actor=actor_label,
                      tz=c.settings.timezone)


async def export(request: Request):
    """GET /gestione/registro.csv (with the page's filters)."""
    who, refusal = await organiser(request, "export_audit")
    if refusal is not None:
        return refusal
    c = ctx(request)
    try:
        filters, _ = filters_of(request)
    except ValueError:
        filters = NOTHING
    assert c.services.people is not None
    try:
        file = await c.services.people.audit_export_filtered(who_of(who), filters)
    except NotAllowed as exc:
        return await refused(request, who, exc)
    return download(file)
