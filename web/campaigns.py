"""The questionnaires' pages: the archive of campaigns (paged, searchable, as the chat's /risultati), one
campaign (figures overall and by zone, role and comune; a chart and the counts of each question; the free
text grouped, with every raw answer; who has not finished; «Sollecita ora»; the exports). Every figure comes
from QuestionnaireService, the chat's own use cases."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from bot.errors import BadInput, StaleAction
from bot.questionnaires import charts
from bot.questionnaires.service import WEB_PAGE
from bot.questionnaires.validate import fmt_number
from web.dashboard import Visit, bad_form, download, organiser_page, posted

WORDS = 40  # characters of a search kept, as the chat


def page_number(request: Request) -> int:
    raw = request.query_params.get("pagina", "1")
    return max(1, min(int(raw), 10_000)) if raw.isascii() and raw.isdigit() and len(raw) <= 5 else 1


@organiser_page("see_results")
async def archive(visit: Visit):
    """GET /gestione/questionari[?q=parole&pagina=N]."""
    words = visit.request.query_params.get("q", "")[:WORDS]
    number = page_number(visit.request)
    assert visit.services.questionnaires is not None
    listed, total, shown = await visit.services.questionnaires.archive_page(visit.who, number - 1, words)
    pages = max(1, -(-total // WEB_PAGE))
    return await visit.show("campaigns.html", "campaigns", listed=listed, total=total, words=words,
                            number=shown + 1, last=pages, now=visit.c.now)


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


@organiser_page("see_results")
async def campaign(visit: Visit):
    """GET /gestione/questionari/<id>."""
    assert visit.services.questionnaires is not None
    shown = await visit.services.questionnaires.overview(visit.who, visit.id())
    return await visit.show("campaign.html", "campaigns", o=shown, res=shown.results,
                            questions=_questions(shown.results))


@organiser_page("launch_questionnaire")
async def remind(visit: Visit):
    """POST /gestione/questionari/<id>/sollecita (CSRF): the chat's «Sollecita ora», then what it did."""
    campaign_id = visit.id()
    fields = await posted(visit.request, visit.visitor)
    if fields is None:
        return await bad_form(visit.request)
    assert visit.services.questionnaires is not None
    try:
        queued = await visit.services.questionnaires.remind_from_page(visit.who, campaign_id, fields.get("nonce", ""))
    except (BadInput, StaleAction):
        return await bad_form(visit.request)
    return await visit.show("reminded.html", "campaigns", queued=queued, campaign_id=campaign_id)


@organiser_page("see_results")
async def export(visit: Visit):
    """GET /gestione/questionari/<id>/esporta.<xlsx|csv>: the chat's export, as a download."""
    campaign_id = visit.id()
    fmt = visit.request.path_params["fmt"]
    if fmt not in ("xlsx", "csv"):
        raise HTTPException(404)
    assert visit.services.questionnaires is not None
    return download(await visit.services.questionnaires.export(visit.who, campaign_id, fmt))
