"""The questionnaires' pages: the archive of campaigns (paged, searchable, as the chat's /risultati), one
campaign (figures overall and by zone, role and comune; a chart and the counts of each question; the free
text grouped, with every raw answer; who has not finished; «Sollecita ora»; the exports). Every figure comes
from QuestionnaireService, the chat's own use cases."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from bot.errors import BadInput, NotAllowed, NotFound, StaleAction
from bot.questionnaires import charts
from bot.questionnaires.service import WEB_PAGE
from bot.questionnaires.validate import fmt_number
from web.dashboard import bad_form, download, organiser, pages_for, posted, refused, valid, who_of
from web.frame import ctx, page

WORDS = 40  # characters of a search kept, as the chat


def page_number(request: Request) -> int:
    raw = request.query_params.get("pagina", "1")
    return max(1, min(int(raw), 10_000)) if raw.isascii() and raw.isdigit() and len(raw) <= 5 else 1


async def archive(request: Request):
    """GET /gestione/questionari[?q=parole&pagina=N]."""
    who, refusal = await organiser(request, "see_results")
    if refusal is not None:
        return refusal
    c = ctx(request)
    words = request.query_params.get("q", "")[:WORDS]
    number = page_number(request)
    service = c.services.questionnaires
    assert service is not None
    try:
        listed, total, shown = await service.archive_page(who_of(who), number - 1, words)
    except NotAllowed as exc:
        return await refused(request, who, exc)
    pages = max(1, -(-total // WEB_PAGE))
    return await page(request, "campaigns.html", private=True, nav="campaigns", pages=pages_for(who),
                      listed=listed, total=total, words=words, number=shown + 1, last=pages,
                      now=c.now, tz=c.settings.timezone)


def _questions(res) -> list[dict]:
    """What the page shows of each question: counts with shares (a bar each), numbers, grouped free text."""
    shown = []
    for n, qr in enumerate(res.questions, 1):
        item = {"n": n, "result": qr, "rows": [], "groups": [], "numbers": None}
        if qr.answered and qr.counts and charts.chartable(qr):
            item["rows"] = [(label, count, round(100 * count / qr.answered)) for label, count in qr.counts]
        if qr.numbers:
            item["numbers"] = {"min": fmt_number(min(qr.numbers)), "max": fmt_number(max(qr.numbers)),
                               "mean": fmt_number(round(sum(qr.numbers) / len(qr.numbers), 2))}
        if qr.texts:
            item["groups"] = [(g, [qr.texts[i] for i in g.members]) for g in qr.text_groups]
        shown.append(item)
    return shown


async def campaign(request: Request):
    """GET /gestione/questionari/<id>."""
    who, refusal = await organiser(request, "see_results")
    if refusal is not None:
        return refusal
    c = ctx(request)
    campaign_id = valid(request.path_params["id"])
    assert c.services.questionnaires is not None
    try:
        shown = await c.services.questionnaires.overview(who_of(who), campaign_id)
    except NotAllowed as exc:
        return await refused(request, who, exc)
    except NotFound:
        raise HTTPException(404) from None
    return await page(request, "campaign.html", private=True, nav="campaigns", pages=pages_for(who), o=shown,
                      res=shown.results, questions=_questions(shown.results), tz=c.settings.timezone)


async def remind(request: Request):
    """POST /gestione/questionari/<id>/sollecita (CSRF): the chat's «Sollecita ora», then what it did."""
    who, refusal = await organiser(request, "launch_questionnaire")
    if refusal is not None:
        return refusal
    c = ctx(request)
    campaign_id = valid(request.path_params["id"])
    fields = await posted(request, who)
    if fields is None:
        return await bad_form(request)
    assert c.services.questionnaires is not None
    try:
        queued = await c.services.questionnaires.remind_from_page(who_of(who), campaign_id, fields.get("nonce", ""))
    except NotAllowed as exc:
        return await refused(request, who, exc)
    except NotFound:
        raise HTTPException(404) from None
    except (BadInput, StaleAction):
        return await bad_form(request)
    return await page(request, "reminded.html", private=True, nav="campaigns", pages=pages_for(who),
                      queued=queued, campaign_id=campaign_id)


async def export(request: Request):
    """GET /gestione/questionari/<id>/esporta.<xlsx|csv>: the chat's export, as a download."""
    who, refusal = await organiser(request, "see_results")
    if refusal is not None:
        return refusal
    c = ctx(request)
    campaign_id = valid(request.path_params["id"])
    fmt = request.path_params["fmt"]
    if fmt not in ("xlsx", "csv"):
        raise HTTPException(404)
    assert c.services.questionnaires is not None
    try:
        file = await c.services.questionnaires.export(who_of(who), campaign_id, fmt)
    except NotAllowed as exc:
        return await refused(request, who, exc)
    except NotFound:
        raise HTTPException(404) from None
    return download(file)
