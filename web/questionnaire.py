"""Questionnaires answered on the web: /q/<token>, a personal link (bot/questionnaires/weblinks.py).

The page is the chat's engine seen through a form: GET opens or resumes the link's campaign as «Rispondi»
does in the chat (the same invitation, the same response); every POST sends back the verb of the chat's
button it stands for (the step data, carrying the response's revision), or a typed text for the step of
revision `rev`, to QuestionnaireService.web_submit. Nothing is decided here: what a step shows is the
engine's StepView/SummaryView (bot/questionnaires/views.py), validation, conditions, the comune and service
search, anonymity and per-comune shares are the engine's. Works without JavaScript.

The personal token in the URL is the credential (never logged, never sent in a Referer: the pages set
`Referrer-Policy: no-referrer`); the revision in every form is what refuses a stale one.
"""
from __future__ import annotations

from starlette.requests import Request

from bot.errors import NotAllowed, NotFound
from bot.questionnaires.validate import fmt_number
from bot.questionnaires.views import StartView, StepReply, StepView, SummaryView
from bot.reply import Reply
from bot.texts import questionnaires as QT
from bot.texts import render
from bot.texts import web_questionnaires as W
from web.frame import ctx, form_lists, page


def hint(v: StepView) -> str:
    """What the page says under a question about the answer it expects (plain text)."""
    q = v.question
    if v.other is not None:
        return ""
    if q.type == "text":
        return W.HINT_TEXT.format(max=q.max_length)
    if q.type == "number":
        if q.min is not None and q.max is not None:
            return W.HINT_NUMBER_RANGE.format(min=fmt_number(q.min), max=fmt_number(q.max))
        return W.HINT_NUMBER
    if q.type == "date":
        return W.HINT_DATE
    if q.type in ("comune", "service"):
        return W.SEARCH_MORE if v.chosen else W.SEARCH_HINT
    if q.is_multi:
        if q.min is not None and q.max is not None:
            return W.HINT_MULTIPLE_RANGE.format(min=int(q.min), max=int(q.max))
        return W.HINT_MULTIPLE
    return ""


async def _show(request: Request, reply: Reply):
    view = reply.view if isinstance(reply, StepReply) else None
    token = request.path_params["token"]
    values = {"token": token, "W": W, "QT": QT}
    if isinstance(view, StepView):
        return await page(request, "questionnaire.html", 200, private=True, view=view, hint=hint(view),
                          anonymous=QT.ANONYMOUS, for_comune=render(QT.FOR_COMUNE, comune=view.comune or ""),
                          **values)
    if isinstance(view, StartView):
        return await page(request, "questionnaire_start.html", 200, private=True, view=view, anonymous=QT.ANONYMOUS,
                          per_comune=QT.INVITATION_COMUNE, **values)
    if isinstance(view, SummaryView):
        return await page(request, "questionnaire_summary.html", 200, private=True, view=view, **values)
    text = reply.text or reply.toast
    return await page(request, "questionnaire_message.html", 200, private=True, text=text, rows=reply.rows or [],
                      **values)


async def _not_found(request: Request):
    return await page(request, "message.html", 404, private=True, title=W.NOT_FOUND_TITLE, text=W.NOT_FOUND_TEXT)


async def open_page(request: Request):
    """GET /q/<token>: the current step of the person's response (started if new)."""
    service = ctx(request).services.questionnaires
    assert service is not None
    try:
        reply = await service.web_open(request.path_params["token"])
    except (NotFound, NotAllowed):
        return await _not_found(request)
    return await _show(request, reply)


async def submit(request: Request):
    """POST /q/<token>: one step (a choice, a typed answer, a search, «Indietro», «Salta», «Invia» …)."""
    service = ctx(request).services.questionnaires
    assert service is not None
    fields = await form_lists(request)

    def one(name: str) -> str | None:
        return fields[name][0] if name in fields else None

    try:
        reply = await service.web_submit(request.path_params["token"], one("data") or "", one("rev") or "",
                                         text=one("text"), other=one("other"), chosen=fields.get("sel"))
    except (NotFound, NotAllowed):
        return await _not_found(request)
    return await _show(request, reply)
