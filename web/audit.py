"""The audit log's page (the admins' /audit): filters by action, actor and days (Europe/Rome), a page at a
time, and the CSV of what the filters keep (formula-safe, its export itself logged)."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from starlette.requests import Request

from bot.people import audit, policy
from bot.people.service import AUDIT_WEB_PAGE, actor_label
from bot.texts import people as people_texts
from web.campaigns import page_number
from web.dashboard import Visit, download, organiser_page
from web.frame import ctx

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


@organiser_page("view_audit")
async def log(visit: Visit):
    """GET /gestione/registro[?azione=&chi=&dal=&al=&pagina=N]."""
    try:
        filters, raw = filters_of(visit.request)
    except ValueError:
        filters, raw, bad = NOTHING, {}, True  # matches nothing: the form says why
    else:
        bad = False
    number = page_number(visit.request)
    assert visit.services.people is not None
    found, actions = await visit.services.people.audit_search(visit.who, filters, (number - 1) * AUDIT_WEB_PAGE)
    last = max(1, -(-found.total // AUDIT_WEB_PAGE))
    query = urlencode({k: v for k, v in raw.items() if v})
    return await visit.show("audit.html", "audit", found=found, actions=actions, raw=raw, bad=bad, number=number,
                            last=last, query=query, labels=people_texts.AUDIT_ACTIONS, actor=actor_label)


@organiser_page("export_audit")
async def export(visit: Visit):
    """GET /gestione/registro.csv (with the page's filters)."""
    try:
        filters, _ = filters_of(visit.request)
    except ValueError:
        filters = NOTHING
    assert visit.services.people is not None
    return download(await visit.services.people.audit_export_filtered(visit.who, filters))
