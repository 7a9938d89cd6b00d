"""What the respondent sees: a question, the summary, the end; texts plus keyboard specs."""
from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from bot import timefmt
from bot.questionnaires import callbacks as cb
from bot.questionnaires import flow
from bot.questionnaires.definition import CATALOGUE_TYPES, Definition, Question
from bot.questionnaires.models import Answer, Response
from bot.questionnaires.validate import fmt_number
from bot.reply import Reply
from bot.texts import Markup, esc, render, shorten
from bot.texts import questionnaires as T

MAX_TEXT = 4000


def step(resp: Response, act: str, arg: Any = None) -> str:
    """Button data for an answering step: the campaign (never the response key, which must not leave the
    database: Telegram keeps button data) and the response revision, the step token that refuses old buttons."""
    return cb.step(resp.campaign_id, resp.rev, act, arg)


def show_answer(q: Question, row: Answer | None) -> str:
    """An answer in words (plain text, not escaped)."""
    if row is None or row.value is None or row.value == []:
        return T.SKIPPED
    value = row.value
    if q.type in CATALOGUE_TYPES:
        return ", ".join(row.labels or ([value] if isinstance(value, str) else value))
    if q.type == "multiple":
        parts = [(q.choice(v).label if q.choice(v) else v) for v in value]
        return ", ".join(parts) + (f": {row.other_text}" if row.other_text else "")
    if q.type in ("single", "yesno"):
        label = q.choice(value).label if q.choice(value) else str(value)
        return f"{label}: {row.other_text}" if row.other_text else label
    if q.type == "scale":
        return T.SCALE_OF.format(value=value)
    if q.type == "number":
        return fmt_number(value)
    if q.type == "date":
        return timefmt.day(date.fromisoformat(value))
    return str(value)


def _hint(q: Question, draft: dict) -> str:
    if draft.get("other") is not None:
        return render(T.ASK_OTHER, label=_other_label(q), max=200)
    if q.type == "text":
        return render(T.HINT_TEXT, max=q.max_length)
    if q.type == "number":
        if q.min is not None and q.max is not None:
            return render(T.HINT_NUMBER_RANGE, min=fmt_number(q.min), max=fmt_number(q.max))
        return T.HINT_NUMBER
    if q.type == "date":
        return T.HINT_DATE
    if q.type in ("comune", "service"):
        base = ""
        if draft.get("names"):
            base = render(T.SELECTED, items=", ".join(draft["names"].values()))
        if draft.get("cands"):
            return base + render(T.HINT_PICK, query=draft.get("query", ""))
        if q.multiple and draft.get("names"):
            return base + T.HINT_PICK_MORE
        return base + (T.HINT_COMUNE if q.type == "comune" else T.HINT_SERVICE)
    if q.is_multi:
        if q.min is not None and q.max is not None:
            return render(T.HINT_MULTIPLE_RANGE, min=int(q.min), max=int(q.max))
        return T.HINT_MULTIPLE
    return ""


def _other_label(q: Question) -> str:
    return next((c.label for c in q.options() if c.other), T.OTHER)


def question(d: Definition, resp: Response, q: Question, rows: Mapping[str, Answer], *,
             options: list[tuple[str, str]] | None = None, intro: bool = False, error: str | None = None,
             comune: str | None = None) -> Reply:
    """The current question with its buttons; `options` are the zones of a zona question; `comune` the comune
    a per-comune response answers for (said with the introduction)."""
    draft = resp.draft or {}
    n, total = flow.position(d, q.id, rows)
    text = render(T.INTRO, title=d.title, introduction=d.introduction) if intro else ""
    if intro and d.anonymous:  # said before the first question, not only after submitting
        text += T.ANONYMOUS
    if intro and comune:
        text += render(T.FOR_COMUNE, comune=comune)
    text += render(T.STEP_BARE if intro else T.STEP, title=d.title, n=n, total=total, label=q.label)
    if q.help:
        text += render(T.HELP, help=q.help)
    if not q.required:
        text += T.OPTIONAL
    if q.id in rows and not draft.get("cands") and not draft.get("names"):
        text += render(T.CURRENT, answer=show_answer(q, rows[q.id]))
    text += _hint(q, draft)
    if error:
        text = T.ERROR_LINE.format(error=esc(error)) + text
    return Reply(Markup(text), _keyboard(d, resp, q, rows, draft, options))


def _keyboard(d: Definition, resp: Response, q: Question, rows, draft: dict, options) -> list[list[dict]]:
    kb: list[list[dict]] = []
    if draft.get("other") is None:
        kb = _choice_rows(resp, q, draft, options)
    nav = []
    if flow.before(d, q.id, rows) is not None or draft.get("other") is not None:
        nav.append({"text": T.BUTTON_BACK, "data": step(resp, "b")})
    if not q.required:
        nav.append({"text": T.BUTTON_SKIP, "data": step(resp, "s")})
    return kb + ([nav] if nav else [])


def _choice_rows(resp: Response, q: Question, draft: dict, options) -> list[list[dict]]:
    if q.type in ("comune", "service"):
        rows = [[{"text": name[:60], "data": step(resp, "p", i)}] for i, (_, name) in enumerate(draft.get("cands") or [])]
        if q.multiple and draft.get("names"):
            rows += [[{"text": render(T.REMOVE, label=name[:58]), "data": step(resp, "x", i)}]
                     for i, name in enumerate(draft["names"].values())]
            rows.append([{"text": T.BUTTON_CONFIRM, "data": step(resp, "c")}])
        return rows
    items = [(code, name) for code, name in options] if q.type == "zona" else \
        [(c.value, c.label) for c in q.options()]
    selected = set(draft.get("sel") or [])
    act = "t" if q.is_multi else "a"
    buttons = [{"text": render(T.CHECK, label=label) if value in selected else label, "data": step(resp, act, i)}
               for i, (value, label) in enumerate(items)]
    if q.type == "scale":
        rows = [buttons]
    elif q.type == "yesno":
        rows = [buttons]
    else:
        rows = [[b] for b in buttons]
    if q.is_multi:
        rows.append([{"text": T.BUTTON_CONFIRM, "data": step(resp, "c")}])
    return rows


def summary(d: Definition, resp: Response, rows: Mapping[str, Answer]) -> Reply:
    """Every visible answer, numbered, with ✏️ buttons and «Invia»."""
    shown = flow.visible(d, rows)
    text = render(T.SUMMARY_HEAD, title=d.title)
    items = [render(T.SUMMARY_ITEM, n=n, label=shorten(q.label, 90), answer=shorten(show_answer(q, rows.get(q.id)), 160))
             for n, q in enumerate(shown, 1)]
    budget = MAX_TEXT - len(text) - len(T.SUMMARY_FOOT)
    for item in items:
        if len(item) > budget:
            text += "\n…"
            break
        text += item
        budget -= len(item)
    text += T.SUMMARY_FOOT
    edits = [{"text": render(T.BUTTON_EDIT, n=n), "data": step(resp, "e", d.index(q.id))} for n, q in enumerate(shown, 1)]
    kb = [[{"text": T.BUTTON_SEND, "data": step(resp, "v")}]]
    kb += [edits[i:i + 6] for i in range(0, len(edits), 6)]
    kb.append([{"text": T.BUTTON_BACK, "data": step(resp, "b")}])
    return Reply(Markup(text), kb)
